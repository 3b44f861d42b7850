/**
 * Makes and removes the lane's Wine prefix: a fresh one per run in a temp folder, owned by the
 * Wine user (Wine refuses a prefix owned by anyone else), with a persistent wineserver so each
 * node.exe start costs ~0.7 s instead of also starting Wine's services. Windows Node and the
 * built app are installed on its drive C:.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { chown, copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, win32 } from 'node:path';
import { BUILT, requireBuilt } from '../../support/built';
import { stageApp } from './stage-app';
import { WINDOWS_NODE, ensureWindowsNode } from './windows-node';
import { APP_DIR, NODE_EXE, WINE, WINESERVER, type WindowsLane, chooseWineUser, linuxPath, wineEnv } from './wine-lane';
import { runWindowsNode } from './wine-run';

/**
 * Runs a Wine tool as the Wine user and waits for it. Its output goes to a file: the wineserver
 * and Wine's services it starts live on and would hold a pipe open until they end.
 */
function wineTool(lane: Pick<WindowsLane, 'prefix' | 'home' | 'user' | 'ioDir'>, tool: string, args: readonly string[], timeoutMs: number): { status: number | null; output: string } {
  const log = join(lane.ioDir, `${basename(tool)}${args.join('')}.log`.replace(/[^\w.-]+/g, '_'));
  const fd = openSync(log, 'w');
  try {
    const r = spawnSync(tool, [...args], {
      env: wineEnv(lane),
      timeout: timeoutMs,
      stdio: ['ignore', fd, fd],
      ...(lane.user.switched ? { uid: lane.user.uid, gid: lane.user.gid } : {}),
    });
    return { status: r.status, output: readFileSync(log, 'utf8') };
  } finally {
    closeSync(fd);
  }
}

/** Stops every Wine process of the prefix and its wineserver, and waits until they are gone. */
export function stopWineServer(lane: WindowsLane): void {
  wineTool(lane, WINESERVER, ['-k'], 10_000);
  wineTool(lane, WINESERVER, ['-w'], 10_000);
}

/**
 * A fresh prefix with verified Windows Node in it, ready for the tests. Fails (never skips) with
 * what to install when Wine is missing.
 */
export async function createWinePrefix(): Promise<WindowsLane> {
  if (!existsSync(WINE)) {
    throw new Error(
      `Wine not found at ${WINE}. The Windows lane runs the CLI under Windows Node in Wine: install it with \`apt-get install -y wine wine64\` (Debian/Ubuntu; .ci/run does this), or set WINE to the wine loader.`,
    );
  }
  requireBuilt(BUILT.cli, BUILT.scanWorker, BUILT.renderer);
  const cachedNode = await ensureWindowsNode();
  const user = chooseWineUser();
  const dir = await mkdtemp(join(tmpdir(), 'wer-windows-lane-'));
  const lane: WindowsLane = { dir, prefix: join(dir, 'prefix'), home: join(dir, 'home'), ioDir: join(dir, 'io'), user, windowsUser: user.name };
  for (const d of [lane.prefix, lane.home, lane.ioDir]) await mkdir(d);
  if (user.switched) for (const d of [dir, lane.prefix, lane.home]) await chown(d, user.uid, user.gid);

  try {
    wineTool(lane, WINESERVER, ['-p'], 10_000);
    let boot = wineTool(lane, WINE, ['wineboot', '-i'], 120_000);
    if (boot.status !== 0) {
      // A fresh prefix's first boot failed once in a CI run ("could not load kernel32.dll", exit
      // 53) and passed when run again: one more try in an emptied prefix before failing.
      stopWineServer(lane);
      await rm(lane.prefix, { recursive: true, force: true });
      await mkdir(lane.prefix);
      if (user.switched) await chown(lane.prefix, user.uid, user.gid);
      wineTool(lane, WINESERVER, ['-p'], 10_000);
      boot = wineTool(lane, WINE, ['wineboot', '-i'], 120_000);
    }
    if (boot.status !== 0) throw new Error(`wineboot -i failed (exit ${boot.status}): ${boot.output.trim()}`);
    // Installed on drive C: as on a Windows machine.
    await mkdir(linuxPath(lane, win32.dirname(NODE_EXE)), { recursive: true });
    await copyFile(cachedNode, linuxPath(lane, NODE_EXE));
    await stageApp(linuxPath(lane, APP_DIR));
    const probe = await runWindowsNode(lane, ['-p', 'JSON.stringify({ version: process.version, platform: process.platform, user: process.env.USERNAME })']);
    const seen = JSON.parse(probe.stdout || 'null') as { version: string; platform: string; user: string } | null;
    if (seen?.version !== `v${WINDOWS_NODE.version}` || seen.platform !== 'win32') {
      throw new Error(`Windows Node did not start in Wine as expected: exit ${probe.code}, stdout ${probe.stdout.trim()}, stderr ${probe.stderr.trim()}`);
    }
    if (seen.user !== lane.windowsUser) throw new Error(`Wine calls the user ${seen.user}, expected ${lane.windowsUser}`);
    return lane;
  } catch (e) {
    await destroyWinePrefix(lane);
    throw e;
  }
}

/** Ends the prefix's processes and deletes the lane's folder. */
export async function destroyWinePrefix(lane: WindowsLane): Promise<void> {
  stopWineServer(lane);
  await rm(lane.dir, { recursive: true, force: true, maxRetries: 3 });
}
