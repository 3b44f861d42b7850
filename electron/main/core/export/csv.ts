/** CSV writing per RFC 4180, for list exports and `scan --csv`. */

/** A CSV cell value. */
export type CsvValue = string | number | null | undefined;

/** Options of CSV writing. */
export interface CsvOptions {
  /**
   * Prefix cells that start with `=`, `+`, `-`, `@`, tab or CR with `'`, so a spreadsheet does not
   * run report text as a formula (CSV injection). Off for `scan --csv`, whose values must stay exact.
   */
  readonly spreadsheetSafe?: boolean;
}

/** Quotes one CSV field when it holds a comma, quote or line break. */
export function csvField(value: CsvValue, options: CsvOptions = {}): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (options.spreadsheetSafe && typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Formats rows as CSV text with CRLF line ends (what spreadsheet programs expect). */
export function toCsv(header: readonly string[], rows: readonly (readonly CsvValue[])[], options: CsvOptions = {}): string {
  return [header, ...rows].map((row) => row.map((v) => csvField(v, options)).join(',')).join('\r\n') + '\r\n';
}
