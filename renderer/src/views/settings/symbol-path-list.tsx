import type { SymbolPathEntry, SymbolPathIssue, SymbolPathOrigin } from '../../../../shared/symbol-setup-model';

const ORIGIN_TEXT: Readonly<Record<SymbolPathOrigin, string>> = {
  _NT_ALT_SYMBOL_PATH: 'environment variable _NT_ALT_SYMBOL_PATH',
  _NT_SYMBOL_PATH: 'environment variable _NT_SYMBOL_PATH',
  settings: 'symbol path setting',
  microsoft: 'Microsoft server setting',
};

/** What an element does, in words. */
function describe(e: SymbolPathEntry): string {
  const into = e.caches.length > 0 ? `, kept in ${e.caches.join(', then ')}` : '';
  switch (e.kind) {
    case 'server':
      if (e.store === null) return `Searches the cache ${e.caches.join(', then ')}`;
      return e.network ? `Downloads from ${e.store}${into}` : `Symbol store ${e.store}${into}`;
    case 'cache':
      return `Cache ${e.caches[0] ?? ''}: searched here, keeps what the elements after it find`;
    case 'folder':
      return `PDBs and images in the folder ${e.store ?? e.text}`;
  }
}

/** Problems of a symbol path, one line each (under the field, or under the list for the environment). */
export function SymbolPathProblems({ id, problems }: { readonly id?: string; readonly problems: readonly SymbolPathIssue[] }) {
  if (problems.length === 0) return null;
  return (
    <ul id={id} className="symbol-problems" aria-label="Symbol path problems">
      {problems.map((p, i) => (
        <li key={`${i}-${p.text}`}>
          {p.origin === 'settings' ? '' : `${ORIGIN_TEXT[p.origin]}: `}
          <span className="mono">{p.text}</span> is skipped: {p.message}
        </li>
      ))}
    </ul>
  );
}

/** The effective symbol path in search order, with where each element comes from. */
export function SymbolPathList({ elements, problems }: { readonly elements: readonly SymbolPathEntry[]; readonly problems: readonly SymbolPathIssue[] }) {
  const fromEnvironment = problems.filter((p) => p.origin !== 'settings');
  return (
    <>
      <h3 id="effective-symbol-path">Effective symbol path</h3>
      <p className="muted">
        Searched in this order. The environment variables come first, as in WinDbg, so the app finds what the debugger on this machine finds.
      </p>
      {elements.length === 0 ? (
        <p className="muted">Empty: symbols are not looked up, and nothing is downloaded.</p>
      ) : (
        <table className="review-table" aria-labelledby="effective-symbol-path">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Element</th>
              <th scope="col">From</th>
              <th scope="col">What it does</th>
            </tr>
          </thead>
          <tbody>
            {elements.map((e, i) => (
              <tr key={`${i}-${e.text}`}>
                <td className="num">{i + 1}</td>
                <td className="mono symbol-element">{e.text}</td>
                <td>{ORIGIN_TEXT[e.origin]}</td>
                <td>
                  {describe(e)}
                  {e.network && <span className="symbol-network"> (network)</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <SymbolPathProblems problems={fromEnvironment} />
    </>
  );
}
