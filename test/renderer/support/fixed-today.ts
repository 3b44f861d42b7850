/**
 * Fakes only Date, at `iso`, for views that count days back from today; timers, animation frames
 * and the rest stay real so React and user-event run as usual. Jest runs in UTC (jest.config.js),
 * so local days equal UTC days.
 */
export function fixToday(iso: string): void {
  jest.useFakeTimers({
    now: new Date(iso),
    doNotFake: [
      'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'nextTick',
      'queueMicrotask', 'hrtime', 'performance', 'requestAnimationFrame', 'cancelAnimationFrame',
      'requestIdleCallback', 'cancelIdleCallback',
    ],
  });
}
