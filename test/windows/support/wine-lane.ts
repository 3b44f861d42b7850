/**
 * The Windows lane's shared state: one Wine prefix for the whole run (made by global-setup.ts),
 * who runs Wine in it, and how Windows paths in it map to Linux paths.
 */
import { readFileSync } from 'node:fs';
import { copyFile, mkdir } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join, win32 } from 'node:path';

/** Debian's `wine` package puts the loader here (an alternative to wine-stable); `WINE` overrides. */
export const WINE = process.env.WINE ?? '/usr/bin/wine';
/** The Wine server of the same installation; `WINESERVER` overrides. */
export const WINESERVER = process.env.WINESERVER ?? '/usr/bin/wineserver';

/** The Unix account Wine runs as. */
export interface WineUser {
  readonly uid: number;
  readonly gid: number;
  readonly name: string;
  /** True when it is not the test's own account (tests run as root, and root ignores chmod). */
  readonly switched: boolean;
}

/** What the tests need to know about the lane; passed from the global setup in an environment variable. */
export interface WindowsLane {
  /** Temp folder holding everything below (owned by the Wine user). */
  readonly dir: string;
  readonly prefix: string;
  readonly home: string;
  /** Output files of the Wine processes. */
  readonly ioDir: string;
  readonly user: WineUser;
  /** `%USERNAME%` inside Wine: the Unix user name. */
  readonly windowsUser: string;
}

const LANE_ENV = 'WER_WINDOWS_LANE';

/** The nobody account (uid 65534) from /etc/passwd. */
function nobody(): WineUser {
  const line = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.split(':')[2] === '65534');
  const [name, , uid, gid] = (line ?? 'nobody:x:65534:65534').split(':');
  return { uid: Number(uid), gid: Number(gid), name: name ?? 'nobody', switched: true };
}

/**
 * Who runs Wine: the test's own account, except root, which runs it as `nobody` so that a
 * folder made unreadable with chmod really is unreadable (root reads everything).
 */
export function chooseWineUser(): WineUser {
  if (process.getuid?.() === 0) return nobody();
  const me = userInfo();
  return { uid: me.uid, gid: me.gid, name: me.username, switched: false };
}

/** Stores the lane for the test files (the workers inherit the environment). */
export function publishLane(lane: WindowsLane): void {
  process.env[LANE_ENV] = JSON.stringify(lane);
}

/** The lane the global setup published, or null when there is none. */
export function publishedLane(): WindowsLane | null {
  const text = process.env[LANE_ENV];
  return text ? (JSON.parse(text) as WindowsLane) : null;
}

/** The lane made by the global setup; fails with the fix when a test runs outside the lane. */
export function windowsLane(): WindowsLane {
  const lane = publishedLane();
  if (!lane) throw new Error('No Wine prefix: run the Windows lane with `npm run test:windows` (jest -c jest.windows.config.js).');
  return lane;
}

/** The environment of every Wine process: no PATH, no Mono/Gecko install dialogs, no debug noise. */
export function wineEnv(lane: Pick<WindowsLane, 'prefix' | 'home' | 'user'>): NodeJS.ProcessEnv {
  return {
    HOME: lane.home,
    USER: lane.user.name,
    LOGNAME: lane.user.name,
    LANG: 'C.UTF-8',
    WINEPREFIX: lane.prefix,
    WINEDEBUG: '-all',
    WINEDLLOVERRIDES: 'mscoree,mshtml=',
    // Node 22 refuses the Windows version Wine 8 reports without this.
    NODE_SKIP_PLATFORM_CHECK: '1',
  };
}

/** The Linux path of a `C:\...` path inside the prefix. */
export function linuxPath(lane: WindowsLane, windowsPath: string): string {
  const m = /^[cC]:\\(.*)$/.exec(windowsPath);
  if (!m) throw new Error(`${windowsPath} is not on drive C:`);
  return join(lane.prefix, 'drive_c', ...(m[1] ?? '').split('\\').filter((p) => p.length > 0));
}

/** Where the lane puts Windows Node in the prefix. */
export const NODE_EXE = 'C:\\node\\node.exe';
/** Where the lane installs the built app (package.json, out/, production node_modules) in the prefix. */
export const APP_DIR = 'C:\\wer-explorer';
/** The built CLI as Windows Node runs it. */
export const CLI_SCRIPT = win32.join(APP_DIR, 'out', 'main', 'cli.js');

/** Copies a script of the tests into the prefix (where the Wine user can read it); returns its Windows path. */
export async function stageScript(lane: WindowsLane, file: string): Promise<string> {
  const target = win32.join('C:\\lane-scripts', basename(file));
  await mkdir(dirname(linuxPath(lane, target)), { recursive: true });
  await copyFile(file, linuxPath(lane, target));
  return target;
}

/** The machine's WER folder, where Windows keeps the machine-wide stores. */
export const MACHINE_WER = 'C:\\ProgramData\\Microsoft\\Windows\\WER';

/** The Wine user's profile folder (`%USERPROFILE%`). */
export function userProfile(lane: WindowsLane): string {
  return win32.join('C:\\users', lane.windowsUser);
}

/** The Wine user's WER folder (`%LOCALAPPDATA%\Microsoft\Windows\WER`). */
export function userWer(lane: WindowsLane): string {
  return win32.join(userProfile(lane), 'AppData', 'Local', 'Microsoft', 'Windows', 'WER');
}

/**
 * Wine's wevtutil.exe is a stub that prints nothing, so a default scan names both live event logs
 * as unreadable (live-eventlog.test.ts checks those lines). What remains of stderr is the test's.
 */
export function withoutWineEventLogWarnings(stderr: string): string {
  return stderr.replace(/^warning: .*wevtutil\.exe printed nothing for the (?:Application|System) event log.*\n/gim, '');
}

/**
 * How many locations a default run watches in the lane: the machine's ReportQueue and
 * ReportArchive, the kernel Minidump folder, LiveKernelReports and MEMORY.DMP, the user's ReportQueue and
 * ReportArchive, the user's %LOCALAPPDATA%\CrashDumps, the CrashDumps of SYSTEM, LocalService and
 * NetworkService, and the live Application and System event logs.
 */
export const LANE_DEFAULT_LOCATIONS = 2 + 3 + 2 + 1 + 3 + 2;
