/**
 * The symbol path the app uses: `_NT_ALT_SYMBOL_PATH` first, then `_NT_SYMBOL_PATH` (WinDbg's
 * order, so the app finds what the debugger on the same machine finds), then the app's own
 * setting, then Microsoft's public server when the user turned it on. Pure.
 */
import { MAX_SYMBOL_PATH_ELEMENTS, parseSymbolPath, type SymbolPathElement, type SymbolPathProblem } from './symbol-path';

/** Microsoft's public symbol server. */
export const MICROSOFT_SYMBOL_SERVER = 'https://msdl.microsoft.com/download/symbols';

/** Where an element of the effective path came from. */
export type SymbolPathOrigin = '_NT_ALT_SYMBOL_PATH' | '_NT_SYMBOL_PATH' | 'settings' | 'microsoft';

/** The inputs of the effective symbol path. */
export interface SymbolPathSources {
  /** The process environment (names are matched case-insensitively, as Windows does). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The app's symbol path setting, in the same syntax. */
  readonly setting: string;
  /** Adds `srv*<default cache>*https://msdl.microsoft.com/download/symbols` (off by default). */
  readonly microsoftServer: boolean;
}

/** An element of the effective path with its origin. */
export type EffectiveElement = SymbolPathElement & { readonly origin: SymbolPathOrigin };

/** The effective symbol path and the problems of all its sources. */
export interface EffectiveSymbolPath {
  readonly elements: readonly EffectiveElement[];
  readonly problems: readonly (SymbolPathProblem & { readonly origin: SymbolPathOrigin })[];
}

function envValue(env: SymbolPathSources['env'], name: string): string {
  const key = Object.keys(env).find((k) => k.toUpperCase() === name);
  return (key ? env[key] : undefined) ?? '';
}

/** Combines the environment, the setting and the Microsoft toggle into one path. */
export function effectiveSymbolPath(sources: SymbolPathSources): EffectiveSymbolPath {
  const texts: readonly (readonly [SymbolPathOrigin, string])[] = [
    ['_NT_ALT_SYMBOL_PATH', envValue(sources.env, '_NT_ALT_SYMBOL_PATH')],
    ['_NT_SYMBOL_PATH', envValue(sources.env, '_NT_SYMBOL_PATH')],
    ['settings', sources.setting],
  ];
  const elements: EffectiveElement[] = [];
  const problems: (SymbolPathProblem & { origin: SymbolPathOrigin })[] = [];
  for (const [origin, text] of texts) {
    const parsed = parseSymbolPath(text);
    for (const p of parsed.problems) problems.push({ ...p, origin });
    for (const e of parsed.elements) {
      if (elements.length >= MAX_SYMBOL_PATH_ELEMENTS) {
        problems.push({ text: e.text.slice(0, 120), origin, message: `only the first ${MAX_SYMBOL_PATH_ELEMENTS} elements of the symbol path are used` });
        break;
      }
      elements.push({ ...e, origin });
    }
  }
  const alreadyThere = elements.some((e) => e.kind === 'server' && e.store?.kind === 'http' && e.store.url.toLowerCase() === MICROSOFT_SYMBOL_SERVER);
  if (sources.microsoftServer && !alreadyThere) {
    elements.push({ kind: 'server', text: `srv**${MICROSOFT_SYMBOL_SERVER}`, caches: [null], store: { kind: 'http', url: MICROSOFT_SYMBOL_SERVER }, origin: 'microsoft' });
  }
  return { elements, problems };
}
