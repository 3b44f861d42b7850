/** Shared state and types of BinXML decoding: the chunk context, template nodes, limits, errors. */
import type { EvtxNode } from './evtx-model';
import { decodeUtf16 } from './binxml-values';

/** A BinXML structure that cannot be decoded; caught per record. */
export class BinXmlError extends Error {}

/** Per-chunk state shared by all its records: the bytes and the two caches. */
export interface ChunkContext {
  /** The whole chunk; every BinXML offset is relative to its start. */
  readonly bytes: Uint8Array;
  readonly names: Map<number, string>;
  readonly templates: Map<number, TemplateDefinition | BinXmlError>;
}

/** A template definition: its node tree, with substitution placeholders. */
export interface TemplateDefinition {
  readonly nodes: readonly TNode[];
}

/** A node of a parsed template: elements, text, substitution placeholders, instantiated nodes. */
export type TNode =
  | { readonly kind: 'element'; readonly name: string; readonly attrs: readonly TAttr[]; readonly children: readonly TNode[] }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'sub'; readonly index: number; readonly optional: boolean }
  | { readonly kind: 'nodes'; readonly nodes: readonly EvtxNode[] };

/** A template attribute: its value parts (text and substitutions). */
export interface TAttr {
  readonly name: string;
  readonly parts: readonly TNode[];
}

/** Where one substitution value lies in the chunk, and its type. */
export interface Value {
  readonly type: number;
  readonly start: number;
  readonly end: number;
}

/** Work one record may cost (tokens read + nodes built): bounds time and memory on hostile input. */
export const MAX_STEPS = 200_000;
/** Deepest element nesting a record may have. */
export const MAX_DEPTH = 64;
/** Deepest nesting of templates and nested BinXML values. */
export const MAX_TEMPLATE_DEPTH = 16;
/** The five predefined XML entities. */
export const ENTITIES: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Creates the per-chunk decoding state. */
export function createChunkContext(bytes: Uint8Array): ChunkContext {
  return { bytes, names: new Map(), templates: new Map() };
}

/** Per-record work counter and loop guard, shared by nested parsers. */
export interface Budget {
  steps: number;
  /** Template definition offsets being parsed or instantiated: a repeat is a loop. */
  readonly active: Set<number>;
  /** Parses a nested BinXML fragment (a value of type 0x21) at `[start, end)` of the chunk. */
  readonly parse: (start: number, end: number, depth: number) => readonly TNode[];
}

/** Reads a name structure (next offset, hash, length, UTF-16 text, NUL) from the string table. */
export function readName(ctx: ChunkContext, offset: number): string {
  const b = ctx.bytes;
  if (offset + 8 > b.length) throw new BinXmlError(`name offset ${offset} outside the chunk`);
  const count = b[offset + 6]! | (b[offset + 7]! << 8);
  if (offset + 8 + count * 2 > b.length) throw new BinXmlError(`name at ${offset} runs past the chunk`);
  const name = decodeUtf16(b, offset + 8, offset + 8 + count * 2);
  ctx.names.set(offset, name);
  return name;
}

