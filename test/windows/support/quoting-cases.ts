/** The argument lists the quoting probe hands to Windows programs (seeded, so a failure reproduces). */
import { mulberry32 } from '../../support/prng';

/** The key the probe writes and removes again. */
export const QUOTING_KEY = 'HKEY_CURRENT_USER\\Software\\WER Explorer quoting test';

/** Hostile data for reg.exe's /d: blanks, quotes of every kind, backslashes before quotes and at the end, cmd and PowerShell specials. */
export const REG_DATA_CASES: readonly string[] = [
  'C:\\dumps dir\\',
  'say "hi" \\"there\\"',
  "it's ‘quoted’ ‚twice‛",
  '',
  '  lead and trail  ',
  'a\\\\"b\\\\',
  '%LOCALAPPDATA%\\CrashDumps ^&|<>()$`;',
  '日本語 😀 é',
];

/** Argument lists of hostile strings, for the argv round trip. */
export function quotingCases(count = 40): string[][] {
  const prng = mulberry32(0x0c0ffee);
  const alphabet = ['a', 'Z', ' ', ' ', '\t', '\\', '\\', '"', '"', "'", '\u2018', '\u2019', '$', '`', '%', '&', '|', '^', '<', 'é', '日'];
  const cases: string[][] = [['add', QUOTING_KEY, '/v', 'DumpType', '/d', '2'], ['', 'x', ''], [...REG_DATA_CASES]];
  while (cases.length < count) {
    cases.push(Array.from({ length: 1 + prng.int(5) }, () => Array.from({ length: prng.int(10) }, () => prng.pick(alphabet)).join('')));
  }
  return cases;
}
