import { useMemo, useState } from 'react';
import type { MinidumpModule } from '../../../../shared/minidump-model';
import { formatBytes } from '../../../../shared/report-summary';
import { type ModuleSymbolState, symbolStatusText } from '../../../../shared/symbol-model';
import { type RangeSortKey, sortRanges } from './range-rows';

type SortKey = Exclude<RangeSortKey, 'date'>;

/** Longer lists start collapsed so the stack stays in view. */
const OPEN_UP_TO = 15;

const COLUMNS: readonly { readonly key: SortKey; readonly label: string }[] = [
  { key: 'load', label: '#' },
  { key: 'name', label: 'Name' },
  { key: 'base', label: 'Base' },
  { key: 'size', label: 'Size' },
];

function DebugInfo({ m }: { readonly m: MinidumpModule }) {
  if (!m.debugFile && !m.debugId) {
    return <span className="muted" title="The dump has no CodeView record for this module (triage dumps strip it); symbol servers can still find the PDB from the code id.">none (code id {m.codeId})</span>;
  }
  return (
    <>
      <span className="mono">{m.debugFile ?? '?'}</span> <span className="mono debug-id">{m.debugId ?? ''}</span>
    </>
  );
}

/** A module, with its symbol state once the dump was symbolized. */
export type TableModule = MinidumpModule & { readonly symbols?: ModuleSymbolState | null };

/** Whether the module's PDB is in use, with where it came from or why not in the tooltip. */
function SymbolStatus({ m, exportNamed }: { readonly m: TableModule; readonly exportNamed: boolean }) {
  const status = symbolStatusText(m.symbols, exportNamed);
  return (
    <span className={`symbol-status ${status.kind}`} title={status.detail}>
      {status.label}
    </span>
  );
}

/**
 * Loaded modules: name, version, base, size, debug file and id, and (once symbolized) whether each
 * module's symbols are in use; sortable, the faulting module highlighted. `exportNamed`: lower-case
 * names of modules some frame was named in from exports.
 */
export function ModuleTable({ modules, faulting, exportNamed = new Set() }: { readonly modules: readonly TableModule[]; readonly faulting: string | null; readonly exportNamed?: ReadonlySet<string> }) {
  // Only a symbolized summary says anything about symbols (the column would be all "not looked up").
  const symbolized = modules.some((m) => m.symbols !== undefined);
  const [sort, setSort] = useState<SortKey>('load');
  const rows = useMemo(() => sortRanges(modules, sort), [modules, sort]);
  return (
    <details className="module-table" open={modules.length <= OPEN_UP_TO}>
      <summary>
        <h4>Modules ({modules.length})</h4>
      </summary>
      {modules.length === 0 ? (
        <p className="muted">The dump lists no modules.</p>
      ) : (
        <div className="table-scroll">
          <table className="detail-table">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" aria-sort={sort === c.key ? (c.key === 'size' ? 'descending' : 'ascending') : undefined}>
                    <button className="sort-button" onClick={() => setSort(c.key)} title={`Sort by ${c.key === 'load' ? 'load order' : c.label.toLowerCase()}`}>
                      {c.label}
                    </button>
                  </th>
                ))}
                <th scope="col">Version</th>
                <th scope="col">Debug file and id</th>
                {symbolized && <th scope="col">Symbols</th>}
              </tr>
            </thead>
            <tbody>
              {rows.map(([i, m]) => {
                const isFaulting = faulting !== null && m.name.toLowerCase() === faulting.toLowerCase();
                return (
                  <tr key={`${i}:${m.base}`} className={isFaulting ? 'faulting' : undefined} aria-current={isFaulting ? 'true' : undefined}>
                    <td className="num mono">{i}</td>
                    <td>
                      <span className="mono" title={m.path}>
                        {m.name}
                      </span>
                      {isFaulting && <span className="faulting-tag">faulting</span>}
                    </td>
                    <td className="mono">{m.base}</td>
                    <td className="num" title={`${m.size.toLocaleString()} bytes (0x${m.size.toString(16)})`}>
                      {formatBytes(m.size)}
                    </td>
                    <td className="mono">{m.version ?? <span className="muted">none</span>}</td>
                    <td>
                      <DebugInfo m={m} />
                    </td>
                    {symbolized && (
                      <td>
                        <SymbolStatus m={m} exportNamed={exportNamed.has(m.name.toLowerCase())} />
                      </td>
                    )}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </details>
  );
}
