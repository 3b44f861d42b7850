/**
 * Whether a Report.wer was cut off. Windows writes FriendlyEventName, ConsentKey, AppName and
 * AppPath after every indexed block (Sig[], LoadedModule[], File[], ...; wer-formats.md §2.1), so
 * a report with none of them lost its end: a copy interrupted, a disk full, a paste cut short.
 */

/** The closing keys, lower case as in the parser's index; Cer.MachineName closes the reports our CER collector writes. */
const CLOSING_KEYS = ['friendlyeventname', 'consentkey', 'appname', 'apppath', 'cer.machinename'] as const;
const SHOWN_KEYS = 'FriendlyEventName, ConsentKey, AppName or AppPath';
// The cut line is echoed only this far.
const ECHO_LIMIT = 40;

/** A problem saying the report looks truncated, or null; `top` holds its plain keys in lower case. */
export function truncationProblem(text: string, top: ReadonlyMap<string, string>): string | null {
  if (CLOSING_KEYS.some((key) => top.has(key))) return null;
  const body = text.trimEnd();
  const lastLine = body.slice(body.lastIndexOf('\n') + 1).trim();
  const shown = lastLine.length > ECHO_LIMIT ? `${lastLine.slice(0, ECHO_LIMIT)}…` : lastLine;
  return (
    `The Report.wer looks cut off after "${shown}": it has none of the keys Windows writes at its end ` +
    `(${SHOWN_KEYS}), so whatever followed is missing.`
  );
}
