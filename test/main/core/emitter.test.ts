/** The listener set shared by the library index and the library host. */
import { Emitter } from '../../../electron/main/core/emitter';

describe('Emitter', () => {
  it('sends each event to every listener in subscription order, until it unsubscribes', () => {
    const emitter = new Emitter<number>();
    const seen: string[] = [];
    const stopA = emitter.subscribe((n) => seen.push(`a${n}`));
    emitter.subscribe((n) => seen.push(`b${n}`));
    emitter.emit(1);
    stopA();
    emitter.emit(2);
    expect(seen).toEqual(['a1', 'b1', 'b2']);
    // Unsubscribing twice is harmless.
    expect(() => stopA()).not.toThrow();
  });

  it('keeps delivering to the other listeners when one throws', () => {
    const emitter = new Emitter<string>();
    const seen: string[] = [];
    emitter.subscribe(() => {
      throw new Error('a closed window');
    });
    emitter.subscribe((e) => seen.push(e));
    expect(() => emitter.emit('added')).not.toThrow();
    expect(seen).toEqual(['added']);
  });

  it('lets a listener unsubscribe itself while an event is delivered', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    const stop = emitter.subscribe(() => stop());
    emitter.subscribe((n) => seen.push(n));
    emitter.emit(1);
    emitter.emit(2);
    expect(seen).toEqual([1, 2]);
  });

  it('forgets every listener on clear', () => {
    const emitter = new Emitter<number>();
    const seen: number[] = [];
    emitter.subscribe((n) => seen.push(n));
    emitter.clear();
    emitter.emit(1);
    expect(seen).toEqual([]);
  });
});
