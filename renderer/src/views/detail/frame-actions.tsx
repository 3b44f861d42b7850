import { useState } from 'react';
import type { Result } from '../../../../shared/result';
import { editorLink, frameLabel, stackText } from '../../../../shared/symbol-model';
import { copyText } from './copy-text';
import type { StackFrame } from './stack-list';

/**
 * How "Open in editor" works in this shell: in the browser a plain `vscode://` link (the browser
 * asks before handing it to VS Code); in the desktop app a call to the app, which opens it only
 * when the file exists on this machine.
 */
export type EditorOpener = { readonly kind: 'link' } | { readonly kind: 'call'; readonly open: (file: string, line: number | null) => Promise<Result<void>> };

/** What the last copy or open did, said next to the stack. */
export type ActionNote = { readonly ok: boolean; readonly text: string } | null;

/** Copies text and says how that went. */
async function copyNote(text: string, what: string): Promise<ActionNote> {
  const r = await copyText(text);
  return r.ok ? { ok: true, text: `Copied ${what}.` } : { ok: false, text: `Could not copy ${what}: ${r.error.replace(/\.$/, '')}.` };
}

/** "Copy stack": the whole thread as text, one frame a line. */
export function CopyStackButton({ frames, onNote }: { readonly frames: readonly StackFrame[]; readonly onNote: (note: ActionNote) => void }) {
  return (
    <button className="small" onClick={() => void copyNote(stackText(frames), 'the stack').then(onNote)} disabled={frames.length === 0}>
      Copy stack
    </button>
  );
}

/** Per frame: "Copy" (`module!function+0x12 [file @ line]`) and, with a source file, "Open in editor". */
export function FrameActions({ frame, index, editor, onNote }: { readonly frame: StackFrame; readonly index: number; readonly editor: EditorOpener; readonly onNote: (note: ActionNote) => void }) {
  const line = frame.line ?? null;
  const file = frame.file ?? null;
  const link = file ? editorLink(file, line) : null;
  const [busy, setBusy] = useState(false);
  const open = async (file: string, run: (file: string, line: number | null) => Promise<Result<void>>) => {
    setBusy(true);
    const r = await run(file, line).catch((e: unknown): Result<void> => ({ ok: false, error: e instanceof Error ? e.message : String(e) }));
    setBusy(false);
    onNote(r.ok ? { ok: true, text: `Opened ${file} in the editor.` } : { ok: false, text: r.error });
  };
  return (
    <span className="frame-actions">
      <button className="small" aria-label={`Copy frame ${index}`} title={frameLabel(frame)} onClick={() => void copyNote(frameLabel(frame), `frame ${index}`).then(onNote)}>
        Copy
      </button>
      {link &&
        file &&
        (editor.kind === 'link' ? (
          <a className="editor-link" href={link} aria-label={`Open frame ${index} in editor`} title={`Open ${file} in VS Code`}>
            Open in editor
          </a>
        ) : (
          <button className="small" aria-label={`Open frame ${index} in editor`} title={`Open ${file} in VS Code`} disabled={busy} onClick={() => void open(file, editor.open)}>
            Open in editor
          </button>
        ))}
    </span>
  );
}
