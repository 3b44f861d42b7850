/**
 * Patterns for sensitive values that are recognisable by shape: e-mail and IP addresses, account
 * SIDs and the user segment of profile paths. Pure: no I/O. Each pattern is tuned against the
 * WER files in ../shared/fixtures, where version numbers and hashes look a lot like addresses.
 */
import { isIPv4, isIPv6 } from 'node:net';
import type { RedactionCategory } from '../../../../shared/export-model';

/** One match of a pattern: where it is and the value it stands for. */
export interface PatternMatch {
  readonly start: number;
  readonly end: number;
  readonly category: RedactionCategory;
  readonly value: string;
}

/** A shape-based detector. `accept` filters candidates the regex alone cannot judge. */
interface ValuePattern {
  readonly category: RedactionCategory;
  readonly regex: RegExp;
  readonly accept?: (value: string, text: string, start: number, context: string) => boolean;
}

/** Profile folders that belong to no person. */
const NON_USER_PROFILES = new Set(['public', 'default', 'default user', 'all users', 'defaultapppool', 'administrator']);

/**
 * The user segment of `C:\Users\<name>\…`, `\\?\C:\Users\<name>`, `/Users/<name>/` and the XP-era
 * `Documents and Settings`. Stops at separators and at characters no folder name can hold; commas
 * end it too, so a path inside a CSV row does not swallow the next column.
 */
export const PROFILE_SEGMENT = /(?<=[\\/](?:users|documents and settings)[\\/])[^\\/\r\n\t"<>|?*:,;]+/giu;

/** Whether a profile segment names a person (not `Public`, `Default`, or a placeholder). */
export function isPersonalProfile(segment: string): boolean {
  const name = segment.trim().replace(/[. ]+$/, '');
  return name.length > 0 && !name.startsWith('<') && !NON_USER_PROFILES.has(name.toLowerCase());
}

/**
 * Keys after which a dotted quad is a version, not an address: `Sig[2].Value=1.0.0.0`,
 * `<Parameter1>6.1.8.0`, `BIN_FILE_VERSION="…"`, `<arg nm="p3" val="0.0.0.0"`, `…Version=`.
 * Redacting those would change the problem signature, which is what the bundle is for.
 */
const VERSION_CONTEXT =
  /(?:version|ver|sig\[\d+\]\.value|dynamicsig\[\d+\]\.value|parameter\d+|nm="(?:p\d+|[^"]*ver[^"]*)"\s+val)\s*[=:>"']{0,2}\s*$/i;

/** The text before `start` on its line; on the first line, `context` (a field label) comes first. */
function lineBefore(text: string, start: number, context: string, max = 64): string {
  const from = Math.max(0, start - max);
  const before = text.slice(from, start);
  const nl = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
  if (nl >= 0) return before.slice(nl + 1);
  return from === 0 && context ? `${context}=${before}` : before;
}

function acceptIpv4(value: string, text: string, start: number, context: string): boolean {
  if (!isIPv4(value)) return false;
  // Unspecified, broadcast and loopback addresses identify nobody.
  if (value === '0.0.0.0' || value === '255.255.255.255' || value.startsWith('127.')) return false;
  return !VERSION_CONTEXT.test(lineBefore(text, start, context));
}

function acceptIpv6(value: string): boolean {
  // `Bad::Add` (C++ scopes) is valid hex but holds no digit; real addresses nearly always do.
  if (!/\d/.test(value) || !isIPv6(value)) return false;
  const lower = value.toLowerCase();
  return lower !== '::' && lower !== '::1';
}

const PATTERNS: readonly ValuePattern[] = [
  {
    category: 'email',
    regex: /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,62}\.)+[A-Za-z]{2,24}(?![\w-])/g,
  },
  // Domain and local accounts (S-1-5-21-…) and Entra ID accounts (S-1-12-1-…); well-known SIDs
  // such as S-1-5-18 (SYSTEM) identify nobody and stay.
  { category: 'sid', regex: /(?<![\w-])S-1-(?:5-21|12-1)(?:-\d{1,10}){3,4}(?![\w-])/gi },
  {
    category: 'ipv6',
    regex: /(?<![\w:.])(?:[0-9a-f]{0,4}:){2,7}(?:[0-9a-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])/gi,
    accept: acceptIpv6,
  },
  { category: 'ipv4', regex: /(?<![\w.])(?:\d{1,3}\.){3}\d{1,3}(?![\w]|\.\d)/g, accept: acceptIpv4 },
  { category: 'user', regex: PROFILE_SEGMENT, accept: (v) => isPersonalProfile(v) },
];

/**
 * Every shape-based match in `text` (overlaps included; the engine picks among them). `context`
 * is the label of a value shown on its own (`Application version`), which decides like a key would.
 */
export function findPatternMatches(text: string, context = ''): PatternMatch[] {
  const found: PatternMatch[] = [];
  for (const p of PATTERNS) {
    p.regex.lastIndex = 0;
    for (const m of text.matchAll(p.regex)) {
      const raw = m[0];
      const start = m.index;
      // Trailing dots and spaces are not part of a folder name Windows can create.
      const value = p.category === 'user' ? raw.replace(/[. ]+$/, '') : raw;
      if (value.length === 0) continue;
      if (p.accept && !p.accept(value, text, start, context)) continue;
      found.push({ start, end: start + value.length, category: p.category, value });
    }
  }
  return found;
}

/** The key under which equal values share a placeholder: case-insensitive, like Windows names. */
export function normalizeValue(value: string): string {
  return value.trim().replace(/\s+/g, ' ').toLowerCase();
}
