/** System log BugCheck 1001: param1 "code (p1, p2, p3, p4)", param2 the dump path, param3 the report id. */
import { normalizeHexCode } from '../../../../shared/sig-fields';
import type { EvtxRecord } from '../evtx/evtx-model';
import type { BugCheckEvent } from './crash-event-model';
import { compactFields } from './parse-app-error';
import { baseOf, eventFields, nonEmpty, reportIdOf } from './event-values';

/** Parses a BugCheck 1001 event. */
export function parseBugCheck(record: EvtxRecord): BugCheckEvent {
  const f = eventFields(record);
  const problems: string[] = [];
  const first = nonEmpty(f.get(0, 'param1')) ?? '';
  const m = /^(0x)?([0-9a-f]{1,16})\s*(?:\(([^)]*)\))?/i.exec(first);
  const code = m ? normalizeHexCode((m[2]!.length > 8 ? m[2]!.slice(-8) : m[2]!)) : null;
  const parameters = m?.[3] ? m[3].split(',').map((p) => p.trim()).filter((p) => p !== '') : [];
  if (code === null) problems.push(`bug check text "${first}" has no code`);
  const p = (i: number): string | null => parameters[i] ?? null;
  return {
    kind: 'bugcheck',
    ...baseOf(record, f.form),
    fields: compactFields({ bugCheckCode: code, bugCheckParameter1: p(0), bugCheckParameter2: p(1), bugCheckParameter3: p(2), bugCheckParameter4: p(3) }),
    bugCheckCode: code,
    parameters,
    dumpPath: nonEmpty(f.get(1, 'param2')),
    reportId: reportIdOf(f.get(2, 'param3')),
    problems,
  };
}
