/**
 * The symbol path as WinDbg and dbghelp take it: `;`-separated elements, each one of
 * `srv*[CACHE*…]STORE`, `symsrv*symsrv.dll*[CACHE*…]STORE`, `cache*[DIR]` or a plain folder.
 * Pure: the result is a list of typed elements plus a problem for every element that was skipped.
 */

/** Where a store lives: an HTTP(S) symbol server, or a folder or share. */
export type SymbolStore =
  | { readonly kind: 'http'; readonly url: string }
  | { readonly kind: 'local'; readonly dir: string };

/** One element of a symbol path. A `null` cache folder means the app's default downstream cache. */
export type SymbolPathElement =
  | {
      /** `srv*A*B*STORE`: look in A, then B, then STORE; what is found is copied to the stores before it. */
      readonly kind: 'server';
      readonly text: string;
      readonly caches: readonly (string | null)[];
      /** Null for `srv*` alone: only the default cache is searched. */
      readonly store: SymbolStore | null;
    }
  | {
      /** `cache*DIR`: searched where it stands, and keeps what the elements after it find. */
      readonly kind: 'cache';
      readonly text: string;
      readonly dir: string | null;
    }
  | { readonly kind: 'folder'; readonly text: string; readonly dir: string };

/** An element that was skipped, and why. */
export interface SymbolPathProblem {
  /** The element as written (cut to 120 characters). */
  readonly text: string;
  readonly message: string;
}

/** A parsed symbol path. */
export interface ParsedSymbolPath {
  readonly elements: readonly SymbolPathElement[];
  readonly problems: readonly SymbolPathProblem[];
}

/** Most elements used from one symbol path; each costs a few file checks on every lookup. */
export const MAX_SYMBOL_PATH_ELEMENTS = 100;
/** Longest element accepted (Windows' longest path). */
const MAX_ELEMENT_CHARS = 32_767;
const URL_SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

class ElementError extends Error {}

/** Parses a symbol path; never throws. Empty elements (`;;`) are ignored silently. */
export function parseSymbolPath(text: string): ParsedSymbolPath {
  const elements: SymbolPathElement[] = [];
  const problems: SymbolPathProblem[] = [];
  const raw = text.split(';').map((e) => e.trim()).filter((e) => e.length > 0);
  for (const element of raw) {
    const shown = element.length > 120 ? `${element.slice(0, 117)}...` : element;
    if (elements.length >= MAX_SYMBOL_PATH_ELEMENTS) {
      problems.push({ text: shown, message: `only the first ${MAX_SYMBOL_PATH_ELEMENTS} elements of a symbol path are used (${raw.length} given)` });
      break;
    }
    try {
      if (element.length > MAX_ELEMENT_CHARS) throw new ElementError(`it is longer than ${MAX_ELEMENT_CHARS} characters`);
      elements.push(parseElement(element));
    } catch (e) {
      if (!(e instanceof ElementError)) throw e;
      problems.push({ text: shown, message: e.message });
    }
  }
  return { elements, problems };
}

function parseElement(text: string): SymbolPathElement {
  const star = text.indexOf('*');
  if (star < 0) {
    if (URL_SCHEME.test(text)) throw new ElementError('a symbol server URL needs "srv*" in front of it');
    return { kind: 'folder', text, dir: unquote(text) };
  }
  const prefix = text.slice(0, star).trim().toLowerCase();
  const parts = text.slice(star + 1).split('*').map((p) => unquote(p.trim()));
  switch (prefix) {
    case 'srv':
      return serverElement(text, parts);
    case 'symsrv': {
      const dll = parts.shift() ?? '';
      if (dll.toLowerCase() !== 'symsrv.dll') throw new ElementError(`the symbol server DLL "${dll}" is not supported (only symsrv.dll is)`);
      return serverElement(text, parts);
    }
    case 'cache': {
      if (parts.length > 1) throw new ElementError('"cache*" takes one folder');
      const dir = parts[0] ?? '';
      if (URL_SCHEME.test(dir)) throw new ElementError('a cache must be a folder, not a URL');
      return { kind: 'cache', text, dir: dir || null };
    }
    default:
      throw new ElementError(`"${prefix.slice(0, 40)}*" is not a symbol path element (srv*, symsrv*, cache* or a folder)`);
  }
}

/** `A*B*STORE` after `srv*`: every part but the last is a downstream cache, empty = the default one. */
function serverElement(text: string, parts: string[]): SymbolPathElement {
  if (parts.length === 0 || (parts.length === 1 && parts[0] === '')) {
    return { kind: 'server', text, caches: [null], store: null };
  }
  const last = parts[parts.length - 1] ?? '';
  if (last === '') throw new ElementError('it ends with "*" instead of a store');
  const caches = parts.slice(0, -1).map((p) => {
    if (URL_SCHEME.test(p)) throw new ElementError(`the downstream store "${p}" is a URL; only the last store of "srv*" may be one`);
    return p || null;
  });
  if (!URL_SCHEME.test(last)) return { kind: 'server', text, caches, store: { kind: 'local', dir: last } };
  // Something must hold what is downloaded: without a cache, the default one does (as symsrv does).
  return { kind: 'server', text, caches: caches.length > 0 ? caches : [null], store: { kind: 'http', url: checkedUrl(last) } };
}

function checkedUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new ElementError(`"${text.slice(0, 80)}" is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ElementError(`the scheme "${url.protocol}" is not supported (only http: and https: are)`);
  }
  if (url.search || url.hash) throw new ElementError('a symbol server URL cannot have a query or fragment');
  return url.href.replace(/\/+$/, '');
}

/** Users quote folders with spaces out of habit; symsrv would fail on the quote characters. */
function unquote(text: string): string {
  return text.length >= 2 && text.startsWith('"') && text.endsWith('"') ? text.slice(1, -1).trim() : text;
}
