/**
 * The quoting of the elevated reg.exe's command line (electron/main/core/doctor/elevated-reg.ts)
 * checked by Windows programs under Wine: Windows Node hands each command line verbatim to a Node
 * child (whose C runtime splits it into argv) and to Wine's reg.exe, as Start-Process hands
 * -ArgumentList to the elevated reg.exe. The truth is the argument lists the probe started from.
 * (The UAC prompt itself cannot run here: Wine has no PowerShell and no UAC.)
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import type { QuotingProbe } from './support/quoting-probe';
import { REG_DATA_CASES } from './support/quoting-cases';
import { stageScript, windowsLane } from './support/wine-lane';
import { runWindowsNode } from './support/wine-run';

describe('elevated reg.exe quoting under Windows', () => {
  const lane = windowsLane();
  let probe: QuotingProbe;

  beforeAll(async () => {
    const bundle = join(lane.dir, 'quoting-probe.js');
    buildSync({ entryPoints: [join(__dirname, 'support', 'quoting-probe.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: bundle, logLevel: 'error' });
    const echo = join(lane.dir, 'argv-echo.js');
    writeFileSync(echo, 'process.stdout.write(JSON.stringify(process.argv.slice(2)));');
    const run = await runWindowsNode(lane, [await stageScript(lane, bundle), await stageScript(lane, echo)], 180_000);
    if (run.code !== 0) throw new Error(`the quoting probe failed (exit ${run.code}): ${run.stderr}`);
    probe = JSON.parse(run.stdout) as QuotingProbe;
  }, 200_000);

  it("a Windows program's argv is exactly the argument list the command line was made from", () => {
    expect(probe.echoed.length).toBeGreaterThanOrEqual(40);
    for (const e of probe.echoed) expect({ args: e.args, argv: e.argv, error: e.error }).toEqual({ args: e.args, argv: e.args, error: '' });
  });

  it("reg.exe writes hostile data exactly: reg export reads every value back unchanged", () => {
    expect(probe.regCodes).toEqual(REG_DATA_CASES.map(() => 0));
    expect(probe.exportProblems).toEqual([]);
    expect(probe.exported).toEqual(Object.fromEntries(REG_DATA_CASES.map((data, i) => [`v${i}`, data])));
  });
});
