import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Timers } from '../../../../electron/main/core/app/timers';
import {
  DEFAULT_WINDOW_SIZE,
  isReachable,
  loadWindowState,
  MIN_WINDOW_SIZE,
  parseWindowState,
  placeWindow,
  saveWindowState,
  type WindowState,
} from '../../../../electron/main/core/app/window-state';
import { WindowStateSaver } from '../../../../electron/main/core/app/window-state-saver';

/** A 1920×1080 primary display (taskbar at the bottom) and a 1280×1024 one to its left. */
const PRIMARY = { x: 0, y: 0, width: 1920, height: 1040 };
const LEFT = { x: -1280, y: 0, width: 1280, height: 984 };

const state = (x: number, y: number, width = 1200, height = 800, maximized = false): WindowState => ({ bounds: { x, y, width, height }, maximized });

describe('parseWindowState', () => {
  it('reads a saved state', () => {
    expect(parseWindowState({ bounds: { x: -1200, y: 40, width: 1000, height: 700 }, maximized: true })).toEqual(state(-1200, 40, 1000, 700, true));
  });

  it.each([
    ['not an object', 'x'],
    ['no bounds', { maximized: false }],
    ['no maximized flag', { bounds: { x: 0, y: 0, width: 800, height: 600 } }],
    ['fractional numbers', { bounds: { x: 0.5, y: 0, width: 800, height: 600 }, maximized: false }],
    ['text numbers', { bounds: { x: '0', y: 0, width: 800, height: 600 }, maximized: false }],
    ['zero width', { bounds: { x: 0, y: 0, width: 0, height: 600 }, maximized: false }],
    ['absurd coordinates', { bounds: { x: 1e9, y: 0, width: 800, height: 600 }, maximized: false }],
  ])('refuses %s', (_what, raw) => {
    expect(parseWindowState(raw)).toBeNull();
  });
});

describe('placeWindow', () => {
  it('opens at the default size, centred by the OS, on first start', () => {
    expect(placeWindow(null, [PRIMARY])).toEqual({ ...DEFAULT_WINDOW_SIZE, maximized: false });
  });

  it('restores bounds that lie on a display, including a secondary one at negative coordinates', () => {
    expect(placeWindow(state(100, 50), [PRIMARY, LEFT])).toEqual({ x: 100, y: 50, width: 1200, height: 800, maximized: false });
    expect(placeWindow(state(-1200, 20, 1000, 700, true), [PRIMARY, LEFT])).toEqual({ x: -1200, y: 20, width: 1000, height: 700, maximized: true });
  });

  it('keeps the size but drops the position when the window was on a display that is gone', () => {
    const placement = placeWindow(state(-1200, 20, 1000, 700, true), [PRIMARY]);
    expect(placement).toEqual({ width: 1000, height: 700, maximized: true });
  });

  it('drops the position when only a sliver would be visible', () => {
    expect(placeWindow(state(1900, 100), [PRIMARY]).x).toBeUndefined();
    expect(placeWindow(state(300, 1020), [PRIMARY]).x).toBeUndefined();
    // Enough of the window to grab it is still on screen: keep it where the user put it.
    expect(placeWindow(state(1700, 100), [PRIMARY]).x).toBe(1700);
  });

  it('shrinks a window bigger than every display, and never below the minimum size', () => {
    const big = placeWindow(state(-5000, -5000, 4000, 3000), [PRIMARY, LEFT]);
    expect(big).toEqual({ width: 1920, height: 1040, maximized: false });
    expect(placeWindow(state(10, 10, 50, 40), [PRIMARY])).toMatchObject({ width: MIN_WINDOW_SIZE.width, height: MIN_WINDOW_SIZE.height });
  });

  it('still answers without any display information', () => {
    expect(placeWindow(state(100, 100), [])).toEqual({ width: 1200, height: 800, maximized: false });
  });
});

describe('isReachable', () => {
  it('needs an overlap with some work area, not just touching edges', () => {
    expect(isReachable({ x: 1920, y: 0, width: 800, height: 600 }, [PRIMARY])).toBe(false);
    expect(isReachable({ x: 1800, y: 0, width: 800, height: 600 }, [PRIMARY])).toBe(true);
  });

  it('needs the title bar on screen, so the window can be dragged back', () => {
    expect(isReachable({ x: 100, y: -400, width: 800, height: 600 }, [PRIMARY])).toBe(false);
    expect(isReachable({ x: 100, y: -10, width: 800, height: 600 }, [PRIMARY])).toBe(true);
  });
});

describe('window-state.json', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'wer-window-state-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('round-trips through the file', async () => {
    const file = join(dir, 'sub', 'window-state.json');
    expect(await saveWindowState(file, state(10, 20, 900, 700, true))).toBeNull();
    expect(await loadWindowState(file)).toEqual(state(10, 20, 900, 700, true));
  });

  it('treats a missing, corrupt or oversized file as no state', async () => {
    expect(await loadWindowState(join(dir, 'missing.json'))).toBeNull();
    writeFileSync(join(dir, 'bad.json'), '{"bounds":');
    expect(await loadWindowState(join(dir, 'bad.json'))).toBeNull();
    writeFileSync(join(dir, 'big.json'), `${JSON.stringify(state(1, 1))}${' '.repeat(5000)}`);
    expect(await loadWindowState(join(dir, 'big.json'))).toBeNull();
  });

  it('reports a failed save instead of throwing', async () => {
    writeFileSync(join(dir, 'file'), 'x');
    expect(await saveWindowState(join(dir, 'file', 'window-state.json'), state(1, 1))).toMatch(/could not be saved/);
  });
});

/** Timers run by hand. */
function manualTimers(): Timers & { fire: () => void; pending: () => number } {
  const queue = new Map<number, () => void>();
  let next = 0;
  return {
    setTimeout: (fn) => {
      next += 1;
      queue.set(next, fn);
      return next;
    },
    clearTimeout: (handle) => void queue.delete(handle as number),
    fire: () => {
      const fns = [...queue.values()];
      queue.clear();
      for (const fn of fns) fn();
    },
    pending: () => queue.size,
  };
}

describe('WindowStateSaver', () => {
  it('writes once after a burst of moves, and not again when nothing changed', async () => {
    const timers = manualTimers();
    let current: WindowState | null = state(0, 0);
    const written: WindowState[] = [];
    const saver = new WindowStateSaver({ read: () => current, write: async (s) => void written.push(s), timers });
    for (let x = 0; x < 30; x += 1) {
      current = state(x, 0);
      saver.schedule();
    }
    expect(timers.pending()).toBe(1);
    timers.fire();
    await saver.saveNow();
    expect(written).toEqual([state(29, 0)]);
    current = null;
    await saver.saveNow();
    expect(written).toHaveLength(1);
  });

  it('saves at once on close, cancelling the pending debounce', async () => {
    const timers = manualTimers();
    const written: WindowState[] = [];
    const saver = new WindowStateSaver({ read: () => state(5, 5, 1000, 700, true), write: async (s) => void written.push(s), timers });
    saver.schedule();
    await saver.saveNow();
    expect(timers.pending()).toBe(0);
    expect(written).toEqual([state(5, 5, 1000, 700, true)]);
  });

  it('writes in order and survives a failing write', async () => {
    const order: string[] = [];
    let x = 0;
    const saver = new WindowStateSaver({
      read: () => state(x, 0),
      write: async (s) => {
        order.push(`start ${s.bounds.x}`);
        await new Promise((r) => setTimeout(r, 10));
        order.push(`end ${s.bounds.x}`);
        if (s.bounds.x === 1) throw new Error('disk full');
      },
    });
    x = 1;
    void saver.saveNow();
    x = 2;
    await saver.saveNow();
    expect(order).toEqual(['start 1', 'end 1', 'start 2', 'end 2']);
  });
});

describe('saved file content', () => {
  it('is plain JSON a support person can read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wer-window-state-'));
    try {
      await saveWindowState(join(dir, 'w.json'), state(1, 2, 900, 700));
      expect(JSON.parse(readFileSync(join(dir, 'w.json'), 'utf8'))).toEqual({ bounds: { x: 1, y: 2, width: 900, height: 700 }, maximized: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
