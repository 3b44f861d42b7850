/**
 * Background work gives way to requests: slices with one event loop turn between them when
 * nobody asked for anything lately, long rests between them within a second of a request.
 */
import { backgroundSlicer, GIVE_WAY_MS, noteRequest } from '../../../electron/main/core/time-slice';

describe('backgroundSlicer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Whether `pause` is over once the clock moved `ms` (timers due by then run). */
  async function overAfter(pause: Promise<void>, ms: number): Promise<boolean> {
    let over = false;
    void pause.then(() => (over = true));
    await jest.advanceTimersByTimeAsync(ms);
    return over;
  }

  it('works on while nobody asks, rests three times its slice within a second of a request', async () => {
    const pause = backgroundSlicer();
    // Within its slice: no wait at all.
    expect(await overAfter(pause(), 0)).toBe(true);
    // A slice done, nobody asking: one turn of the event loop.
    jest.advanceTimersByTime(10);
    expect(await overAfter(pause(), 0)).toBe(true);

    noteRequest();
    jest.advanceTimersByTime(10);
    const resting = pause();
    expect(await overAfter(resting, 20)).toBe(false);
    expect(await overAfter(resting, 4)).toBe(true);
    // The request a second ago or more: full speed again.
    jest.advanceTimersByTime(GIVE_WAY_MS);
    expect(await overAfter(pause(), 0)).toBe(true);
  });
});
