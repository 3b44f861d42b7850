/** Application Hang 1002 (classic unnamed fields, or named fields). */
import type { EvtxRecord } from '../evtx/evtx-model';
import type { AppHangEvent } from './crash-event-model';
import { compactFields } from './parse-app-error';
import { baseOf, eventFields, hexFileTime, nonEmpty, parsePid, reportIdOf } from './event-values';

/** Parses an Application Hang 1002 event. */
export function parseAppHang(record: EvtxRecord): AppHangEvent {
  const f = eventFields(record);
  const problems: string[] = [];
  if (f.count < 7) problems.push(`event 1002 has ${f.count} Data fields (at least 7 expected)`);
  return {
    kind: 'app-hang',
    ...baseOf(record, f.form),
    fields: compactFields({
      application: nonEmpty(f.get(0, 'AppName')),
      applicationVersion: nonEmpty(f.get(1, 'AppVersion')),
    }),
    process: { pid: parsePid(f.get(2, 'ProcessId', 'ProcessID')), startTime: hexFileTime(f.get(3, 'StartTime')) },
    terminationTime: nonEmpty(f.get(4, 'TerminationTime')),
    applicationPath: nonEmpty(f.get(5, 'ExeFileName', 'AppPath')),
    reportId: reportIdOf(f.get(6, 'ReportId', 'ReportID')),
    packageFullName: nonEmpty(f.get(7, 'PackageFullName')),
    packageRelativeAppId: nonEmpty(f.get(8, 'PackageRelativeAppId')),
    hangType: nonEmpty(f.get(9, 'HangType')),
    binary: record.binary,
    problems,
  };
}
