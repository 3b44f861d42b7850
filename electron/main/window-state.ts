import type { BrowserWindow } from 'electron';
import { screen } from 'electron';
import { loadWindowState, placeWindow, saveWindowState, type WindowPlacement, type WindowState } from './core/app/window-state';
import { WindowStateSaver } from './core/app/window-state-saver';

/** Remembers where the main window was: where to open it, and saving while it moves. */
export interface WindowStateKeeper {
  /** Where to open a window now (the saved bounds when they are on a connected display). */
  readonly placement: () => WindowPlacement;
  /** Saves this window's bounds as it moves, resizes and closes. */
  readonly track: (window: BrowserWindow) => void;
  /** Writes the latest state now; resolves once it is on disk. */
  readonly flush: () => Promise<void>;
}

function stateOf(window: BrowserWindow): WindowState | null {
  if (window.isDestroyed()) return null;
  // Normal bounds, so a maximized window restores to the size it had before maximizing.
  return { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
}

/** Loads `file` (userData/window-state.json) and returns the keeper over it. */
export async function openWindowState(file: string, onWarning: (message: string) => void): Promise<WindowStateKeeper> {
  let last = await loadWindowState(file);
  let saver: WindowStateSaver | null = null;
  const write = async (state: WindowState) => {
    last = state;
    const problem = await saveWindowState(file, state);
    if (problem) onWarning(problem);
  };
  return {
    placement: () => placeWindow(last, screen.getAllDisplays().map((d) => d.workArea)),
    track: (window) => {
      const own = new WindowStateSaver({ read: () => stateOf(window), write });
      saver = own;
      const changed = () => own.schedule();
      window.on('resize', changed);
      window.on('move', changed);
      window.on('maximize', changed);
      window.on('unmaximize', changed);
      window.on('close', () => void own.saveNow());
      window.on('closed', () => own.dispose());
    },
    flush: () => saver?.saveNow() ?? Promise.resolve(),
  };
}
