import type { DownloadProgress } from './electron-binary';

/** Where the progress line goes: a terminal is rewritten in place, anything else gets a few lines. */
export interface ProgressOutput {
  readonly write: (text: string) => void;
  readonly isTTY: boolean;
}

/** How often a terminal line is redrawn. */
const REDRAW_MS = 250;

function megabytes(bytes: number): string {
  return `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;
}

/** "45% of 105 MB" when the size is known, else "36 MB". */
export function describeProgress(p: DownloadProgress): string {
  if (p.total === null || p.total <= 0) return megabytes(p.transferred);
  return `${Math.floor((p.transferred / p.total) * 100)}% of ${megabytes(p.total)}`;
}

/**
 * One progress line for a download: redrawn in place on a terminal, otherwise printed at each
 * quarter (a log or CI output should not get a line per chunk). `begin` starts it, `done` ends it.
 */
export function progressLine(out: ProgressOutput, label: string, now: () => number = Date.now) {
  let lastDraw = 0;
  let lastQuarter = -1;
  let drawn = false;
  return {
    begin(): void {
      out.write(out.isTTY ? `${label}...` : `${label}...\n`);
      drawn = out.isTTY;
    },
    update(p: DownloadProgress): void {
      if (out.isTTY) {
        if (now() - lastDraw < REDRAW_MS) return;
        lastDraw = now();
        out.write(`\r${label}: ${describeProgress(p)}   `);
        drawn = true;
        return;
      }
      const quarter = p.total ? Math.floor((p.transferred / p.total) * 4) : -1;
      if (quarter > lastQuarter && quarter < 4) {
        lastQuarter = quarter;
        out.write(`${label}: ${describeProgress(p)}\n`);
      }
    },
    done(result: string): void {
      out.write(out.isTTY && drawn ? `\r${label}: ${result}   \n` : `${label}: ${result}\n`);
    },
  };
}
