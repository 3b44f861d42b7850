/**
 * The tray's report count, over the recording `electron` stand-in and a fake core: it comes from
 * the library's count() (never a sorted copy of every report) and is refreshed only after events
 * that can change it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerEvent } from '../../../shared/wer-api';
import type { AppCore } from '../../../electron/main/core/app/app-core';
import type { WindowAccess } from '../../../electron/main/app-menu';
import { REPO_ROOT } from '../../support/built';
import { type Recorded, recordingElectron } from './support/recording-electron';

describe('tray', () => {
  let userData: string;
  beforeEach(() => {
    userData = mkdtempSync(join(tmpdir(), 'wer-tray-'));
  });
  afterEach(() => {
    jest.resetModules();
    rmSync(userData, { recursive: true, force: true });
  });

  it('shows count() as the tooltip and recounts after added, removed and reset only', async () => {
    const { electron, recorded } = recordingElectron(userData, REPO_ROOT) as { electron: unknown; recorded: Recorded };
    jest.doMock('electron', () => electron);
    const { installTray } = require('../../../electron/main/tray') as typeof import('../../../electron/main/tray');
    let reports = 7;
    const count = jest.fn(() => reports);
    let listener: (event: WerEvent) => void = () => undefined;
    const library = {
      count,
      reports: () => {
        throw new Error('the tray must not copy every report to count them');
      },
    };
    const core = { host: { library: () => library, subscribe: (l: (event: WerEvent) => void) => ((listener = l), () => undefined) } } as unknown as AppCore;
    const stop = installTray(Promise.resolve(core), { show: async () => undefined } as unknown as WindowAccess, () => undefined);
    await new Promise((r) => setImmediate(r));
    const tray = recorded.trays[0];
    expect(tray?.tooltip).toBe('WER Explorer — 7 reports');
    expect(count).toHaveBeenCalledTimes(1);

    const report = { id: 'x' } as never;
    listener({ kind: 'updated', report, summary: '', previousFolder: null });
    expect(count).toHaveBeenCalledTimes(1);
    reports = 8;
    listener({ kind: 'added', report, summary: '' });
    expect(tray?.tooltip).toBe('WER Explorer — 8 reports');
    reports = 5;
    listener({ kind: 'removed', id: 'x', folder: 'f' });
    listener({ kind: 'reset' });
    expect(count).toHaveBeenCalledTimes(4);
    expect(tray?.tooltip).toBe('WER Explorer — 5 reports');
    stop?.();
    expect(tray?.destroyed).toBe(true);
  });
});
