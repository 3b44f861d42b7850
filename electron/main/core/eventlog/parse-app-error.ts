/** Application Error 1000 (classic 13 or 15 unnamed fields, or Windows 11 named fields). */
import { normalizeHexCode, type SemanticFields } from '../../../../shared/sig-fields';
import type { EvtxRecord } from '../evtx/evtx-model';
import type { AppErrorEvent } from './crash-event-model';
import { baseOf, eventFields, hexFileTime, nonEmpty, parsePid, reportIdOf } from './event-values';

/** An exception offset as Report.wer's Sig writes it: lower-case hex, no `0x`. */
export function normalizeOffset(value: string | null): string | null {
  const v = nonEmpty(value);
  if (v === null) return null;
  const m = /^(?:0x)?([0-9a-f]+)$/i.exec(v);
  return m ? m[1]!.toLowerCase() : v;
}

/** Builds the semantic fields from the values present. */
export function compactFields(fields: Record<string, string | null>): SemanticFields {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== null) out[k] = v;
  return out;
}

/** Parses an Application Error 1000 event. */
export function parseAppError(record: EvtxRecord): AppErrorEvent {
  const f = eventFields(record);
  const problems: string[] = [];
  if (f.form === 'classic' && f.count !== 13 && f.count !== 15) problems.push(`event 1000 has ${f.count} Data fields (13 or 15 expected)`);
  const code = nonEmpty(f.get(6, 'ExceptionCode'));
  const pidText = f.get(8, 'ProcessId');
  const pid = parsePid(pidText);
  if (nonEmpty(pidText) !== null && pid === null) problems.push(`process id "${pidText}" is not hex`);
  return {
    kind: 'app-error',
    ...baseOf(record, f.form),
    fields: compactFields({
      application: nonEmpty(f.get(0, 'AppName')),
      applicationVersion: nonEmpty(f.get(1, 'AppVersion')),
      applicationTimestamp: nonEmpty(f.get(2, 'AppTimeStamp')),
      module: nonEmpty(f.get(3, 'ModuleName')),
      moduleVersion: nonEmpty(f.get(4, 'ModuleVersion')),
      moduleTimestamp: nonEmpty(f.get(5, 'ModuleTimeStamp')),
      exceptionCode: code === null ? null : normalizeHexCode(code),
      exceptionOffset: normalizeOffset(f.get(7, 'FaultingOffset')),
    }),
    process: { pid, startTime: hexFileTime(f.get(9, 'ProcessCreationTime')) },
    applicationPath: nonEmpty(f.get(10, 'AppPath')),
    modulePath: nonEmpty(f.get(11, 'ModulePath')),
    reportId: reportIdOf(f.get(12, 'IntegratorReportId')),
    packageFullName: nonEmpty(f.get(13, 'PackageFullName')),
    packageRelativeAppId: nonEmpty(f.get(14, 'PackageRelativeAppId')),
    problems,
  };
}
