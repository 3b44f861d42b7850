/**
 * Names inside a bundle. Report folders are hostile input: a file name made on Linux can hold a
 * backslash, a colon or a control character that no Windows tool can extract, or be `..`. Every
 * component is made portable, and names are kept unique the way Windows compares them.
 */

/** Windows device names that cannot be files, whatever the extension. */
const RESERVED = /^(?:con|prn|aux|nul|com[0-9]|lpt[0-9])(?:\.|$)/i;

/** One path component that extracts the same on Windows, macOS and Linux. */
export function portableName(name: string): string {
  let out = name
    .replace(/[\u0000-\u001F\u007F<>:"/\\|?*]/g, '_')
    // Windows drops trailing dots and spaces, which would make two names one.
    .replace(/[. ]+$/, (m) => '_'.repeat(m.length));
  if (out === '' || /^\.+$/.test(out)) out = '_'.repeat(Math.max(1, out.length));
  if (RESERVED.test(out)) out = `_${out}`;
  return out.length > 200 ? out.slice(0, 200) : out;
}

/** Placeholders become `[user-1]`: `<` and `>` are not allowed in Windows file names. */
export function placeholderSafe(name: string): string {
  return name.replace(/<([a-z-]+-\d+)>/g, '[$1]');
}

/** Hands out names unique without regard to case (`a.txt`, `a (2).txt`, ...). */
export function uniqueNamer(): (name: string) => string {
  const taken = new Set<string>();
  return (name) => {
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n++) {
      const dot = name.lastIndexOf('.');
      candidate = dot > 0 ? `${name.slice(0, dot)} (${n})${name.slice(dot)}` : `${name} (${n})`;
    }
    taken.add(candidate.toLowerCase());
    return candidate;
  };
}
