/**
 * memory.csv (`WERxxxx.tmp.csv`): the process list WER saves with a report. UTF-16LE without a
 * BOM on disk; this parser takes the decoded text. RFC 4180 quoting is accepted although Windows
 * only quotes the image name.
 */
import type { MemoryCsv } from '../../../../shared/metadata-model';

/** Rows kept by default: a real list has a few hundred processes. */
export const DEFAULT_MAX_CSV_ROWS = 10_000;

/** Options of {@link parseMemoryCsv}. */
export interface MemoryCsvOptions {
  readonly maxRows?: number;
}

/** Parses memory.csv text into its header and rows of text cells. Never throws. */
export function parseMemoryCsv(text: string, options?: MemoryCsvOptions): MemoryCsv {
  const maxRows = options?.maxRows ?? DEFAULT_MAX_CSV_ROWS;
  const problems: string[] = [];
  const records: string[][] = [];
  let capped = false;
  const { unterminated } = readRecords(stripLeading(text), (record) => {
    // A lone empty field is a blank line (the final CRLF, or padding), not a process.
    if (record.length === 1 && record[0] === '') return true;
    if (records.length > maxRows) {
      capped = true;
      return false;
    }
    records.push(record);
    return true;
  });
  const [columns = [], ...rows] = records;
  if (records.length === 0) problems.push('The process list is empty.');
  if (capped) problems.push(`The process list has more than ${maxRows} rows; only the first ${maxRows} are shown.`);
  if (unterminated) problems.push('The process list ends inside a quoted value; the file is probably cut short.');
  const ragged = rows.filter((r) => r.length !== columns.length).length;
  if (ragged > 0) {
    problems.push(
      `${ragged} ${ragged === 1 ? 'row has' : 'rows have'} a different number of values than the header (${columns.length}).`,
    );
  }
  return { columns, rows, problems };
}

function stripLeading(text: string): string {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0xfeff || text.charCodeAt(i) === 0)) i++;
  return i === 0 ? text : text.slice(i);
}

/**
 * Streams RFC 4180 records to `onRecord` (which returns false to stop). A quote only opens a
 * quoted field at the start of a field; elsewhere it is kept as a plain character, which is
 * what spreadsheet programs do with sloppy files.
 */
function readRecords(text: string, onRecord: (record: string[]) => boolean): { unterminated: boolean } {
  let record: string[] = [];
  let i = 0;
  const n = text.length;
  while (i <= n) {
    let value: string;
    if (text.charCodeAt(i) === 34) {
      const parts: string[] = [];
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) {
          parts.push(text.slice(j));
          record.push(parts.join(''));
          onRecord(record);
          return { unterminated: true };
        }
        parts.push(text.slice(j, q));
        if (text.charCodeAt(q + 1) !== 34) {
          j = q + 1;
          break;
        }
        parts.push('"');
        j = q + 2;
      }
      // Anything between the closing quote and the next separator is kept, not dropped.
      const end = fieldEnd(text, j);
      value = parts.join('') + text.slice(j, end);
      i = end;
    } else {
      const end = fieldEnd(text, i);
      value = text.slice(i, end);
      i = end;
    }
    record.push(value);
    const c = text.charCodeAt(i);
    if (c === 44) {
      i++;
      continue;
    }
    // End of record: CRLF, LF, lone CR, or end of text.
    if (!onRecord(record)) return { unterminated: false };
    record = [];
    if (i >= n) break;
    i += c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
    if (i >= n) break;
  }
  return { unterminated: false };
}

/** Index of the next `,`, CR or LF at or after `from` (or the text length). */
function fieldEnd(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10 || c === 13) return i;
    i++;
  }
  return i;
}
