import type { KeyboardEvent, RefObject } from 'react';
import type { QueryFacets } from '../../../../shared/query-model';
import type { StoreKind } from '../../../../shared/report-model';
import { EMPTY_FILTER, isFiltering, type ReportFilter } from '../../model/report-filter';
import { storeLabel } from './columns';
import { FacetMenu } from './facet-menu';
import { sourceKeyLabel } from '../../../../shared/record-sources';

/** The filter fields a facet menu sets. */
type FacetKey = 'eventTypes' | 'applications' | 'stores' | 'sources';

interface Facet {
  readonly key: FacetKey;
  readonly label: string;
  readonly format: (value: string) => string;
}

const FACETS: readonly Facet[] = [
  { key: 'eventTypes', label: 'Event type', format: (v) => v || '(no event type)' },
  { key: 'applications', label: 'Application', format: (v) => v || '(no application)' },
  { key: 'stores', label: 'Store', format: (v) => storeLabel(v as StoreKind) },
  { key: 'sources', label: 'Source', format: sourceKeyLabel },
];

/** Props of the filter bar. */
export interface FilterBarProps {
  /** Each facet's values with counts, as the app counted them for this filter. */
  readonly facets: QueryFacets;
  /** Reports in the whole library. */
  readonly libraryTotal: number;
  readonly filter: ReportFilter;
  readonly onFilterChange: (filter: ReportFilter) => void;
  /** Reports shown; null while the first answer is awaited. */
  readonly shownCount: number | null;
  /** The open report exists but the filters hide its row. */
  readonly selectedHidden: boolean;
  readonly quickFilterRef: RefObject<HTMLInputElement | null>;
  /** Moves focus from the quick filter to the list (ArrowDown, or Escape on an empty filter). */
  readonly onLeaveQuickFilter: () => void;
}

/** Quick text filter, facet menus, date range, active-filter chips and the "Showing N of M" count. */
export function FilterBar(props: FilterBarProps) {
  const { facets, libraryTotal, filter, onFilterChange, shownCount, selectedHidden, quickFilterRef, onLeaveQuickFilter } = props;
  const set = (patch: Partial<ReportFilter>) => onFilterChange({ ...filter, ...patch });

  const onQuickKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      if (filter.text !== '') set({ text: '' });
      else onLeaveQuickFilter();
    } else if (e.key === 'ArrowDown' || e.key === 'Enter') {
      e.preventDefault();
      onLeaveQuickFilter();
    }
  };

  const badRange = filter.from !== null && filter.to !== null && filter.from > filter.to;
  const chips = FACETS.flatMap((facet) =>
    filter[facet.key].map((value) => (
      <Chip key={`${facet.key}:${value}`} label={`${facet.label}: ${facet.format(value)}`} onRemove={() => set({ [facet.key]: filter[facet.key].filter((v) => v !== value) })} />
    )),
  );

  return (
    <div className="filter-bar">
      <div className="filter-row">
        <input
          ref={quickFilterRef}
          type="search"
          className="quick-filter"
          data-testid="quick-filter"
          aria-label="Filter"
          placeholder="Filter: app, module, code, id…"
          spellCheck={false}
          value={filter.text}
          onChange={(e) => set({ text: e.target.value })}
          onKeyDown={onQuickKey}
        />
        {FACETS.map((facet) => (
          <FacetMenu
            key={facet.key}
            label={facet.label}
            selected={filter[facet.key]}
            values={facets[facet.key]}
            format={facet.format}
            onChange={(selected) => set({ [facet.key]: selected })}
          />
        ))}
        <label className="date-field">
          From
          <input type="date" value={filter.from ?? ''} max={filter.to ?? undefined} onChange={(e) => set({ from: e.target.value || null })} />
        </label>
        <label className="date-field">
          To
          <input type="date" value={filter.to ?? ''} min={filter.from ?? undefined} onChange={(e) => set({ to: e.target.value || null })} />
        </label>
        {isFiltering(filter) && (
          <button type="button" onClick={() => onFilterChange(EMPTY_FILTER)}>
            Clear filters
          </button>
        )}
      </div>
      {(chips.length > 0 || filter.reportIds !== null || filter.problem !== null) && (
        <div className="filter-chips" aria-label="Active filters">
          {filter.problem !== null && <Chip key="problem" label={filter.reportIdsLabel ?? 'One problem'} onRemove={() => set({ problem: null, reportIdsLabel: null })} />}
          {filter.reportIds !== null && (
            <Chip
              key="reportIds"
              label={filter.reportIdsLabel ?? `${filter.reportIds.length} chosen report(s)`}
              onRemove={() => set({ reportIds: null, reportIdsLabel: null })}
            />
          )}
          {chips}
        </div>
      )}
      <div className="filter-status">
        <span data-testid="report-count" aria-live="polite">
          {shownCount === null ? 'Loading reports…' : `Showing ${shownCount} of ${libraryTotal} reports`}
        </span>
        {badRange && <span className="filter-warning">“From” is after “To”: no day can match.</span>}
        {selectedHidden && <span className="muted">The open report is hidden by the filters.</span>}
        <span className="filter-keys muted">↑ ↓ move · Enter opens · Esc closes · / filters</span>
      </div>
    </div>
  );
}

/** A removable active-filter chip. */
function Chip({ label, onRemove }: { readonly label: string; readonly onRemove: () => void }) {
  return (
    <span className="chip" data-testid="filter-chip">
      <span className="chip-label">{label}</span>
      <button type="button" className="chip-remove" aria-label={`Remove filter ${label}`} title="Remove this filter" onClick={onRemove}>
        ×
      </button>
    </span>
  );
}
