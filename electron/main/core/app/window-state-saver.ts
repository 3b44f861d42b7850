/**
 * Saves the window state while the user drags and resizes: debounced (a drag fires dozens of
 * move events), skipped when nothing changed, and written one at a time so an older state can
 * never land on disk after a newer one.
 */
import { NODE_TIMERS, type Timers } from './timers';
import type { WindowState } from './window-state';

/** What the saver works with. */
export interface WindowStateSaverOptions {
  /** The window's state now; null once the window is gone (nothing to save). */
  readonly read: () => WindowState | null;
  readonly write: (state: WindowState) => Promise<unknown>;
  /** Quiet time after the last change before writing (default 500 ms). */
  readonly delayMs?: number;
  readonly timers?: Timers;
}

/** Debounced, de-duplicated, serialised saving of a window's state. */
export class WindowStateSaver {
  private timer: unknown = null;
  private lastSaved: string | null = null;
  private chain: Promise<void> = Promise.resolve();
  private readonly timers: Timers;
  private readonly delayMs: number;

  constructor(private readonly options: WindowStateSaverOptions) {
    this.timers = options.timers ?? NODE_TIMERS;
    this.delayMs = options.delayMs ?? 500;
  }

  /** A change happened (move, resize): save once things are quiet. */
  schedule(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.saveNow();
    }, this.delayMs);
  }

  /** Saves the state as it is now (window closing, app quitting); resolves once it is written. */
  saveNow(): Promise<void> {
    if (this.timer !== null) {
      this.timers.clearTimeout(this.timer);
      this.timer = null;
    }
    // Read now, not when the previous write ends: by then the window may be gone.
    const state = this.options.read();
    if (state) {
      const text = JSON.stringify(state);
      if (text !== this.lastSaved) {
        this.lastSaved = text;
        this.chain = this.chain.then(() => this.options.write(state)).then(
          () => undefined,
          () => undefined,
        );
      }
    }
    return this.chain;
  }

  /** Stops a pending debounced save (the window is gone). */
  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}
