import type { FrameTrust, MinidumpFrame } from '../../../../shared/minidump-model';

/** How each kind of frame was found, for the badge and the legend. */
const TRUST: Readonly<Record<FrameTrust, { readonly badge: string; readonly meaning: string }>> = {
  context: { badge: 'context', meaning: 'from the CPU registers at the moment of the crash: exact' },
  cfi: { badge: 'unwind data', meaning: "found with the module's own unwind tables (.pdata/.xdata): exact" },
  'frame-pointer': { badge: 'frame pointer', meaning: 'found by following saved frame pointers: reliable' },
  scan: { badge: 'scan', meaning: 'found by scanning the stack for code addresses: may be a leftover, not a real caller' },
};

/** The crashing thread's stack: address, module + offset and how the frame was found. */
export function StackList({ frames, threadId }: { readonly frames: readonly MinidumpFrame[]; readonly threadId: number | null }) {
  return (
    <div className="stack-list">
      <h4>Stack of the crashing thread{threadId === null ? '' : ` (thread ${threadId})`}</h4>
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
            </tr>
          </thead>
          <tbody>
            {frames.map((f, i) => (
              <tr key={i} className={`trust-${f.trust}`}>
                <td className="num mono">{i}</td>
                <td className="mono">{f.module ? `${f.module}+${f.offset ?? '?'}` : <span className="muted">in no module</span>}</td>
                <td className="mono">{f.address}</td>
                <td>
                  <span className={`trust-badge ${f.trust}`} title={TRUST[f.trust].meaning}>
                    {TRUST[f.trust].badge}
                  </span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ul className="trust-legend" aria-label="How frames were found">
        {(Object.keys(TRUST) as FrameTrust[]).map((t) => (
          <li key={t}>
            <span className={`trust-badge ${t}`}>{TRUST[t].badge}</span> {TRUST[t].meaning}
          </li>
        ))}
      </ul>
      <p className="muted">Function names need symbols: open the dump in WinDbg or Visual Studio with the matching PDB files.</p>
    </div>
  );
}
