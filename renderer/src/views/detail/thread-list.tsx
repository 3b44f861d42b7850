import { Fragment, type ReactNode, useState } from 'react';
import type { MinidumpHandles, MinidumpThread } from '../../../../shared/minidump-model';
import { formatBytes } from '../../../../shared/report-summary';
import type { Result } from '../../../../shared/result';
import type { SymbolizedThreadStack } from '../../../../shared/symbol-model';
import type { EditorOpener } from './frame-actions';
import { StackList } from './stack-list';

/** Where other threads' stacks come from: walked and named by the app on request. */
export interface ThreadStackSource {
  readonly load: (threadId: number) => Promise<Result<SymbolizedThreadStack>>;
  readonly editor: EditorOpener;
  /** Shown while a stack loads (symbol download progress). */
  readonly whileLoading?: ReactNode;
}

/** One thread's stack as far as it has loaded. */
type StackState = { readonly kind: 'loading' } | { readonly kind: 'error'; readonly message: string } | { readonly kind: 'ready'; readonly stack: SymbolizedThreadStack };

/**
 * Stacks of the threads the user opened, each loaded once (the list lives as long as the report's
 * detail, so this is the per-report cache).
 */
function useThreadStacks(source: ThreadStackSource | undefined) {
  const [stacks, setStacks] = useState<ReadonlyMap<number, StackState>>(new Map());
  const [open, setOpen] = useState<ReadonlySet<number>>(new Set());
  const set = (id: number, state: StackState) => setStacks((m) => new Map(m).set(id, state));
  const toggle = (id: number) => {
    const opening = !open.has(id);
    setOpen((o) => {
      const next = new Set(o);
      if (opening) next.add(id);
      else next.delete(id);
      return next;
    });
    const known = stacks.get(id);
    if (!opening || !source || (known && known.kind !== 'error')) return;
    set(id, { kind: 'loading' });
    source.load(id).then(
      (r) => set(id, r.ok ? { kind: 'ready', stack: r.value } : { kind: 'error', message: r.error }),
      (e: unknown) => set(id, { kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
  };
  return { stacks, open, toggle };
}

function ThreadStackView({ state, threadId, source }: { readonly state: StackState | undefined; readonly threadId: number; readonly source: ThreadStackSource }) {
  if (!state || state.kind === 'loading') {
    return (
      <>
        <p className="muted">Walking the stack of thread {threadId}…</p>
        {source.whileLoading}
      </>
    );
  }
  if (state.kind === 'error') {
    return (
      <p className="warn-text" role="alert">
        {state.message}
      </p>
    );
  }
  return (
    <>
      <StackList frames={state.stack.frames} threadId={threadId} compact editor={source.editor} />
      {state.stack.problems.length > 0 && <p className="muted">While walking: {state.stack.problems.join('; ')}</p>}
    </>
  );
}

/**
 * Threads of the dump: id, name and stack size, the crashing one marked. With a stack source, any
 * other thread's stack opens under its row (walked when first opened).
 */
export function ThreadList({ threads, crashingId, stacks: source }: { readonly threads: readonly MinidumpThread[]; readonly crashingId: number | null; readonly stacks?: ThreadStackSource }) {
  const { stacks, open, toggle } = useThreadStacks(source);
  return (
    <details className="thread-list" open={threads.length <= 8}>
      <summary>
        <h4>Threads ({threads.length})</h4>
      </summary>
      {threads.length === 0 ? (
        <p className="muted">The dump lists no threads.</p>
      ) : (
        <div className="table-scroll">
          <table className="detail-table">
            <thead>
              <tr>
                <th scope="col">Id</th>
                <th scope="col">Name</th>
                <th scope="col" className="num">
                  Stack captured
                </th>
                <th scope="col">Instruction pointer</th>
                {source && <th scope="col">Stack</th>}
              </tr>
            </thead>
            <tbody>
              {threads.map((t) => (
                <Fragment key={t.id}>
                  <tr className={t.id === crashingId ? 'faulting' : undefined}>
                    <td className="mono">
                      {t.id} (0x{t.id.toString(16)}){t.id === crashingId && <span className="faulting-tag">crashed</span>}
                    </td>
                    <td>{t.name ?? <span className="muted">unnamed</span>}</td>
                    <td className="num">{formatBytes(t.stackSize)}</td>
                    <td className="mono">{t.instructionPointer ?? ''}</td>
                    {source && (
                      <td>
                        {t.id === crashingId ? (
                          <span className="muted">shown above</span>
                        ) : (
                          <button className="small" aria-expanded={open.has(t.id)} aria-label={`${open.has(t.id) ? 'Hide' : 'Show'} stack of thread ${t.id}`} onClick={() => toggle(t.id)}>
                            {open.has(t.id) ? 'Hide stack' : 'Show stack'}
                          </button>
                        )}
                      </td>
                    )}
                  </tr>
                  {source && open.has(t.id) && (
                    <tr className="thread-stack-row">
                      <td colSpan={5} aria-label={`Stack of thread ${t.id}`}>
                        <ThreadStackView state={stacks.get(t.id)} threadId={t.id} source={source} />
                      </td>
                    </tr>
                  )}
                </Fragment>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}

/** Open handles by type (a leak shows as thousands of one type). */
export function HandleSummary({ handles }: { readonly handles: MinidumpHandles }) {
  const top = handles.byType.slice(0, 8);
  const rest = handles.byType.length - top.length;
  return (
    <div className="handle-summary">
      <h4>Handles: {handles.total.toLocaleString()} open</h4>
      <p>
        {top.map((h) => `${h.type} ${h.count}`).join(', ')}
        {rest > 0 ? `, and ${rest} more type(s)` : ''}
      </p>
    </div>
  );
}
