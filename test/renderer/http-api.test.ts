import { httpApi } from '../../renderer/src/api/http-api';
import type { WerApi, WerEvent } from '../../shared/wer-api';

/** Stands in for the browser's EventSource (jsdom has none): records each stream and lets the test send messages. */
class FakeEventSource {
  static readonly opened: FakeEventSource[] = [];
  onmessage: ((message: MessageEvent) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeEventSource.opened.push(this);
  }
  close(): void {
    this.closed = true;
  }
  send(event: WerEvent): void {
    if (this.closed) throw new Error('message on a closed stream');
    this.onmessage?.({ data: JSON.stringify(event) } as MessageEvent);
  }
}

const RESET: WerEvent = { kind: 'reset' };

function api(): WerApi {
  const result = httpApi();
  if (!result) throw new Error('no token');
  return result;
}

describe('httpApi events', () => {
  beforeEach(() => {
    FakeEventSource.opened.length = 0;
    (globalThis as { EventSource?: unknown }).EventSource = FakeEventSource;
    sessionStorage.setItem('wer-explorer-token', 'secret token');
  });
  afterEach(() => {
    jest.restoreAllMocks();
    delete (globalThis as { EventSource?: unknown }).EventSource;
    sessionStorage.clear();
  });

  it('opens no stream until someone listens', () => {
    api();
    expect(FakeEventSource.opened).toHaveLength(0);
  });

  it('shares one stream among all listeners and parses each event once', () => {
    const wer = api();
    const a: WerEvent[] = [];
    const b: WerEvent[] = [];
    const c: WerEvent[] = [];
    wer.subscribe((e) => a.push(e));
    wer.subscribe((e) => b.push(e));
    wer.subscribe((e) => c.push(e));
    expect(FakeEventSource.opened).toHaveLength(1);
    expect(FakeEventSource.opened[0]?.url).toBe('/api/events?token=secret%20token');
    FakeEventSource.opened[0]?.send(RESET);
    expect(a).toEqual([RESET]);
    // The same object: parsed once for everyone.
    expect(b[0]).toBe(a[0]);
    expect(c[0]).toBe(a[0]);
  });

  it('keeps the stream while anyone listens, closes it with the last listener and opens a new one after', () => {
    const wer = api();
    const seen: string[] = [];
    const offLibrary = wer.subscribe(() => seen.push('library'));
    const offDialog = wer.subscribe(() => seen.push('dialog'));
    const first = FakeEventSource.opened[0];
    offDialog();
    // Calling an unsubscribe twice must not take another listener's place.
    offDialog();
    expect(first?.closed).toBe(false);
    first?.send(RESET);
    expect(seen).toEqual(['library']);
    offLibrary();
    expect(first?.closed).toBe(true);

    wer.subscribe(() => seen.push('again'));
    expect(FakeEventSource.opened).toHaveLength(2);
    FakeEventSource.opened[1]?.send(RESET);
    expect(seen).toEqual(['library', 'again']);
  });

  it('calls a function subscribed twice twice, and stops one call per unsubscribe', () => {
    const wer = api();
    let calls = 0;
    const listener = () => (calls += 1);
    const off1 = wer.subscribe(listener);
    wer.subscribe(listener);
    FakeEventSource.opened[0]?.send(RESET);
    expect(calls).toBe(2);
    off1();
    FakeEventSource.opened[0]?.send(RESET);
    expect(calls).toBe(3);
  });

  it('gives nothing more to a listener removed by another during the same event', () => {
    const wer = api();
    const seen: string[] = [];
    let offSecond = () => {};
    wer.subscribe(() => {
      seen.push('first');
      offSecond();
    });
    offSecond = wer.subscribe(() => seen.push('second'));
    wer.subscribe(() => seen.push('third'));
    FakeEventSource.opened[0]?.send(RESET);
    expect(seen).toEqual(['first', 'third']);
  });

  it('still delivers to the other listeners when one throws', async () => {
    const wer = api();
    const seen: string[] = [];
    wer.subscribe(() => {
      throw new Error('listener bug');
    });
    wer.subscribe(() => seen.push('second'));
    const reported = new Promise<unknown>((resolve) => {
      const original = queueMicrotask;
      jest.spyOn(globalThis, 'queueMicrotask').mockImplementationOnce((task) =>
        original(() => {
          try {
            task();
          } catch (e) {
            resolve(e);
          }
        }),
      );
    });
    FakeEventSource.opened[0]?.send(RESET);
    expect(seen).toEqual(['second']);
    // The error is not swallowed: it is rethrown on its own, as a stream's handler error would be.
    expect(await reported).toEqual(new Error('listener bug'));
  });
});
