/**
 * The WER stores Windows Node finds by itself in the prefix: the machine's under
 * C:\ProgramData and the Wine user's under %LOCALAPPDATA%. Each test file starts them empty.
 */
import { rm } from 'node:fs/promises';
import { win32 } from 'node:path';
import type { BuiltReport } from '../../support/store-builder';
import { MACHINE_WER, type WindowsLane, linuxPath, userWer } from './wine-lane';

/** A WER folder (holding ReportQueue and ReportArchive) as Windows and as the test see it. */
export interface LaneWer {
  readonly windows: string;
  readonly linux: string;
}

/** The default stores' WER folders of the lane. */
export interface LaneStores {
  readonly machine: LaneWer;
  readonly user: LaneWer;
}

/** Empties the machine's and the user's WER folders (tests write there as a crashing app's WER would). */
export async function resetStores(lane: WindowsLane): Promise<LaneStores> {
  const stores = {
    machine: { windows: MACHINE_WER, linux: linuxPath(lane, MACHINE_WER) },
    user: { windows: userWer(lane), linux: linuxPath(lane, userWer(lane)) },
  };
  for (const wer of Object.values(stores)) await rm(wer.linux, { recursive: true, force: true });
  return stores;
}

/** Where Windows must say a built report is: the WER folder's store, then the report's folder name. */
export function windowsFolder(wer: LaneWer, report: Pick<BuiltReport, 'store' | 'spec'>): string {
  return win32.join(wer.windows, report.store, report.spec.folderName);
}
