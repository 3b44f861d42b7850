/**
 * A hardened front end to fast-xml-parser for report XML, plus small readers for the object tree
 * it produces. Report XML is hostile input: entities and DTDs are never expanded, values stay
 * strings, oversized text runs are cut and oversized markup is refused before parsing.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isRecord } from '../../../../shared/is-record';

/** Largest XML text parsed; real metadata files are under 100 KB. */
export const MAX_XML_CHARS = 2_000_000;
// fast-xml-parser builds text nodes one character at a time (~50 ms per MB), so runs of text
// longer than any real value are cut first; nothing Windows writes comes close.
const MAX_TEXT_RUN = 16_384;
// A tag (or comment, CDATA, DOCTYPE) this long is not from a report, and the parser copies each
// open tag's name into the path it builds for every later tag: quadratic time. Such text is refused.
const MAX_MARKUP = 16_384;
// The validator echoes the offending tag in its message; keep messages readable.
const MESSAGE_LIMIT = 200;
const ATTR = '@_';
const TEXT = '#text';

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: ATTR,
  textNodeName: TEXT,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false,
  htmlEntities: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  allowBooleanAttributes: true,
  maxNestedTags: 64,
});

/** The parsed tree (or why there is none) and the problems met on the way. */
export interface XmlParseOutcome {
  /** The document object (root element name → content), or null when it could not be parsed. */
  readonly doc: Record<string, unknown> | null;
  readonly problems: readonly string[];
}

/** Parses XML text into a plain object tree. Never throws; entities are left unexpanded. */
export function parseXmlTree(input: string): XmlParseOutcome {
  const source = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  if (source.length > MAX_XML_CHARS) {
    return { doc: null, problems: [`The XML file is too large to read (${source.length} characters).`] };
  }
  const prepared = limitRuns(source);
  if (prepared === null) {
    return {
      doc: null,
      problems: [`The XML has markup longer than ${MAX_MARKUP} characters, which no report file has; it was not read.`],
    };
  }
  const problems: string[] = [];
  if (prepared !== source) problems.push(`Some values were longer than ${MAX_TEXT_RUN} characters and were shortened.`);
  const valid = XMLValidator.validate(prepared, { allowBooleanAttributes: true });
  if (valid !== true) {
    const where = valid.err.line ? ` (line ${valid.err.line})` : '';
    problems.push(`The XML is damaged or incomplete${where}: ${clip(valid.err.msg)}`);
  }
  try {
    const doc: unknown = parser.parse(prepared);
    return { doc: isRecord(doc) ? doc : null, problems };
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return { doc: null, problems: [...problems, `The XML could not be read: ${clip(reason)}`] };
  }
}

/**
 * One linear pass over the text: shortens every stretch between `>` and the next `<` longer
 * than MAX_TEXT_RUN, and gives up (null) on any `<`…`>` stretch longer than MAX_MARKUP.
 */
function limitRuns(text: string): string | null {
  const pieces: string[] = [];
  let copied = 0;
  let runStart = 0;
  while (runStart < text.length) {
    let lt = text.indexOf('<', runStart);
    if (lt < 0) lt = text.length;
    if (lt - runStart > MAX_TEXT_RUN) {
      pieces.push(text.slice(copied, runStart + MAX_TEXT_RUN));
      copied = lt;
    }
    if (lt === text.length) break;
    let gt = text.indexOf('>', lt);
    if (gt < 0) gt = text.length;
    if (gt - lt > MAX_MARKUP) return null;
    runStart = gt + 1;
  }
  if (copied === 0) return text;
  pieces.push(text.slice(copied));
  return pieces.join('');
}

function clip(message: string): string {
  return message.length > MESSAGE_LIMIT ? `${message.slice(0, MESSAGE_LIMIT)}…` : message;
}

/** The property of an element named `name`: exact match first, else case-insensitive. */
function property(node: unknown, name: string): unknown {
  if (!isRecord(node)) return undefined;
  if (Object.hasOwn(node, name)) return node[name];
  const lower = name.toLowerCase();
  for (const key of Object.keys(node)) if (key.toLowerCase() === lower) return node[key];
  return undefined;
}

/** All child elements named `name` (repeated elements arrive as an array). */
export function children(node: unknown, name: string): readonly unknown[] {
  const v = property(node, name);
  if (v === undefined) return [];
  return Array.isArray(v) ? v : [v];
}

/** The first child element named `name`, or undefined. */
export function child(node: unknown, name: string): unknown {
  return children(node, name)[0];
}

/** Follows a path of element names, taking the first match at each step. */
export function path(node: unknown, ...names: readonly string[]): unknown {
  let cur = node;
  for (const name of names) {
    cur = child(cur, name);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Text content of an element (entities decoded); null when absent or empty. */
export function textOf(node: unknown): string | null {
  const raw = typeof node === 'string' ? node : isRecord(node) ? node[TEXT] : undefined;
  if (typeof raw !== 'string' && typeof raw !== 'number') return null;
  const t = decodeXmlEntities(String(raw)).trim();
  return t === '' ? null : t;
}

/** Text of the first child element named `name`. */
export function childText(node: unknown, name: string): string | null {
  return textOf(child(node, name));
}

/** An attribute value (entities decoded), or null. */
export function attrOf(node: unknown, name: string): string | null {
  const v = property(node, ATTR + name);
  return typeof v === 'string' ? decodeXmlEntities(v) : null;
}

/** Child element names of a node, without attributes and text. */
export function elementNames(node: unknown): readonly string[] {
  if (!isRecord(node)) return [];
  return Object.keys(node).filter((k) => !k.startsWith(ATTR) && k !== TEXT);
}

const ENTITY = /&(?:#(\d{1,7})|#x([0-9a-fA-F]{1,6})|(amp|lt|gt|quot|apos));/g;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Decodes the five predefined entities and character references in one pass. Anything else
 * (`&e;` from a DTD) stays as written: expanding declared entities is how XML bombs work.
 */
export function decodeXmlEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replace(ENTITY, (whole, dec?: string, hex?: string, name?: string) => {
    if (name) return NAMED[name] ?? whole;
    const cp = dec ? Number.parseInt(dec, 10) : Number.parseInt(hex ?? '', 16);
    const valid = cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff);
    return valid ? String.fromCodePoint(cp) : whole;
  });
}

/** A decimal integer value as a number, or null. */
export function toInt(value: string | null): number | null {
  if (value === null || !/^-?\d{1,16}$/.test(value)) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) ? n : null;
}
