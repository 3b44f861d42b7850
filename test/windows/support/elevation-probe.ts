/**
 * Bundled into one script (elevation.test.ts) and run by Windows Node in Wine: what the core's
 * elevation check answers there, how long it took, and the whoami output it had to go on.
 */
import { execFileSync } from 'node:child_process';
import { win32 } from 'node:path';
import { checkElevation } from '../../../electron/main/core/app/elevation';

/** What the probe prints, as one JSON object. */
export interface ElevationProbe {
  readonly elevated: boolean | null;
  readonly ms: number;
  readonly whoami: string;
}

async function probe(): Promise<ElevationProbe> {
  const started = Date.now();
  const elevated = await checkElevation();
  const ms = Date.now() - started;
  // The same program and arguments again, so the test can tell a parse from a failure to run it.
  const whoami = execFileSync(win32.join(process.env.SystemRoot ?? 'C:\\Windows', 'System32', 'whoami.exe'), ['/groups', '/fo', 'csv', '/nh'], {
    encoding: 'utf8',
    windowsHide: true,
  });
  return { elevated, ms, whoami };
}

void probe().then((result) => process.stdout.write(JSON.stringify(result)));
