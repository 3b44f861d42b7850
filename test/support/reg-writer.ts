/**
 * Writes registry exports the way regedit does (Windows Registry Editor Version 5.00: UTF-16LE
 * with BOM, CRLF, hex lists wrapped at 80 columns with `\` and two-space continuations; or
 * REGEDIT4 in ANSI), so the .reg parser is checked against the documented format, not against itself.
 */

/** One value to write. */
export type RegWriterValue =
  | { readonly name: string; readonly kind: 'sz'; readonly data: string }
  | { readonly name: string; readonly kind: 'expand'; readonly data: string }
  | { readonly name: string; readonly kind: 'multi'; readonly data: readonly string[] }
  | { readonly name: string; readonly kind: 'dword'; readonly data: number }
  | { readonly name: string; readonly kind: 'qword'; readonly data: bigint }
  | { readonly name: string; readonly kind: 'binary'; readonly data: Uint8Array }
  | { readonly name: string; readonly kind: 'delete' };

/** One key: its full path (`HKEY_LOCAL_MACHINE\...`), deleted (`[-...]`) or with values. */
export interface RegWriterKey {
  readonly path: string;
  readonly deleted?: boolean;
  readonly values?: readonly RegWriterValue[];
}

/** Which export format. */
export type RegVersion = 5 | 4;

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

function stringBytes(s: string, version: RegVersion): number[] {
  return [...(version === 5 ? Buffer.from(`${s}\0`, 'utf16le') : Buffer.from(`${s}\0`, 'latin1'))];
}

/** `prefix` then the bytes as regedit wraps them: lines end with `,\` before column 80, continuations start with two spaces. */
export function hexLines(prefix: string, bytes: readonly number[]): string[] {
  const lines: string[] = [];
  let line = prefix;
  bytes.forEach((b, i) => {
    const last = i === bytes.length - 1;
    const item = `${b.toString(16).padStart(2, '0')}${last ? '' : ','}`;
    if (line.length + item.length > 77 && line.trim().length > 0 && line !== prefix) {
      lines.push(`${line}\\`);
      line = '  ';
    }
    line += item;
  });
  lines.push(line);
  return lines;
}

function valueLines(v: RegWriterValue, version: RegVersion): string[] {
  const name = v.name === '' ? '@' : quote(v.name);
  switch (v.kind) {
    case 'sz':
      return [`${name}=${quote(v.data)}`];
    case 'dword':
      return [`${name}=dword:${(v.data >>> 0).toString(16).padStart(8, '0')}`];
    case 'expand':
      return hexLines(`${name}=hex(2):`, stringBytes(v.data, version));
    case 'multi':
      return hexLines(`${name}=hex(7):`, [...v.data.flatMap((s) => stringBytes(s, version)), ...stringBytes('', version)]);
    case 'qword': {
      const b = Buffer.alloc(8);
      b.writeBigUInt64LE(v.data);
      return hexLines(`${name}=hex(b):`, [...b]);
    }
    case 'binary':
      return hexLines(`${name}=hex:`, [...v.data]);
    case 'delete':
      return [`${name}=-`];
  }
}

/** The text of an export (CRLF line ends, blank line after each key, as regedit writes). */
export function regText(keys: readonly RegWriterKey[], version: RegVersion = 5): string {
  const lines = [version === 5 ? 'Windows Registry Editor Version 5.00' : 'REGEDIT4', ''];
  for (const k of keys) {
    lines.push(k.deleted ? `[-${k.path}]` : `[${k.path}]`);
    for (const v of k.values ?? []) lines.push(...valueLines(v, version));
    lines.push('');
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The bytes of an export: version 5 as UTF-16LE with BOM, REGEDIT4 as ANSI (latin1). */
export function regFileBytes(keys: readonly RegWriterKey[], version: RegVersion = 5): Buffer {
  const text = regText(keys, version);
  return version === 5 ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text, 'latin1');
}

/** The WER keys' full paths, for building exports. */
export const REG_PATHS = {
  machine: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting',
  user: 'HKEY_CURRENT_USER\\SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting',
  policy: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\Windows\\Windows Error Reporting',
  pchealth: 'HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\Microsoft\\PCHealth\\ErrorReporting',
} as const;
