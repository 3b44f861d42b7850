import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { FacetCount } from '../../../../shared/query-model';

/** Props of a facet menu. */
export interface FacetMenuProps {
  /** What the facet is, e.g. "Event type". */
  readonly label: string;
  readonly selected: readonly string[];
  /** The values with their counts (the app counts them with every other part of the filter), most frequent first. */
  readonly values: readonly FacetCount[];
  readonly onChange: (selected: string[]) => void;
  /** How a value reads for people (e.g. `ReportQueue` → "Queue"). */
  readonly format: (value: string) => string;
}

// Past this many values a menu gets a find box, and never renders more than MAX_SHOWN checkboxes.
const FIND_THRESHOLD = 12;
const MAX_SHOWN = 200;

/** A button that opens a checklist of a facet's values with counts; checked values filter the list. */
export function FacetMenu({ label, selected, values, onChange, format }: FacetMenuProps) {
  const [open, setOpen] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const popoverId = useId();

  // A click anywhere else closes the menu, as menus do.
  useEffect(() => {
    if (!open) return undefined;
    const onPointerDown = (e: MouseEvent) => {
      if (!rootRef.current?.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onPointerDown);
    return () => document.removeEventListener('mousedown', onPointerDown);
  }, [open]);

  const close = () => {
    setOpen(false);
    buttonRef.current?.focus();
  };

  return (
    <div
      className="facet"
      ref={rootRef}
      onKeyDown={(e) => {
        if (e.key === 'Escape' && open) {
          e.stopPropagation();
          close();
        }
      }}
    >
      <button
        ref={buttonRef}
        type="button"
        className={selected.length > 0 ? 'facet-button active' : 'facet-button'}
        aria-label={`${label} filter${selected.length > 0 ? ` (${selected.length} chosen)` : ''}`}
        aria-haspopup="true"
        aria-expanded={open}
        aria-controls={open ? popoverId : undefined}
        onClick={() => setOpen((o) => !o)}
      >
        {label}
        {selected.length > 0 ? ` (${selected.length})` : ''} <span aria-hidden="true">▾</span>
      </button>
      {open && <FacetPopover id={popoverId} label={label} selected={selected} values={values} onChange={onChange} format={format} />}
    </div>
  );
}

function FacetPopover({ id, label, selected, values: counted, onChange, format }: FacetMenuProps & { readonly id: string }) {
  const [find, setFind] = useState('');
  const values = useMemo(() => {
    // A checked value that no longer occurs must stay visible, or it could not be unchecked here.
    const known = new Set(counted.map((v) => v.value));
    return [...counted, ...selected.filter((s) => !known.has(s)).map((value) => ({ value, count: 0 }))];
  }, [counted, selected]);
  const needle = find.trim().toLowerCase();
  const matching = needle === '' ? values : values.filter((v) => format(v.value).toLowerCase().includes(needle));
  const chosen = new Set(selected);

  const toggle = (value: string) => onChange(chosen.has(value) ? selected.filter((s) => s !== value) : [...selected, value]);

  return (
    <div className="facet-popover" id={id} role="group" aria-label={`${label} values`}>
      {values.length > FIND_THRESHOLD && (
        <input type="search" className="facet-find" aria-label={`Find a ${label.toLowerCase()}`} placeholder="Find…" value={find} autoFocus onChange={(e) => setFind(e.target.value)} />
      )}
      {matching.length === 0 ? (
        <p className="facet-none muted">{values.length === 0 ? 'No values in the shown reports.' : 'Nothing matches.'}</p>
      ) : (
        <ul className="facet-values">
          {matching.slice(0, MAX_SHOWN).map((v, i) => (
            <li key={v.value}>
              <label>
                <input type="checkbox" checked={chosen.has(v.value)} autoFocus={i === 0 && values.length <= FIND_THRESHOLD} onChange={() => toggle(v.value)} />
                <span className="facet-value" title={format(v.value)}>
                  {format(v.value)}
                </span>
                <span className="facet-count">{v.count}</span>
              </label>
            </li>
          ))}
        </ul>
      )}
      {matching.length > MAX_SHOWN && <p className="facet-none muted">{matching.length - MAX_SHOWN} more: type to find them.</p>}
      {selected.length > 0 && (
        <button type="button" className="facet-clear" onClick={() => onChange([])}>
          Clear {label.toLowerCase()}
        </button>
      )}
    </div>
  );
}
