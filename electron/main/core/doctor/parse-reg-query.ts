/**
 * Parses `reg query KEY /s` output: a blank line, the full key name, then each value as four
 * spaces, name, four spaces, type, four spaces, data (DWORD/QWORD as `0x…`, MULTI_SZ items joined
 * with a literal `\0`, binary as hex). Wine's reg.exe prints QWORDs as `(null)`: kept as null.
 */
import type { RegData, RegType } from '../../../../shared/doctor-model';
import { qwordData } from './reg-data';
import { canonicalKeyPath, createSnapshotBuilder, type RegSnapshot } from './registry-snapshot';

const VALUE_LINE = /^ {4}(.*?) {4}(REG_[A-Z0-9_]+)(?: {4}(.*))?$/;

const TYPES: ReadonlySet<string> = new Set(['REG_NONE', 'REG_SZ', 'REG_EXPAND_SZ', 'REG_BINARY', 'REG_DWORD', 'REG_DWORD_BIG_ENDIAN', 'REG_MULTI_SZ', 'REG_QWORD']);

function number(data: string): RegData {
  const m = /^0x([0-9a-fA-F]{1,16})$/.exec(data.trim());
  return m ? qwordData(BigInt(`0x${m[1]}`)) : null;
}

function dataOf(type: RegType, data: string): RegData {
  switch (type) {
    case 'REG_DWORD':
    case 'REG_DWORD_BIG_ENDIAN':
    case 'REG_QWORD':
      return number(data);
    case 'REG_MULTI_SZ':
      return data === '' ? [] : data.split('\\0');
    case 'REG_BINARY':
    case 'REG_NONE':
    case 'REG_UNKNOWN':
      return /^[0-9a-fA-F]*$/.test(data) ? data.toLowerCase() : null;
    default:
      return data;
  }
}

/** Parses the output of one or more `reg query … /s` runs. */
export function parseRegQuery(text: string): RegSnapshot {
  const b = createSnapshotBuilder();
  const lines = text.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') continue;
    if (/^HKEY_/i.test(line)) {
      b.openKey(canonicalKeyPath(line));
      continue;
    }
    const m = VALUE_LINE.exec(line);
    if (m) {
      const type = (TYPES.has(m[2] ?? '') ? m[2] : 'REG_UNKNOWN') as RegType;
      // reg.exe names the default value "(Default)" (localised on other UI languages).
      const name = m[1] === '(Default)' ? '' : (m[1] ?? '');
      const value = dataOf(type, m[3] ?? '');
      if (value === null) b.problem(`line ${i + 1}: ${type} data of ${JSON.stringify(name)} not readable: ${(m[3] ?? '').slice(0, 40)}`);
      if (!b.setValue({ name, type, value })) b.problem(`line ${i + 1}: value outside any key`);
      continue;
    }
    // "End of search" (with /f) and similar trailers are not settings.
    if (/^End of search/i.test(line)) continue;
    b.problem(`line ${i + 1}: not a key or value: ${line.trim().slice(0, 60)}`);
  }
  return b.build();
}
