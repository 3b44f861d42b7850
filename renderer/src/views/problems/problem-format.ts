/** Small display helpers of the problems view: plurals, local dates, "3 days ago", version lists. */
import { daysBetween, localDay, type CalendarDay } from '../../../../shared/calendar-day';
import type { EventFamily, VersionCount } from '../../../../shared/problem-model';
import type { TriageStatus } from '../../../../shared/triage-model';

/** "1 report", "5 reports". */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;
}

/** Plain-language names of the triage statuses. */
export const STATUS_LABELS: Readonly<Record<TriageStatus, string>> = {
  new: 'New',
  investigating: 'Investigating',
  fixed: 'Fixed',
  ignored: 'Ignored',
};

/** Plain-language names of the event families (the colour dot's text). */
export const FAMILY_LABELS: Readonly<Record<EventFamily, string>> = {
  crash: 'Crash',
  hang: 'Not responding',
  kernel: 'Windows (kernel)',
  other: 'Other event',
};

// One formatter each, made once: toLocaleString with options makes a new one per call (~0.2 ms
// in Chromium; the problem list formats four dates per row).
const DATE = new Intl.DateTimeFormat('en-US', { year: 'numeric', month: 'short', day: 'numeric' });
const DATE_TIME = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'short' });

/** A local date such as "Nov 3, 2026"; empty for a missing or bad time. */
export function localDate(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : DATE.format(d);
}

/** A local date and time, for tooltips and the details. */
export function localDateTime(iso: string | null): string {
  if (iso === null) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? '' : DATE_TIME.format(d);
}

/** "today", "yesterday", "3 days ago", "2 weeks ago"…, counted in calendar days at the offset. */
export function relativeDay(iso: string | null, today: CalendarDay, utcOffsetMinutes: number): string {
  const day = iso === null ? null : localDay(iso, utcOffsetMinutes);
  if (day === null) return '';
  const days = daysBetween(day, today);
  // A clock that ran ahead of this machine's: say so rather than "-2 days ago".
  if (days < 0) return 'in the future';
  if (days === 0) return 'today';
  if (days === 1) return 'yesterday';
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  if (days < 730) return `${Math.floor(days / 30)} months ago`;
  return `${Math.floor(days / 365)} years ago`;
}

/** "1.2.0 ×5, 1.1.0 ×2" for the first `limit` values, "+N more" after. */
export function topValues(values: readonly VersionCount[], limit = 3): string {
  const shown = values.slice(0, limit).map((v) => `${v.version} ×${v.count}`);
  if (values.length > limit) shown.push(`+${values.length - limit} more`);
  return shown.join(', ');
}

/** Today as a calendar day at the offset. */
export function todayAt(utcOffsetMinutes: number, now = new Date()): CalendarDay {
  return localDay(now.toISOString(), utcOffsetMinutes) ?? now.toISOString().slice(0, 10);
}
