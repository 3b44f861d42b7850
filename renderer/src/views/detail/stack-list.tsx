import { useState } from 'react';
import type { FrameTrust, MinidumpFrame } from '../../../../shared/minidump-model';
import { frameLabel, type FrameSymbolFields } from '../../../../shared/symbol-model';
import { type ActionNote, CopyStackButton, type EditorOpener, FrameActions } from './frame-actions';

/** A frame, with its symbol fields once the dump was symbolized. */
export type StackFrame = MinidumpFrame & Partial<FrameSymbolFields>;

/** How each kind of frame was found, for the badge and the legend. */
const TRUST: Readonly<Record<FrameTrust, { readonly badge: string; readonly meaning: string }>> = {
  context: { badge: 'context', meaning: 'from the CPU registers at the moment of the crash: exact' },
  cfi: { badge: 'unwind data', meaning: "found with the module's own unwind tables (.pdata/.xdata): exact" },
  'frame-pointer': { badge: 'frame pointer', meaning: 'found by following saved frame pointers: reliable' },
  scan: { badge: 'scan', meaning: 'found by scanning the stack for code addresses: may be a leftover, not a real caller' },
};

/** `file:line` of a source position, or null. */
function sourceOf(file: string | null | undefined, line: number | null | undefined): string | null {
  return file ? `${file}${line ? `:${line}` : ''}` : null;
}

/** Where a frame is: `module!function+0x12` (or module+offset), its source line and inlined calls. */
function FrameLocation({ frame }: { readonly frame: StackFrame }) {
  if (!frame.module) return <span className="muted">in no module</span>;
  const source = sourceOf(frame.file, frame.line);
  return (
    <>
      <span>{frameLabel({ ...frame, file: null })}</span>
      {frame.nameSource === 'export' && <span className="muted"> (export name: no symbols for this module)</span>}
      {source && <div className="frame-source muted">{source}</div>}
      {(frame.inlined ?? []).map((call, i) => (
        <div key={i} className="frame-inlined muted">
          inlined: {call.function}
          {sourceOf(call.file, call.line) ? ` — ${sourceOf(call.file, call.line)}` : ''}
        </div>
      ))}
    </>
  );
}

/** Props of a stack list. */
export interface StackListProps {
  readonly frames: readonly StackFrame[];
  readonly threadId: number | null;
  /** Another thread's stack (opened from the thread list): no heading, legend or symbol hint. */
  readonly compact?: boolean;
  /** How "Open in editor" works here; a plain `vscode://` link by default. */
  readonly editor?: EditorOpener;
}

const LINK_EDITOR: EditorOpener = { kind: 'link' };

/**
 * A thread's stack: function and source line where symbols were found, module + offset, how the
 * frame was found, and per frame "Copy" and "Open in editor"; "Copy stack" copies it all.
 */
export function StackList({ frames, threadId, compact = false, editor = LINK_EDITOR }: StackListProps) {
  const [note, setNote] = useState<ActionNote>(null);
  const named = frames.some((f) => f.function);
  return (
    <div className="stack-list">
      <div className="stack-head">
        {!compact && <h4>Stack of the crashing thread{threadId === null ? '' : ` (thread ${threadId})`}</h4>}
        {frames.length > 0 && <CopyStackButton frames={frames} onNote={setNote} />}
        <span className={`detail-note${note ? (note.ok ? ' ok' : ' error') : ''}`} role="status">
          {note?.text ?? ''}
        </span>
      </div>
      {frames.length === 0 ? (
        <p className="muted">No stack frames could be read from this dump (its stack memory was not captured).</p>
      ) : (
        <table className="detail-table frames">
          <thead>
            <tr>
              <th scope="col" className="num">
                #
              </th>
              <th scope="col">Location</th>
              <th scope="col">Address</th>
              <th scope="col">Found by</th>
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {frames.map((f, i) => (
              <tr key={i} className={`trust-${f.trust}`}>
                <td className="num mono">{i}</td>
                <td className="mono">
                  <FrameLocation frame={f} />
                </td>
                <td className="mono">{f.address}</td>
                <td>
                  <span className={`trust-badge ${f.trust}`} title={TRUST[f.trust].meaning}>
                    {TRUST[f.trust].badge}
                  </span>
                </td>
                <td>
                  <FrameActions frame={f} index={i} editor={editor} onNote={setNote} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {!compact && (
        <ul className="trust-legend" aria-label="How frames were found">
          {(Object.keys(TRUST) as FrameTrust[]).map((t) => (
            <li key={t}>
              <span className={`trust-badge ${t}`}>{TRUST[t].badge}</span> {TRUST[t].meaning}
            </li>
          ))}
        </ul>
      )}
      {!compact && !named && <p className="muted">Function names need symbols: set a symbol path in Settings → Symbols (a build folder or a symbol server).</p>}
    </div>
  );
}
