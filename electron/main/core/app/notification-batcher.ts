/**
 * Turns the library's 'added' events into desktop notifications. A burst (a crash loop, a store
 * folder copied in, WER moving many reports) becomes one "12 new crash reports" notification
 * instead of a dozen toasts; a lone report gets its own "app.exe crashed in mod.dll" line.
 */
import { displayApplication } from '../../../../shared/report-display';
import type { WerEvent } from '../../../../shared/wer-api';
import { NODE_TIMERS, type Timers } from './timers';

/** What clicking a notification asks the UI to do. */
export type NoticeTarget = Extract<WerEvent, { kind: 'reveal' }> | { readonly kind: 'command'; readonly command: 'show-reports' };

/** One desktop notification. */
export interface CrashNotice {
  readonly title: string;
  readonly body: string;
  readonly target: NoticeTarget;
}

/** A new report, as much as a notification needs. */
export interface NewReport {
  readonly id: string;
  readonly summary: string;
  readonly application: string;
}

/** How the batcher works. */
export interface NotificationBatcherOptions {
  readonly show: (notice: CrashNotice) => void;
  /** Read at every event and before showing, so turning the setting off takes effect at once. */
  readonly enabled: () => boolean;
  /** A burst ends after this long without a new report (default 1500 ms). */
  readonly quietMs?: number;
  /** A steady stream still notifies after this long (default 5000 ms). */
  readonly maxWaitMs?: number;
  readonly timers?: Timers;
  readonly now?: () => number;
}

/** Longest line taken from a report into a notification (the OS truncates anyway). */
const MAX_LINE = 160;

/** Report text is hostile: one plain line, no control characters, bounded. */
function plainLine(text: string): string {
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  return line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 1)}…` : line;
}

/** The applications of some reports, most frequent first: "app.exe (5), other.exe (2) and 3 more applications". */
function applicationList(reports: readonly NewReport[]): string {
  const counts = new Map<string, number>();
  for (const r of reports) {
    const app = plainLine(r.application) || 'unknown application';
    counts.set(app, (counts.get(app) ?? 0) + 1);
  }
  const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const shown = sorted.slice(0, 3).map(([app, n]) => (n > 1 ? `${app} (${n})` : app));
  const rest = sorted.length - shown.length;
  if (rest === 0) return shown.length === 1 ? (shown[0] ?? '') : `${shown.slice(0, -1).join(', ')} and ${shown.at(-1) ?? ''}`;
  return `${shown.join(', ')} and ${rest} more application${rest === 1 ? '' : 's'}`;
}

/** The notification for some new reports (at least one). */
export function describeNewReports(reports: readonly NewReport[]): CrashNotice {
  const [first] = reports;
  if (reports.length === 1 && first) {
    return { title: 'New crash report', body: plainLine(first.summary) || 'A new report arrived.', target: { kind: 'reveal', reportId: first.id } };
  }
  return {
    title: `${reports.length} new crash reports`,
    body: `From ${applicationList(reports)}. Click to see the list.`,
    target: { kind: 'command', command: 'show-reports' },
  };
}

/** Collects 'added' events into bursts and shows one notification per burst. */
export class NotificationBatcher {
  private pending: NewReport[] = [];
  private firstAt = 0;
  private timer: unknown = null;
  private readonly timers: Timers;
  private readonly now: () => number;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: NotificationBatcherOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.now = options.now ?? Date.now;
    this.quietMs = options.quietMs ?? 1500;
    this.maxWaitMs = options.maxWaitMs ?? 5000;
  }

  /** Takes any app event; only new reports count. */
  push(event: WerEvent): void {
    if (event.kind !== 'added' || !this.options.enabled()) return;
    if (this.pending.some((r) => r.id === event.report.id)) return;
    if (this.pending.length === 0) this.firstAt = this.now();
    this.pending.push({ id: event.report.id, summary: event.summary, application: displayApplication(event.report) });
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    const wait = Math.max(0, Math.min(this.quietMs, this.firstAt + this.maxWaitMs - this.now()));
    this.timer = this.timers.setTimeout(() => this.flush(), wait);
  }

  /** Shows the pending burst now (if notifications are still wanted). */
  flush(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    const reports = this.pending;
    this.pending = [];
    if (reports.length > 0 && this.options.enabled()) this.options.show(describeNewReports(reports));
  }

  /** Drops the pending burst (the app is quitting). */
  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}
