/**
 * The core's Windows elevation check (electron/main/core/app/elevation.ts) under Windows Node in
 * Wine. It runs %SystemRoot%\System32\whoami.exe /groups and reads the mandatory label's SID.
 * Wine 8's whoami prints only DOMAIN\user, whatever the arguments: there is no label to read, so
 * the check must say "unknown" (null) — quickly, and because of the output, not because whoami
 * could not be started.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { elevationFromGroups } from '../../electron/main/core/app/elevation';
import type { ElevationProbe } from './support/elevation-probe';
import { linuxPath, stageScript, windowsLane } from './support/wine-lane';
import { type WineRun, runWine, runWindowsNode } from './support/wine-run';

const WHOAMI = 'C:\\windows\\system32\\whoami.exe';

describe('elevation check under Windows Node', () => {
  const lane = windowsLane();
  let direct: WineRun;
  let probe: ElevationProbe;

  beforeAll(async () => {
    const bundle = join(lane.dir, 'elevation-probe.js');
    buildSync({ entryPoints: [join(__dirname, 'support', 'elevation-probe.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: bundle, logLevel: 'error' });
    const script = await stageScript(lane, bundle);
    direct = await runWine(lane, WHOAMI, ['/groups', '/fo', 'csv', '/nh']);
    const run = await runWindowsNode(lane, [script]);
    if (run.code !== 0) throw new Error(`the elevation probe failed (exit ${run.code}): ${run.stderr}`);
    probe = JSON.parse(run.stdout) as ElevationProbe;
  });

  it('Wine has whoami.exe where the check looks for it, and it names the user', () => {
    expect(existsSync(linuxPath(lane, WHOAMI))).toBe(true);
    expect(direct.code).toBe(0);
    expect(direct.stdout.trim()).toMatch(new RegExp(`\\\\${lane.windowsUser}$`, 'i'));
  });

  it('Windows Node runs the same whoami and gets the same output', () => {
    expect(probe.whoami).toBe(direct.stdout);
  });

  it('checkElevation answers what the parser makes of that output: a boolean, or null when no label is listed', () => {
    expect(probe.elevated).toBe(elevationFromGroups(probe.whoami));
    if (probe.elevated === null) expect(probe.whoami).not.toMatch(/S-1-16-\d+/);
    // Well inside the check's 5 s whoami timeout: it answered, it did not give up.
    expect(probe.ms).toBeLessThan(4000);
  });
});
