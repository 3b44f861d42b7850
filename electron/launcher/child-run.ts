import { type ChildProcess, spawn, type SpawnOptions } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** How long Ctrl+C waits for the child to end on its own before passing the signal on. */
const SIGNAL_GRACE_MS = 3000;

/** The JavaScript file behind a package's command (`electron-vite` → bin/electron-vite.js): run with this Node, no shell. */
export function packageBin(projectRoot: string, name: string, bin = name): string {
  const manifestPath = createRequire(join(projectRoot, 'package.json')).resolve(`${name}/package.json`);
  const manifest = createRequire(manifestPath)(manifestPath) as { bin?: string | Record<string, string> };
  const relative = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin?.[bin];
  if (!relative) throw new Error(`${name} has no command ${bin}`);
  return join(dirname(manifestPath), relative);
}

/**
 * Starts a Node script and resolves with its exit code once it has ended. Ctrl+C reaches the
 * child from the terminal (same process group), so this process only waits for it; a SIGINT or
 * SIGTERM sent to this process alone is passed on when the child has not ended after a grace time.
 */
export function runNode(script: string, args: readonly string[], options: SpawnOptions = {}): { child: ChildProcess; exit: Promise<number> } {
  const child = spawn(process.execPath, [script, ...args], { stdio: 'inherit', ...options });
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const timers: NodeJS.Timeout[] = [];
  const onSignal = (signal: NodeJS.Signals) => {
    timers.push(setTimeout(() => child.exitCode === null && child.signalCode === null && child.kill(signal), SIGNAL_GRACE_MS).unref());
  };
  for (const s of signals) process.on(s, onSignal);
  const exit = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      for (const s of signals) process.off(s, onSignal);
      for (const t of timers) clearTimeout(t);
      // A child ended by Ctrl+C without a code of its own counts as stopped by the user.
      resolve(code ?? (signal === 'SIGINT' ? 0 : 1));
    });
  });
  return { child, exit };
}
