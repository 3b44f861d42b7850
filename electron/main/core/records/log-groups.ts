/**
 * Which events of one log belong to the same crash: events naming the same report id (1000's
 * IntegratorReportId = 1001's ReportId = 1002's ReportId), plus the .NET Runtime 1026 written just
 * before the 1000 of the same process.
 */
import type { CrashEvent, DotNetErrorEvent } from '../eventlog/crash-event-model';
import { normalReportId } from './record-links';
import { isoMs } from './record-time';

/**
 * How long after a .NET Runtime 1026 the Application Error 1000 of the same crash may come. The
 * runtime writes the 1026 and then lets the process fail; WER writes the 1000 when it catches
 * that, within a second or two on a healthy machine. A minute leaves room for a busy machine yet
 * keeps a 1026 from reaching the next crash of an app that crashes in a loop (it takes the first
 * 1000 after it anyway, and each 1000 takes at most one 1026).
 */
export const DOTNET_WINDOW_MS = 60_000;

/** Log order: record ids are the order the log wrote events, whatever the clock said; time breaks ties. */
export function compareLogOrder(a: CrashEvent, b: CrashEvent): number {
  if (a.recordId !== b.recordId) return a.recordId - b.recordId;
  return (a.time ?? '') < (b.time ?? '') ? -1 : (a.time ?? '') > (b.time ?? '') ? 1 : 0;
}

/** The report id an event names (bare lower-case GUID); null for 1026 (it names none) or when it is not a GUID. */
function reportKey(event: CrashEvent): string | null {
  return event.kind === 'dotnet-error' ? null : normalReportId(event.reportId);
}

/** Whether a 1026 came at most DOTNET_WINDOW_MS before a 1000 (both times known). */
function justBefore(dotnet: DotNetErrorEvent, appError: CrashEvent): boolean {
  const from = isoMs(dotnet.time);
  const to = isoMs(appError.time);
  return from !== null && to !== null && to - from >= 0 && to - from <= DOTNET_WINDOW_MS;
}

/**
 * Groups a log's crash events into crashes, each group in log order. An event without a usable
 * report id is a crash of its own (a 1000 still takes its 1026); a 1026 no 1000 takes is one too.
 */
export function groupCrashEvents(events: readonly CrashEvent[]): CrashEvent[][] {
  const ordered = [...events].sort(compareLogOrder);
  const groups: CrashEvent[][] = [];
  const byReport = new Map<string, CrashEvent[]>();
  // The latest 1026 of each application (lower case) still waiting for its 1000.
  const waiting = new Map<string, DotNetErrorEvent>();
  const alone = (event: CrashEvent): void => void groups.push([event]);
  for (const event of ordered) {
    if (event.kind === 'dotnet-error') {
      const app = event.fields.application?.toLowerCase();
      if (app === undefined) alone(event);
      else {
        const earlier = waiting.get(app);
        if (earlier) alone(earlier);
        waiting.set(app, event);
      }
      continue;
    }
    const key = reportKey(event);
    let group = key === null ? undefined : byReport.get(key);
    if (!group) {
      group = [];
      groups.push(group);
      if (key !== null) byReport.set(key, group);
    }
    group.push(event);
    const app = event.kind === 'app-error' ? event.fields.application?.toLowerCase() : undefined;
    const dotnet = app === undefined ? undefined : waiting.get(app);
    if (app !== undefined && dotnet) {
      waiting.delete(app);
      if (justBefore(dotnet, event)) group.push(dotnet);
      else alone(dotnet);
    }
  }
  for (const dotnet of waiting.values()) alone(dotnet);
  return groups.map((g) => g.sort(compareLogOrder));
}
