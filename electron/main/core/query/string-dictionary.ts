/**
 * Interned strings: each distinct value is stored once and columns hold its number. Values are
 * never removed (a library repeats few distinct applications, modules and codes), so numbers stay
 * valid for the dictionary's life.
 */
export class StringDictionary {
  private readonly values: string[] = [];
  private readonly ids = new Map<string, number>();

  /** A dictionary holding these values under their positions (as `values()` returned them). */
  static of(values: readonly string[]): StringDictionary {
    const dictionary = new StringDictionary();
    for (const v of values) dictionary.intern(v);
    return dictionary;
  }

  /** The number of a value, adding it when new. */
  intern(value: string): number {
    let id = this.ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.ids.set(value, id);
    }
    return id;
  }

  /** The number of a value, or undefined when the dictionary has never seen it. */
  idOf(value: string): number | undefined {
    return this.ids.get(value);
  }

  /** The value of a number ('' for a number it never gave out). */
  valueOf(id: number): string {
    return this.values[id] ?? '';
  }

  /** How many values it holds. */
  get size(): number {
    return this.values.length;
  }

  /** Every value, in number order. */
  all(): readonly string[] {
    return this.values;
  }
}
