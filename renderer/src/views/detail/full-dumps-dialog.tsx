import { useState } from 'react';
import { createPortal } from 'react-dom';
import { eventFamily } from '../../../../shared/problems';
import type { WerReport } from '../../../../shared/report-model';
import type { AppInfo, FullDumpsOutcome, WerApi } from '../../../../shared/wer-api';
import { Modal } from '../../components/modal';

/** The LocalDumps key the action writes under (the app's name is the last part). */
export const LOCAL_DUMPS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting\\LocalDumps';

// The same rule as the core's validateAppName: a file name ending in .exe, no folder.
const EXE_NAME = /^[^\\/:*?"<>|\x00-\x1f]+\.exe$/i;

/**
 * The executable LocalDumps would be set for: the crash's application (Sig "Application Name"),
 * else the file name of its path; null when the record is no user-mode crash of an .exe.
 */
export function fullDumpsApp(r: Pick<WerReport, 'eventType' | 'fields' | 'appPath'>): string | null {
  if (eventFamily(r.eventType) !== 'crash') return null;
  const candidates = [r.fields.application, r.appPath?.split(/[\\/]/).pop()];
  const app = candidates.find((c): c is string => typeof c === 'string' && c.length <= 255 && c.trim() === c && EXE_NAME.test(c));
  return app ?? null;
}

/** What the action row says after the call: a success, a refusal (neutral) or a failure. */
export interface FullDumpsNote {
  readonly kind: 'ok' | 'info' | 'error';
  readonly text: string;
}

/** The outcome of enableFullDumps in one sentence for the action row. */
export function fullDumpsNote(app: string, outcome: FullDumpsOutcome): FullDumpsNote {
  if (outcome.kind === 'cancelled') return { kind: 'info', text: 'Cancelled: the administrator prompt was declined, nothing changed.' };
  if (!outcome.changed) return { kind: 'ok', text: `Full dumps were already on for ${app}; nothing changed.` };
  const was = outcome.before?.['DumpType'];
  const before = was === undefined || was === null ? 'not set before' : `was ${String(was)}`;
  return { kind: 'ok', text: `Full dumps are on for ${app} (DumpType 2, ${before}): its next crash writes one to %LOCALAPPDATA%\\CrashDumps.` };
}

/**
 * Asks before turning on full LocalDumps for one app: says which registry value is written,
 * where the dumps go and what they hold, then calls `enableFullDumps` (a UAC prompt follows
 * when the app is not elevated). Rendered over the whole window.
 */
export function FullDumpsDialog({ api, info, app, onDone, onClose }: {
  readonly api: WerApi;
  readonly info: AppInfo;
  readonly app: string;
  /** Called with what to tell the user once the call has answered. */
  readonly onDone: (note: FullDumpsNote) => void;
  readonly onClose: () => void;
}) {
  const [busy, setBusy] = useState(false);

  const enable = async () => {
    setBusy(true);
    let note: FullDumpsNote;
    try {
      const r = await api.enableFullDumps(app);
      note = r.ok ? fullDumpsNote(app, r.value) : { kind: 'error', text: `Could not enable full dumps: ${r.error}` };
    } catch (e) {
      note = { kind: 'error', text: `Could not enable full dumps: ${e instanceof Error ? e.message : String(e)}` };
    }
    onDone(note);
  };

  // Out of the sticky toolbar (its own stacking context), so the backdrop covers the whole window.
  return createPortal(
    <Modal
      title={`Enable full dumps for ${app}`}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          {busy && (
            <span className="grow muted" role="status">
              {info.elevated === true ? 'Writing the registry value…' : 'Waiting for the administrator prompt…'}
            </span>
          )}
          <button className="primary" disabled={busy} onClick={() => void enable()}>
            Enable full dumps
          </button>
          <button onClick={onClose} disabled={busy}>
            Cancel
          </button>
        </>
      }
    >
      <p>
        From the next crash on, Windows keeps a full memory dump of every crash of <strong>{app}</strong> in <code>%LOCALAPPDATA%\CrashDumps</code>{' '}
        (the 10 newest), for WinDbg or Visual Studio.
      </p>
      <p>
        This writes the registry value <code>DumpType = 2</code> (full dump) under <code>{`${LOCAL_DUMPS_KEY}\\${app}`}</code>.
      </p>
      <p className="muted">
        A full dump holds the whole memory of the process (often hundreds of MB), including whatever the user had open. Turn it off again with{' '}
        <code>wer-explorer doctor --disable-local-dumps {app}</code>.
      </p>
      {info.elevated !== true && (
        <p className="muted">
          {info.mode === 'browser'
            ? 'The server machine asks for administrator permission (UAC) there.'
            : 'Windows asks for administrator permission (UAC) first.'}
        </p>
      )}
    </Modal>,
    document.body,
  );
}
