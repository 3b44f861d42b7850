/**
 * The peers: `evtxexport -f xml` (libevtx-utils) run on a file, its output read back with the
 * same XML reader as Windows' export. Tests skip the peer checks when the tool is missing.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { parseExportedEvents, type ExportedEvent } from './evtx-windows-xml';

/** True when `evtxexport` is on the PATH. */
export function hasEvtxexport(): boolean {
  return spawnSync('evtxexport', ['-V'], { encoding: 'utf8' }).status === 0;
}

/** Runs `evtxexport -f xml FILE` and parses its events (in file order). */
export function evtxexportEvents(path: string): ExportedEvent[] {
  const out = execFileSync('evtxexport', ['-f', 'xml', path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return parseExportedEvents(out.replace(/^evtxexport [^\n]*\n/, ''));
}

/**
 * Brings evtxexport's renderings to Windows' form: it pads Keywords to 16 digits and writes
 * 9 fraction digits in TimeCreated, where Windows writes no padding and 7 digits.
 */
export function normaliseEvtxexportSystem(system: Readonly<Record<string, string | number | null>>): Record<string, string | number | null> {
  const out = { ...system };
  if (typeof out['keywords'] === 'string') out['keywords'] = '0x' + (BigInt(out['keywords']).toString(16));
  if (typeof out['timeCreated'] === 'string') out['timeCreated'] = out['timeCreated'].replace(/\.(\d{7})\d*Z$/, '.$1Z');
  return out;
}

/** True when python-evtx's `evtx_dump.py` is on the PATH. */
export function hasPythonEvtx(): boolean {
  return spawnSync('evtx_dump.py', ['-h'], { encoding: 'utf8' }).status === 0;
}

/**
 * The string-array items python-evtx prints for each record (it joins a classic event's array
 * into one `<Data>` of escaped `<string>` elements), in file order.
 */
export function pythonEvtxStringArrays(path: string): string[][] {
  const out = execFileSync('evtx_dump.py', [path], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  return out
    .split('<Event xmlns=')
    .slice(1)
    .map((event) => [...event.matchAll(/&lt;string&gt;([\s\S]*?)&lt;\/string&gt;/g)].map((m) => m[1]!));
}
