/**
 * A one-to-many map of strings that holds a key's only value as the string itself and makes a
 * Set only for keys with several: in a library nearly every report id, folder or link has one,
 * and a Set per report cost ~100 bytes and a garbage-collected object each (300,000 reports:
 * hundreds of thousands of Sets).
 */
const NONE: readonly string[] = [];

export class MultiMap {
  private readonly map = new Map<string, string | Set<string>>();

  /** Adds a value under a key (once). */
  add(key: string, value: string): void {
    const held = this.map.get(key);
    if (held === undefined) this.map.set(key, value);
    else if (typeof held === 'string') {
      if (held !== value) this.map.set(key, new Set([held, value]));
    } else held.add(value);
  }

  /** Removes a value from a key, and the key once it has none. */
  delete(key: string, value: string): void {
    const held = this.map.get(key);
    if (held === undefined) return;
    if (typeof held === 'string') {
      if (held === value) this.map.delete(key);
      return;
    }
    held.delete(value);
    if (held.size === 1) this.map.set(key, held.values().next().value as string);
    else if (held.size === 0) this.map.delete(key);
  }

  /** The values of a key (do not change the map while iterating them). */
  get(key: string): Iterable<string> {
    const held = this.map.get(key);
    return held === undefined ? NONE : typeof held === 'string' ? [held] : held;
  }

  /** Drops every key. */
  clear(): void {
    this.map.clear();
  }
}
