/**
 * .NET Runtime 1026: one localised text ("Application: …", "Framework Version: …", "Description:
 * …", "Exception Info: …", stack). Labels differ by language, so lines are read by position and
 * only the part after the first colon is used. .NET Core adds a ".NET Version" line: version-like
 * lines after the first are skipped.
 */
import type { EvtxRecord } from '../evtx/evtx-model';
import type { DotNetErrorEvent } from './crash-event-model';
import { compactFields } from './parse-app-error';
import { baseOf, eventFields, nonEmpty } from './event-values';

const VERSION = /^v?\d+(\.\d+)+/;

/** The text after a line's first colon (ASCII or full-width), trimmed; null when it has none. */
function valueOf(line: string | undefined): string | null {
  if (line === undefined) return null;
  const m = /^[^:：]*[:：]\s?(.*)$/.exec(line);
  return m ? nonEmpty(m[1]!) : null;
}

/** Parses a .NET Runtime 1026 event. */
export function parseDotNetError(record: EvtxRecord): DotNetErrorEvent {
  const f = eventFields(record);
  const text = f.get(0) ?? '';
  const lines = text.split(/\r?\n/);
  const problems: string[] = [];
  const application = valueOf(lines[0]);
  let at = 1;
  const runtimeVersion = valueOf(lines[at]);
  at++;
  // CoreCLR Version / .NET Version: every further version line belongs to the header.
  while (at < lines.length && VERSION.test(valueOf(lines[at]) ?? '') && !/^\s/.test(lines[at]!)) at++;
  const description = valueOf(lines[at]);
  const exceptionLine = valueOf(lines[at + 1]);
  let exceptionType: string | null = null;
  let exceptionMessage: string | null = null;
  if (exceptionLine !== null) {
    const m = /^([^\s:]+)(?::\s*(.*))?$/.exec(exceptionLine);
    exceptionType = m?.[1] ?? exceptionLine;
    exceptionMessage = nonEmpty(m?.[2] ?? null);
  }
  if (application === null || exceptionType === null) problems.push('the .NET Runtime text does not have the expected lines');
  const stack = lines.slice(at + 2).filter((l) => /^\s+\S/.test(l)).map((l) => l.trim());
  return {
    kind: 'dotnet-error',
    ...baseOf(record, f.form),
    fields: compactFields({ application, exceptionType }),
    runtimeVersion,
    description,
    exceptionType,
    exceptionMessage,
    stack,
    text,
    problems,
  };
}
