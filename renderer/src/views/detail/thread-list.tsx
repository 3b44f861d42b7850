import type { MinidumpHandles, MinidumpThread } from '../../../../shared/minidump-model';
import { formatBytes } from '../../../../shared/report-summary';

/** Threads of the dump: id, name and stack size, the crashing one marked. */
export function ThreadList({ threads, crashingId }: { readonly threads: readonly MinidumpThread[]; readonly crashingId: number | null }) {
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
              </tr>
            </thead>
            <tbody>
              {threads.map((t) => (
                <tr key={t.id} className={t.id === crashingId ? 'faulting' : undefined}>
                  <td className="mono">
                    {t.id} (0x{t.id.toString(16)}){t.id === crashingId && <span className="faulting-tag">crashed</span>}
                  </td>
                  <td>{t.name ?? <span className="muted">unnamed</span>}</td>
                  <td className="num">{formatBytes(t.stackSize)}</td>
                  <td className="mono">{t.instructionPointer ?? ''}</td>
                </tr>
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
