/** `npm run bench`: prints figures for the hot paths. Not a test: nothing here fails on time. */
import { benchMinidump } from './minidump-bench';
import { benchScan } from './scan-bench';

async function main(): Promise<void> {
  const log = (line: string) => console.log(line);
  log(`node ${process.version}, ${(await import('node:os')).cpus().length} cores`);
  await benchScan(log);
  await benchMinidump(log);
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
