/**
 * A pretty-printed JSON array written one item at a time, byte for byte what
 * `JSON.stringify(items, null, 2)` followed by a newline prints: `[`, each item indented by two
 * spaces after `\n  ` (a comma before all but the first), then `\n]\n` — or `[]\n` for none.
 * JSON.stringify never writes a raw line break inside a value (it escapes them), so indenting an
 * item's own lines is a plain replace.
 */

/** What opens the array (printed before any item is known). */
export const JSON_ARRAY_OPEN = '[';

/** One item as JSON.stringify(…, null, 2) prints it inside an array, without its separator. */
export function jsonArrayItem(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(/\n/g, '\n  ');
}

/** What goes before the item at `index` (0-based). */
export function jsonArraySeparator(index: number): string {
  return index === 0 ? '\n  ' : ',\n  ';
}

/** What closes an array of `count` items, final newline included. */
export function jsonArrayClose(count: number): string {
  return count === 0 ? ']\n' : '\n]\n';
}
