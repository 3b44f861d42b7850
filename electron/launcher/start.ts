/**
 * `npm start` / `npm run dev`: gets the Electron binary on first use (the electron package only
 * downloads it when first required, and electron-vite never does), then hands over to
 * `electron-vite preview|dev`. When the binary cannot be had (offline, blocked, a proxy), it says
 * why and how to fix it, and serves the same app in the browser instead.
 */
import { resolve } from 'node:path';
import { openInDefaultBrowser, runBrowserFallback } from './browser-fallback';
import { packageBin, runNode } from './child-run';
import {
  downloadElectron,
  electronTarget,
  type ElectronPackage,
  failureReason,
  findElectronPackage,
  installedElectron,
  unpackElectron,
} from './electron-binary';
import { progressLine } from './progress-line';

const PROJECT_ROOT = resolve(__dirname, '..', '..');

/** The Electron executable, downloaded and unpacked when missing; rejects with the one-line reason. */
async function ensureElectron(pkg: ElectronPackage, env: NodeJS.ProcessEnv): Promise<string> {
  const ready = installedElectron(pkg, env);
  if (ready) return ready;
  const { platform, arch } = electronTarget(env);
  const line = progressLine(
    { write: (text) => process.stdout.write(text), isTTY: process.stdout.isTTY === true },
    `Downloading Electron ${pkg.version} (${platform}-${arch}, first start only)`,
  );
  line.begin();
  await downloadElectron(pkg, env, (p) => line.update(p));
  await unpackElectron(pkg, env);
  const executable = installedElectron(pkg, env);
  if (!executable) throw new Error('the download finished but node_modules/electron holds no executable for this machine');
  line.done('done');
  return executable;
}

function explainFailure(pkg: ElectronPackage, env: NodeJS.ProcessEnv, reason: string): string {
  const { platform, arch } = electronTarget(env);
  const where = process.platform === 'win32' ? 'this machine\u2019s WER stores' : 'the bundled sample store';
  return [
    '',
    `WER Explorer could not get Electron ${pkg.version} for ${platform}-${arch}, so the desktop window cannot open.`,
    `Reason: ${reason}`,
    'To fix it: check the network connection or proxy (ELECTRON_GET_USE_PROXY=1 with HTTPS_PROXY), or set',
    `ELECTRON_MIRROR to a mirror that has electron-v${pkg.version}-${platform}-${arch}.zip, then run npm start again.`,
    `Meanwhile the same app runs in your browser, over ${where}.`,
    '',
  ].join('\n');
}

async function main(argv: readonly string[]): Promise<number> {
  const [mode, ...rest] = argv;
  if (mode !== 'preview' && mode !== 'dev') {
    process.stderr.write('usage: start.ts preview|dev [electron-vite options]\n');
    return 2;
  }
  const env = process.env;
  const pkg = findElectronPackage(PROJECT_ROOT);
  let executable: string;
  try {
    executable = await ensureElectron(pkg, env);
  } catch (e) {
    process.stdout.write(`${explainFailure(pkg, env, failureReason(e))}\n`);
    return runBrowserFallback({
      projectRoot: PROJECT_ROOT,
      skipBuild: rest.includes('--skipBuild'),
      env,
      out: (text) => process.stdout.write(text),
      openUrl: (url) => openInDefaultBrowser(url, env),
    });
  }
  // electron-vite only looks at node_modules/electron/path.txt; tell it which binary to run.
  const viteEnv = { ...env, ELECTRON_EXEC_PATH: executable };
  return runNode(packageBin(PROJECT_ROOT, 'electron-vite'), [mode, ...rest], { cwd: PROJECT_ROOT, env: viteEnv }).exit;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 1;
  },
);
