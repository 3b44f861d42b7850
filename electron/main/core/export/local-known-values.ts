import { hostname, userInfo } from 'node:os';
import type { KnownValue } from '../../../../shared/export-model';

/**
 * This machine's own names, to redact besides what the reports reveal. On Windows a bundle is
 * usually made on the machine that crashed; elsewhere the reports come from other machines, so
 * nothing is added.
 */
export function localKnownValues(platform: string = process.platform, env: NodeJS.ProcessEnv = process.env): KnownValue[] {
  if (platform !== 'win32') return [];
  const values: KnownValue[] = [{ category: 'machine', value: hostname() }];
  try {
    values.push({ category: 'user', value: userInfo().username });
  } catch {
    // No user entry (a service account without a profile): nothing to add.
  }
  if (env.USERDOMAIN) values.push({ category: 'domain', value: env.USERDOMAIN });
  return values;
}
