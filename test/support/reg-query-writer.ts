/**
 * Writes `reg query KEY /s` output as Windows' reg.exe prints it (wer-formats.md §8): CRLF, a
 * blank line, the full key name, then `    NAME    TYPE    DATA` per value (DWORD/QWORD as
 * `0x…`, MULTI_SZ joined with a literal `\0`, binary as upper-case hex).
 */

/** One value as reg query shows it. */
export type RegQueryValue =
  | { readonly name: string; readonly type: 'REG_SZ' | 'REG_EXPAND_SZ'; readonly data: string }
  | { readonly name: string; readonly type: 'REG_DWORD' | 'REG_QWORD'; readonly data: number }
  | { readonly name: string; readonly type: 'REG_MULTI_SZ'; readonly data: readonly string[] }
  | { readonly name: string; readonly type: 'REG_BINARY'; readonly data: Uint8Array };

/** One key and its values. */
export interface RegQueryKey {
  readonly path: string;
  readonly values: readonly RegQueryValue[];
}

function data(v: RegQueryValue): string {
  switch (v.type) {
    case 'REG_DWORD':
    case 'REG_QWORD':
      return `0x${v.data.toString(16)}`;
    case 'REG_MULTI_SZ':
      return v.data.join('\\0');
    case 'REG_BINARY':
      return Buffer.from(v.data).toString('hex').toUpperCase();
    default:
      return v.data;
  }
}

/** The output of `reg query ROOT /s` over `keys` (ROOT first, subkeys after, as reg.exe walks them). */
export function regQueryText(keys: readonly RegQueryKey[]): string {
  const lines: string[] = [];
  for (const k of keys) {
    lines.push('', k.path);
    for (const v of k.values) lines.push(`    ${v.name === '' ? '(Default)' : v.name}    ${v.type}    ${data(v)}`);
  }
  lines.push('');
  return lines.join('\r\n');
}
