import { useMemo, useState } from 'react';
import type { KernelDriver } from '../../../../shared/kernel-dump-model';
import { formatBytes } from '../../../../shared/report-summary';
import { type RangeSortKey, sortRanges } from './range-rows';

type SortKey = RangeSortKey;

/** Longer lists start collapsed so the stack stays in view (a small dump lists ~200 drivers). */
const OPEN_UP_TO = 15;

const COLUMNS: readonly { readonly key: SortKey; readonly label: string }[] = [
  { key: 'load', label: '#' },
  { key: 'name', label: 'Name' },
  { key: 'base', label: 'Base' },
  { key: 'size', label: 'Size' },
  { key: 'date', label: 'Date' },
];

/** The link time of a driver (TimeDateStamp); reproducible builds write a hash, so the hex is the tooltip. */
function LinkDate({ timestamp }: { readonly timestamp: number }) {
  const hex = `0x${timestamp.toString(16).padStart(8, '0')}`;
  return (
    <span className="mono" title={`TimeDateStamp ${hex} (a hash, not a date, in reproducible builds)`}>
      {new Date(timestamp * 1000).toISOString().slice(0, 10)}
    </span>
  );
}

/** Loaded drivers of a kernel dump: name, base, size, link date; sortable, the driver at fault highlighted. */
export function KernelDriverTable({ drivers, culprit }: { readonly drivers: readonly KernelDriver[]; readonly culprit: string | null }) {
  const [sort, setSort] = useState<SortKey>('load');
  const rows = useMemo(() => sortRanges(drivers, sort), [drivers, sort]);
  const blamed = culprit?.toLowerCase() ?? null;
  return (
    <details className="module-table driver-table" open={drivers.length <= OPEN_UP_TO}>
      <summary>
        <h4>Drivers ({drivers.length})</h4>
      </summary>
      {drivers.length === 0 ? (
        <p className="muted">This dump lists no drivers (only small memory dumps and x64 full dumps carry the list).</p>
      ) : (
        <div className="table-scroll">
          <table className="detail-table" aria-label="Drivers">
            <thead>
              <tr>
                {COLUMNS.map((c) => (
                  <th key={c.key} scope="col" aria-sort={sort === c.key ? (c.key === 'size' || c.key === 'date' ? 'descending' : 'ascending') : undefined}>
                    <button className="sort-button" onClick={() => setSort(c.key)} title={`Sort by ${c.key === 'load' ? 'load order' : c.label.toLowerCase()}`}>
                      {c.label}
                    </button>
                  </th>
                ))}
                <th scope="col">Path</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([i, d]) => {
                const isCulprit = blamed !== null && d.name.toLowerCase() === blamed;
                return (
                  <tr key={`${i}:${d.base}`} className={isCulprit ? 'faulting' : undefined} aria-current={isCulprit ? 'true' : undefined}>
                    <td className="num mono">{i}</td>
                    <td>
                      <span className="mono">{d.name}</span>
                      {isCulprit && <span className="faulting-tag">caused by</span>}
                    </td>
                    <td className="mono">{d.base}</td>
                    <td className="num" title={`${d.size.toLocaleString()} bytes (0x${d.size.toString(16)})`}>
                      {formatBytes(d.size)}
                    </td>
                    <td>
                      <LinkDate timestamp={d.timestamp} />
                    </td>
                    <td className="mono muted">{d.path}</td>
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
