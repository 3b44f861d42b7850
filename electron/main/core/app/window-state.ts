/**
 * The main window's size, position and maximized state, kept in the app's data folder between
 * runs. A saved position is used only while it still lies on a connected display: a window that
 * was last on an unplugged monitor must not open where nobody can see or reach it.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../atomic-file';

/** A rectangle in screen coordinates (Electron's Rectangle). */
export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** What is saved: the normal (not maximized) bounds and whether the window was maximized. */
export interface WindowState {
  readonly bounds: Rect;
  readonly maximized: boolean;
}

/** How to open the window: a size always, a position only when it is known to be visible. */
export interface WindowPlacement {
  readonly width: number;
  readonly height: number;
  readonly x?: number;
  readonly y?: number;
  readonly maximized: boolean;
}

/** Size of the window on first start. */
export const DEFAULT_WINDOW_SIZE = { width: 1280, height: 800 } as const;

/** Smallest useful window (also the BrowserWindow minimum). */
export const MIN_WINDOW_SIZE = { width: 640, height: 400 } as const;

/** How much of the window must lie on a display for the saved position to count as reachable. */
const MIN_VISIBLE = { width: 120, height: 60 } as const;

/** Height of the strip at the top of the window that must be on screen: the title bar, to drag it back. */
const TITLE_STRIP = 32;

/** Far beyond any real monitor arrangement; anything larger is a corrupt file. */
const MAX_COORDINATE = 100_000;

const isInt = (v: unknown, min: number, max: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Reads a saved state from parsed JSON; null when anything is missing or implausible. */
export function parseWindowState(raw: unknown): WindowState | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const { bounds, maximized } = raw as { bounds?: unknown; maximized?: unknown };
  if (typeof bounds !== 'object' || bounds === null || typeof maximized !== 'boolean') return null;
  const { x, y, width, height } = bounds as Record<string, unknown>;
  if (!isInt(x, -MAX_COORDINATE, MAX_COORDINATE) || !isInt(y, -MAX_COORDINATE, MAX_COORDINATE)) return null;
  if (!isInt(width, 1, MAX_COORDINATE) || !isInt(height, 1, MAX_COORDINATE)) return null;
  return { bounds: { x, y, width, height }, maximized };
}

/** Area where two rectangles overlap, as a rectangle size (0×0 when apart). */
function overlap(a: Rect, b: Rect): { width: number; height: number } {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? { width, height } : { width: 0, height: 0 };
}

/**
 * Whether the window can be seen and grabbed: enough of it lies on one display's work area, and
 * so does its title bar (a window whose title bar is above the screen cannot be dragged back).
 */
export function isReachable(bounds: Rect, workAreas: readonly Rect[]): boolean {
  const strip = { ...bounds, height: Math.min(TITLE_STRIP, bounds.height) };
  return workAreas.some((area) => {
    const body = overlap(bounds, area);
    const title = overlap(strip, area);
    const wide = Math.min(MIN_VISIBLE.width, bounds.width);
    return body.width >= wide && body.height >= Math.min(MIN_VISIBLE.height, bounds.height) && title.width >= wide && title.height >= strip.height / 2;
  });
}

/**
 * Where to open the window: the saved bounds when they are reachable on the current displays,
 * else the saved size (shrunk to fit the largest display) without a position, so the OS centres it.
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Rect[]): WindowPlacement {
  const largest = workAreas.reduce<Rect | null>((best, a) => (best && best.width * best.height >= a.width * a.height ? best : a), null);
  const fit = (size: number, limit: number | undefined, min: number) => Math.max(min, limit === undefined ? size : Math.min(size, limit));
  if (!saved) {
    return {
      width: fit(DEFAULT_WINDOW_SIZE.width, largest?.width, MIN_WINDOW_SIZE.width),
      height: fit(DEFAULT_WINDOW_SIZE.height, largest?.height, MIN_WINDOW_SIZE.height),
      maximized: false,
    };
  }
  const { bounds, maximized } = saved;
  const width = Math.max(MIN_WINDOW_SIZE.width, bounds.width);
  const height = Math.max(MIN_WINDOW_SIZE.height, bounds.height);
  if (isReachable({ ...bounds, width, height }, workAreas)) return { x: bounds.x, y: bounds.y, width, height, maximized };
  return { width: fit(width, largest?.width, MIN_WINDOW_SIZE.width), height: fit(height, largest?.height, MIN_WINDOW_SIZE.height), maximized };
}

/** Loads the saved state; null when there is none or it cannot be used (never throws). */
export async function loadWindowState(file: string): Promise<WindowState | null> {
  try {
    const text = await readFile(file, 'utf8');
    // A window state is a few dozen bytes; anything big is not ours.
    return text.length > 4096 ? null : parseWindowState(JSON.parse(text));
  } catch {
    return null;
  }
}

/** Writes the state atomically; a failure is only worth a warning, so it resolves to the message. */
export async function saveWindowState(file: string, state: WindowState): Promise<string | null> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(state)}\n`);
    return null;
  } catch (e) {
    return `The window position could not be saved to ${file}: ${e instanceof Error ? e.message : String(e)}`;
  }
}
