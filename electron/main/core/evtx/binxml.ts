/**
 * BinXML decoding inside one chunk: element tokens, names from the chunk's string table, template
 * definitions (parsed once per chunk, cached by offset) and their instantiation with substitution
 * values, nested BinXML included. Hostile input (loops, absurd sizes, endless nesting) raises a
 * BinXmlError that the caller turns into a problem for that record.
 */
import type { EvtxNode } from './evtx-model';
import { ValueType, decodeUtf16 } from './binxml-values';
import {
  BinXmlError, ENTITIES, MAX_DEPTH, MAX_STEPS, MAX_TEMPLATE_DEPTH, readName,
  type Budget, type ChunkContext, type TAttr, type TNode, type TemplateDefinition, type Value,
} from './binxml-context';
import { instantiate } from './binxml-instantiate';

/** Decodes the BinXML of one record (`bytes[start, end)` of the chunk) into its top-level nodes. */
export function decodeRecordXml(ctx: ChunkContext, start: number, end: number): EvtxNode[] {
  const budget: Budget = {
    steps: 0,
    active: new Set(),
    parse: (from, to, depth) => new Parser(ctx, from, to, budget, depth).fragment(false),
  };
  const nodes = new Parser(ctx, start, end, budget, 0).fragment(false);
  return instantiate(ctx, nodes, [], budget, 0);
}

class Parser {
  private readonly dv: DataView;
  constructor(
    private readonly ctx: ChunkContext,
    private pos: number,
    private readonly end: number,
    private readonly budget: Budget,
    private readonly templateDepth: number,
  ) {
    if (end > ctx.bytes.length || pos > end) throw new BinXmlError('BinXML range outside the chunk');
    this.dv = new DataView(ctx.bytes.buffer, ctx.bytes.byteOffset, ctx.bytes.byteLength);
  }

  private need(n: number): void {
    if (this.pos + n > this.end) throw new BinXmlError(`BinXML runs past its end at chunk offset ${this.pos}`);
  }
  private step(): void {
    if (++this.budget.steps > MAX_STEPS) throw new BinXmlError('BinXML too large or looping (step budget exhausted)');
  }
  private u8(): number { this.need(1); return this.ctx.bytes[this.pos++]!; }
  private u16(): number { this.need(2); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  private u32(): number { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }

  private utf16(count: number): string {
    this.need(count * 2);
    const s = decodeUtf16(this.ctx.bytes, this.pos, this.pos + count * 2);
    this.pos += count * 2;
    return s;
  }

  /** A name reference: the string lives in the chunk's table, inline right here when first used. */
  private name(): string {
    const offset = this.u32();
    const inline = offset === this.pos;
    const cached = this.ctx.names.get(offset);
    let name = cached;
    if (name === undefined) name = readName(this.ctx, offset);
    if (inline) this.pos = offset + 8 + (this.ctx.bytes[offset + 6]! | (this.ctx.bytes[offset + 7]! << 8)) * 2 + 2;
    if (this.pos > this.end) throw new BinXmlError('inline name runs past the BinXML end');
    return name;
  }

  /** Tokens up to EndOfStream (a whole fragment) or, inside an element, up to EndElement. */
  fragment(inElement: boolean, depth = 0): TNode[] {
    if (depth > MAX_DEPTH) throw new BinXmlError('BinXML elements nested too deep');
    const out: TNode[] = [];
    while (this.pos < this.end) {
      this.step();
      const token = this.ctx.bytes[this.pos]!;
      // Only bit 0x40 ("has attributes" / "more data") may be set above the token number.
      if ((token & 0xb0) !== 0) throw new BinXmlError(`unexpected BinXML token 0x${token.toString(16)} at chunk offset ${this.pos}`);
      switch (token & 0x0f) {
        case 0x00: this.pos++; return out;
        case 0x04: this.pos++; if (inElement) return out; throw new BinXmlError('EndElement outside an element');
        case 0x0f: this.need(4); this.pos += 4; break;
        case 0x01: out.push(this.element(depth)); break;
        case 0x0c: this.pos++; out.push({ kind: 'nodes', nodes: this.templateInstance() }); break;
        case 0x0a: this.pos++; this.name(); break;
        case 0x0b: this.pos++; this.utf16(this.u16()); break;
        default: {
          const part = this.valueToken();
          if (!part) throw new BinXmlError(`unexpected BinXML token 0x${token.toString(16)} at chunk offset ${this.pos}`);
          out.push(part);
        }
      }
    }
    if (inElement) throw new BinXmlError('element not closed before the BinXML end');
    return out;
  }

  /** Text-like tokens: values, substitutions, CDATA, character and entity references. */
  private valueToken(): TNode | null {
    const token = this.ctx.bytes[this.pos]!;
    if ((token & 0xb0) !== 0) return null;
    switch (token & 0x0f) {
      case 0x05: {
        this.pos++;
        const type = this.u8();
        if (type !== ValueType.String) throw new BinXmlError(`value token of type 0x${type.toString(16)}`);
        return { kind: 'text', text: this.utf16(this.u16()) };
      }
      case 0x0d: case 0x0e: {
        this.pos++;
        const index = this.u16();
        this.u8();
        return { kind: 'sub', index, optional: (token & 0x0f) === 0x0e };
      }
      case 0x07: this.pos++; return { kind: 'text', text: this.utf16(this.u16()) };
      case 0x08: this.pos++; return { kind: 'text', text: String.fromCharCode(this.u16()) };
      case 0x09: { this.pos++; const n = this.name(); return { kind: 'text', text: ENTITIES[n] ?? `&${n};` }; }
      default: return null;
    }
  }

  private element(depth: number): TNode {
    const token = this.u8();
    this.u16(); // dependency id
    const size = this.u32();
    if (size > this.end - this.pos) throw new BinXmlError('element size runs past the BinXML end');
    const name = this.name();
    const attrs: TAttr[] = [];
    if (token & 0x40) {
      const listSize = this.u32();
      const listEnd = this.pos + listSize;
      if (listEnd > this.end) throw new BinXmlError('attribute list runs past the BinXML end');
      while (this.pos < listEnd && (this.ctx.bytes[this.pos]! & 0x0f) === 0x06) {
        this.step();
        this.pos++;
        const attrName = this.name();
        const parts: TNode[] = [];
        for (let part = this.valueToken(); part; part = this.pos < this.end ? this.valueToken() : null) parts.push(part);
        attrs.push({ name: attrName, parts });
      }
    }
    const close = this.u8();
    if (close === 0x03) return { kind: 'element', name, attrs, children: [] };
    if (close !== 0x02) throw new BinXmlError(`expected the end of a start element, got 0x${close.toString(16)}`);
    return { kind: 'element', name, attrs, children: this.fragment(true, depth + 1) };
  }

  private templateInstance(): EvtxNode[] {
    if (this.templateDepth >= MAX_TEMPLATE_DEPTH) throw new BinXmlError('templates nested too deep');
    this.u8();
    this.u32(); // template id: the first four bytes of its GUID
    const defOffset = this.u32();
    if (defOffset === this.pos) {
      // The definition is resident right here (first use in this chunk): skip over it.
      this.need(24);
      const dataSize = this.dv.getUint32(this.pos + 20, true);
      this.need(24 + dataSize);
      this.pos += 24 + dataSize;
    }
    const def = template(this.ctx, defOffset, this.budget, this.templateDepth);
    const count = this.u32();
    this.need(count * 4);
    const sizes: { size: number; type: number }[] = [];
    for (let i = 0; i < count; i++) {
      const size = this.u16();
      const type = this.u8();
      this.u8();
      sizes.push({ size, type });
    }
    const values: Value[] = [];
    for (const { size, type } of sizes) {
      this.need(size);
      values.push({ type, start: this.pos, end: this.pos + size });
      this.pos += size;
    }
    if (this.budget.active.has(defOffset)) throw new BinXmlError(`template at chunk offset ${defOffset} refers to itself`);
    this.budget.active.add(defOffset);
    try {
      return instantiate(this.ctx, def.nodes, values, this.budget, this.templateDepth + 1);
    } finally {
      this.budget.active.delete(defOffset);
    }
  }
}

/** A template definition, parsed once per chunk and cached by offset (failures are cached too). */
function template(ctx: ChunkContext, offset: number, budget: Budget, depth: number): TemplateDefinition {
  const cached = ctx.templates.get(offset);
  if (cached instanceof BinXmlError) throw cached;
  if (cached) return cached;
  if (budget.active.has(offset)) throw new BinXmlError(`template at chunk offset ${offset} refers to itself`);
  if (offset + 24 > ctx.bytes.length) throw new BinXmlError(`template offset ${offset} outside the chunk`);
  const dataSize = new DataView(ctx.bytes.buffer, ctx.bytes.byteOffset).getUint32(offset + 20, true);
  if (offset + 24 + dataSize > ctx.bytes.length) {
    const e = new BinXmlError(`template at chunk offset ${offset} runs past the chunk`);
    ctx.templates.set(offset, e);
    throw e;
  }
  budget.active.add(offset);
  try {
    const nodes = new Parser(ctx, offset + 24, offset + 24 + dataSize, budget, depth + 1).fragment(false);
    const def: TemplateDefinition = { nodes };
    ctx.templates.set(offset, def);
    return def;
  } catch (error) {
    // Loops are not cached: the same template may parse fine from another, non-looping path.
    if (error instanceof BinXmlError && !/refers to itself|budget/.test(error.message)) ctx.templates.set(offset, error);
    throw error;
  } finally {
    budget.active.delete(offset);
  }
}

