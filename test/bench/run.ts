/**
 * `npm run bench [-- NAME...]`: prints performance figures for the hot paths (all by default;
 * names: scan, minidump, library, idle, export, cer, ui, symbols, evtx, kernel, records,
 * collectors, query, scale, sqlite; idle, scale and sqlite run only when named: they generate
 * gigabytes of stores or need an optional native module). Not a test: nothing here fails on time.
 */
import { cpus } from 'node:os';
import { benchCer } from './cer-bench';
import { benchCollectors } from './collectors-bench';
import { benchEvtx } from './evtx-bench';
import { benchExport } from './export-bench';
import { benchKernel } from './kernel-bench';
import { benchLibrary } from './library-bench';
import { benchLibraryIdle } from './library-idle';
import { benchMinidump } from './minidump-bench';
import { benchQuery } from './query-bench';
import { benchRecords } from './records-bench';
import { benchScale } from './scale-bench';
import { benchSqlite } from './sqlite-bench';
import { benchScan } from './scan-bench';
import { benchSymbols } from './symbols-bench';
import { benchUi } from './ui-bench';

const BENCHES: Readonly<Record<string, (log: (line: string) => void) => Promise<void>>> = {
  scan: benchScan,
  minidump: benchMinidump,
  library: benchLibrary,
  idle: (log) => benchLibraryIdle(log),
  export: benchExport,
  cer: benchCer,
  ui: benchUi,
  symbols: benchSymbols,
  evtx: benchEvtx,
  kernel: benchKernel,
  records: benchRecords,
  collectors: benchCollectors,
  query: benchQuery,
  scale: benchScale,
  sqlite: benchSqlite,
};

/** Benches run only when named: they generate gigabytes of stores and run for tens of minutes. */
const ON_REQUEST_ONLY: ReadonlySet<string> = new Set(['scale', 'idle', 'sqlite']);

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((n) => !(n in BENCHES));
  if (unknown.length > 0) throw new Error(`unknown bench: ${unknown.join(', ')} (known: ${Object.keys(BENCHES).join(', ')})`);
  log(`node ${process.version}, ${cpus().length} cores`);
  for (const [name, bench] of Object.entries(BENCHES)) {
    if (wanted.length === 0 ? !ON_REQUEST_ONLY.has(name) : wanted.includes(name)) await bench(log);
  }
}

void main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
