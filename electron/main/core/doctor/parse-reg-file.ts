/**
 * Parses a registry export (.reg): version 5 (regedit's UTF-16LE with BOM, CRLF) and REGEDIT4
 * (ANSI). Keys `[...]`, deletions `[-...]` and `"name"=-`, strings with `\\` `\"` escapes,
 * `dword:`, `hex:` and `hex(N):` values continued over lines with a trailing `\`, `;` comments.
 * Hostile files end in bounded problems, never a throw: logical lines are capped, problems too.
 */
import { err, ok, type Result } from '../../../../shared/result';
import { decodeText } from '../text/decode-text';
import { regDataOf, regTypeOf } from './reg-data';
import { canonicalKeyPath, createSnapshotBuilder, type RegSnapshot, type SnapshotBuilder } from './registry-snapshot';

/** Longest logical line (continuations joined): far above any WER value, far below memory trouble. */
export const MAX_LOGICAL_LINE = 1 << 20;

const HEADER_V5 = 'Windows Registry Editor Version 5.00';
const HEADER_V4 = 'REGEDIT4';

/** A parsed export and the header it had. */
export interface RegFile {
  readonly format: 'regedit5' | 'regedit4' | 'none';
  readonly snapshot: RegSnapshot;
}

interface LogicalLine {
  readonly line: number;
  readonly text: string;
}

/** Joins `\`-continued hex lines; a line over the cap is consumed to its end and reported, not kept. */
function* logicalLines(lines: readonly string[], first: number, b: SnapshotBuilder): Generator<LogicalLine> {
  let i = first;
  while (i < lines.length) {
    const start = i + 1;
    let last = (lines[i] ?? '').trimEnd();
    i++;
    // Parts, not repeated concatenation: thousands of continuation lines must stay linear.
    const parts: string[] = [];
    let length = last.length;
    let tooLong = length > MAX_LOGICAL_LINE;
    let truncated = false;
    const continued = last.endsWith('\\') && HEX_VALUE_START.test(last.slice(0, 4096));
    while (continued && last.endsWith('\\')) {
      if (i >= lines.length) {
        b.problem(`line ${start}: the value continues past the end of the file`);
        truncated = true;
        break;
      }
      if (!tooLong) parts.push(last.slice(0, -1));
      last = (lines[i] ?? '').trim();
      i++;
      length += last.length;
      if (length > MAX_LOGICAL_LINE) tooLong = true;
    }
    if (truncated) continue;
    if (tooLong) {
      b.problem(`line ${start}: longer than ${MAX_LOGICAL_LINE} characters, skipped`);
      continue;
    }
    parts.push(last);
    yield { line: start, text: parts.join('') };
  }
}

/** Only hex lists are continued by regedit; a string value ending in `\` is not a continuation. */
const HEX_VALUE_START = /^\s*(?:"(?:[^"\\]|\\.)*"|@)\s*=\s*hex(?:\([0-9a-fA-F]+\))?:/;

/** Reads a quoted name or string at `from` (on the opening quote); returns it and the index after the closing quote. */
function readQuoted(s: string, from: number): { text: string; end: number } | null {
  let out = '';
  for (let i = from + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\' && i + 1 < s.length) {
      out += s[i + 1];
      i++;
    } else if (c === '"') return { text: out, end: i + 1 };
    else out += c;
  }
  return null;
}

function hexBytes(list: string): Uint8Array | null {
  const parts = list.split(',').map((p) => p.trim()).filter((p, i, all) => p.length > 0 || i < all.length - 1);
  const bytes = new Uint8Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) return null;
    bytes[i] = Number.parseInt(p, 16);
  }
  return bytes;
}

function valueLine(l: LogicalLine, unicode: boolean, b: SnapshotBuilder): void {
  let name: string;
  let rest: string;
  if (l.text.startsWith('@')) {
    name = '';
    rest = l.text.slice(1).trimStart();
  } else {
    const q = readQuoted(l.text, 0);
    if (!q) return b.problem(`line ${l.line}: unterminated value name`);
    name = q.text;
    rest = l.text.slice(q.end).trimStart();
  }
  if (!rest.startsWith('=')) return b.problem(`line ${l.line}: no "=" after the value name`);
  const data = rest.slice(1).trim();
  const set = (v: Parameters<SnapshotBuilder['setValue']>[0]): void => {
    if (!b.setValue(v)) b.problem(`line ${l.line}: value ${JSON.stringify(name)} outside any key`);
  };
  if (data === '-') {
    if (!b.deleteValue(name)) b.problem(`line ${l.line}: value deletion outside any key`);
    return;
  }
  if (data.startsWith('"')) {
    const q = readQuoted(data, 0);
    if (!q || data.slice(q.end).trim() !== '') return b.problem(`line ${l.line}: bad string data for ${JSON.stringify(name)}`);
    return set({ name, type: 'REG_SZ', value: q.text });
  }
  const dword = /^dword:([0-9a-fA-F]{1,8})$/i.exec(data);
  if (dword) return set({ name, type: 'REG_DWORD', value: Number.parseInt(dword[1] ?? '0', 16) });
  const hex = /^hex(?:\(([0-9a-fA-F]{1,8})\))?:(.*)$/i.exec(data);
  if (hex) {
    const bytes = hexBytes(hex[2] ?? '');
    if (!bytes) return b.problem(`line ${l.line}: bad hex data for ${JSON.stringify(name)}`);
    const type = regTypeOf(hex[1] === undefined ? 3 : Number.parseInt(hex[1], 16));
    return set({ name, type, value: regDataOf(type, bytes, unicode) });
  }
  b.problem(`line ${l.line}: unknown data for ${JSON.stringify(name)}: ${data.slice(0, 40)}`);
}

/** Parses .reg text (already decoded). */
export function parseRegText(text: string): RegFile {
  const b = createSnapshotBuilder();
  const lines = text.split(/\r\n|\n|\r/);
  let index = 0;
  while (index < lines.length && (lines[index] ?? '').trim() === '') index++;
  const header = (lines[index] ?? '').trim();
  const format = header === HEADER_V5 ? 'regedit5' : header === HEADER_V4 ? 'regedit4' : 'none';
  if (format === 'none') b.problem(`no .reg header (expected "${HEADER_V5}" or "${HEADER_V4}")`);
  else index++;
  const unicode = format !== 'regedit4';
  for (const l of logicalLines(lines, index, b)) {
    const line = { line: l.line, text: l.text.trimStart() };
    const t = line.text;
    if (t === '' || t.startsWith(';')) continue;
    if (t.startsWith('[')) {
      const close = t.lastIndexOf(']');
      if (close < 0) {
        b.problem(`line ${line.line}: unterminated key name`);
        continue;
      }
      const inner = t.slice(1, close);
      if (inner.startsWith('-')) b.deleteKey(canonicalKeyPath(inner.slice(1)));
      else b.openKey(canonicalKeyPath(inner));
    } else if (t.startsWith('"') || t.startsWith('@')) valueLine(line, unicode, b);
    else b.problem(`line ${line.line}: not a key, value or comment: ${t.slice(0, 40)}`);
  }
  return { format, snapshot: b.build() };
}

/**
 * Parses .reg bytes in whatever encoding they came in; an error only when nothing in them looks
 * like a registry export (no header and no key), so a wrong file is not reported as "no settings".
 */
export function parseRegFile(bytes: Uint8Array): Result<RegFile, string> {
  const decoded = decodeText(bytes);
  const file = parseRegText(decoded.text.replace(/^\uFEFF/, ''));
  if (file.format === 'none' && file.snapshot.keys.length === 0) {
    return err('not a registry export: no "Windows Registry Editor Version 5.00" or "REGEDIT4" header and no [key] lines');
  }
  return ok(file);
}
