/**
 * The peers: `evtxexport -f xml` (libevtx-utils) run on a file, its output read back with the
 * same XML reader as Windows' export, and python-evtx's `evtx_dump.py`. A missing peer fails the
 * test with the Debian package to install (.ci/run installs both): peer checks are never skipped.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { parseExportedEvents, type ExportedEvent } from './evtx-windows-xml';

/** Runs a peer, failing with the package that brings it when it is not installed. */
function runPeer(tool: string, args: readonly string[], debianPackage: string): string {
  if (spawnSync(tool, ['-h'], { encoding: 'utf8' }).error) throw new Error(`${tool} is not installed: apt-get install ${debianPackage}`);
  return execFileSync(tool, [...args], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
}

/** Runs `evtxexport -f xml FILE` and parses its events (in file order). */
export function evtxexportEvents(path: string): ExportedEvent[] {
  const out = runPeer('evtxexport', ['-f', 'xml', path], 'libevtx-utils');
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


/**
 * The string-array items python-evtx prints for each record (it joins a classic event's array
 * into one `<Data>` of escaped `<string>` elements), in file order.
 */
export function pythonEvtxStringArrays(path: string): string[][] {
  const out = runPeer('evtx_dump.py', [path], 'python3-evtx');
  return out
    .split('<Event xmlns=')
    .slice(1)
    .map((event) => [...event.matchAll(/&lt;string&gt;([\s\S]*?)&lt;\/string&gt;/g)].map((m) => m[1]!));
}
