import { type ReactNode, useId } from 'react';
import { utcTime } from '../../../../shared/report-summary';
import { localTime } from './detail-format';

/** A titled section of the report detail. */
export function DetailSection({ title, children, testId, className }: { readonly title: string; readonly children: ReactNode; readonly testId?: string; readonly className?: string }) {
  const id = useId();
  return (
    <section className={`detail-section${className ? ` ${className}` : ''}`} aria-labelledby={id} data-testid={testId}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  );
}

/** One label/value line of a fact list; `value` may be any node (null rows are left out by Facts). */
export interface Fact {
  readonly label: string;
  readonly value: ReactNode;
  /** Shown as a tooltip on the value. */
  readonly title?: string;
  readonly mono?: boolean;
}

/** Label/value facts as a definition list; facts whose value is null, undefined or '' are left out. */
export function Facts({ facts }: { readonly facts: readonly (Fact | null)[] }) {
  const shown = facts.filter((f): f is Fact => f !== null && f.value !== null && f.value !== undefined && f.value !== '');
  if (shown.length === 0) return null;
  return (
    <dl className="detail-facts">
      {shown.map((f) => (
        <div key={f.label} className="fact">
          <dt>{f.label}</dt>
          <dd className={f.mono ? 'mono' : undefined} title={f.title}>
            {f.value}
          </dd>
        </div>
      ))}
    </dl>
  );
}

/** A time shown in local time with the UTC time as tooltip. */
export function Time({ iso }: { readonly iso: string }) {
  return (
    <time dateTime={iso} title={utcTime(iso)}>
      {localTime(iso)}
    </time>
  );
}
