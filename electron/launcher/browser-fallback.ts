import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { packageBin, runNode } from './child-run';

/** What browser mode needs from the launcher. */
export interface BrowserFallbackOptions {
  readonly projectRoot: string;
  /** `--skipBuild` was given: use the build already in out/. */
  readonly skipBuild: boolean;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  /** Opens the URL in the default browser; rejects when there is none. */
  readonly openUrl: (url: string) => Promise<void>;
}

/** Opens a URL with the `open` package; BROWSER=none (as in Vite and create-react-app) turns it off. */
export async function openInDefaultBrowser(url: string, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.BROWSER === 'none') throw new Error('BROWSER=none');
  const { default: open } = await import('open');
  await open(url);
}

/**
 * Browser mode in place of the desktop app: builds (unless told not to), then runs the built CLI's
 * `serve` over the default stores (the machine's WER stores on Windows, the sample store
 * elsewhere) and opens its URL. Resolves with serve's exit code: 0 after Ctrl+C.
 */
export async function runBrowserFallback(options: BrowserFallbackOptions): Promise<number> {
  const { projectRoot, env } = options;
  if (!options.skipBuild) {
    const build = await runNode(packageBin(projectRoot, 'electron-vite'), ['build'], { cwd: projectRoot, env }).exit;
    if (build !== 0) return build;
  }
  const serve = runNode(join(projectRoot, 'out', 'main', 'cli.js'), ['serve'], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'inherit'] });
  const lines = createInterface({ input: serve.child.stdout! });
  let opened = false;
  lines.on('line', (line) => {
    options.out(`${line}\n`);
    // serve's first line is its URL with the per-run token.
    if (opened || !/^https?:\/\//.test(line)) return;
    opened = true;
    options.out('Open that address in a browser if none opens by itself.\n');
    options.openUrl(line).catch(() => {
      // No browser here (a server, a container, BROWSER=none): the printed URL is enough.
    });
  });
  return serve.exit;
}
