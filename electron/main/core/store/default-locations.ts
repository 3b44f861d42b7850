import type { StoreLocation } from '../../../../shared/store-model';
import { ensureSampleStore } from '../sample/sample-store';
import { type MachineInfo, windowsStoreLocations } from './discover-stores';

/** The current machine as store discovery sees it. */
export function currentMachine(): MachineInfo {
  return { platform: process.platform, env: process.env };
}

/**
 * What to scan when the user names nothing: the machine's WER stores on Windows, the bundled
 * sample store elsewhere (generated on first use) so a newcomer sees realistic data at once.
 */
export async function defaultLocations(
  machine: MachineInfo = currentMachine(),
  sampleDir?: string,
): Promise<StoreLocation[]> {
  if (machine.platform === 'win32') return windowsStoreLocations(machine);
  const path = await ensureSampleStore(sampleDir);
  return [{ path, scope: 'sample', label: 'Sample store (generated; not this machine\u2019s reports)' }];
}
