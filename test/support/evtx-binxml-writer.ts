/**
 * BinXML encoding for the test EVTX writer: elements, attributes, text, substitutions and template
 * definitions, written straight into a chunk buffer because names and resident templates refer to
 * their own chunk-relative offsets. Layout per libevtx's "Windows XML Event Log" documentation.
 */

/** A node of a template body the writer emits. */
export type WNode =
  | { readonly kind: 'element'; readonly name: string; readonly attrs?: readonly WAttr[]; readonly children?: readonly WNode[] }
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'sub'; readonly index: number; readonly type: number; readonly optional?: boolean };

/** An attribute whose value is text or a substitution. */
export interface WAttr {
  readonly name: string;
  readonly value: WNode;
}

/** A substitution value: its type code and encoded bytes, or a nested BinXML fragment (type 0x21). */
export type WValue =
  | { readonly type: number; readonly bytes: Uint8Array }
  | { readonly type: 0x21; readonly nested: { readonly template: WTemplate; readonly values: readonly WValue[] } };

/** A template: an id (its GUID's first 4 bytes) and body. */
export interface WTemplate {
  readonly guid: Uint8Array;
  readonly body: readonly WNode[];
}

/** Windows' string-table hash of a name (only the low 16 bits are stored). */
export function nameHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 65599) + name.charCodeAt(i)) >>> 0;
  return h & 0xffff;
}

/** Encodes a string as UTF-16LE, optionally NUL-terminated. */
export function utf16(text: string, nul = false): Uint8Array {
  const out = new Uint8Array((text.length + (nul ? 1 : 0)) * 2);
  for (let i = 0; i < text.length; i++) {
    out[i * 2] = text.charCodeAt(i) & 0xff;
    out[i * 2 + 1] = text.charCodeAt(i) >> 8;
  }
  return out;
}

/** A write cursor over one chunk buffer, with the chunk's name and template tables. */
export class ChunkWriter {
  pos: number;
  readonly dv: DataView;
  readonly names = new Map<string, number>();
  readonly templates = new Map<string, number>();
  /** Heads of the 64 string-hash buckets and 32 template buckets (the chunk header tables). */
  readonly stringBuckets = new Array<number>(64).fill(0);
  readonly templateBuckets = new Array<number>(32).fill(0);

  constructor(readonly bytes: Uint8Array, start: number) {
    this.pos = start;
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  u8(v: number): void { this.bytes[this.pos++] = v & 0xff; }
  u16(v: number): void { this.dv.setUint16(this.pos, v, true); this.pos += 2; }
  u32(v: number): void { this.dv.setUint32(this.pos, v >>> 0, true); this.pos += 4; }
  u64(v: bigint): void { this.dv.setBigUint64(this.pos, v, true); this.pos += 8; }
  raw(b: Uint8Array): void { this.bytes.set(b, this.pos); this.pos += b.length; }

  /** A name reference; the name is written inline right after it the first time in this chunk. */
  name(name: string): void {
    const known = this.names.get(name);
    if (known !== undefined) return this.u32(known);
    const at = this.pos + 4;
    this.u32(at);
    const hash = nameHash(name);
    this.names.set(name, at);
    this.u32(this.stringBuckets[hash % 64]!);
    this.stringBuckets[hash % 64] = at;
    this.u16(hash);
    this.u16(name.length);
    this.raw(utf16(name, true));
  }

  /** Writes template body nodes. */
  nodes(list: readonly WNode[]): void {
    for (const node of list) {
      if (node.kind === 'text') this.text(node.text);
      else if (node.kind === 'sub') this.sub(node);
      else this.element(node);
    }
  }

  text(text: string): void {
    this.u8(0x05);
    this.u8(0x01);
    this.u16(text.length);
    this.raw(utf16(text));
  }

  sub(node: { index: number; type: number; optional?: boolean }): void {
    this.u8(node.optional ? 0x0e : 0x0d);
    this.u16(node.index);
    this.u8(node.type);
  }

  element(node: Extract<WNode, { kind: 'element' }>): void {
    const attrs = node.attrs ?? [];
    this.u8(attrs.length > 0 ? 0x41 : 0x01);
    this.u16(0xffff);
    const sizeAt = this.pos;
    this.u32(0);
    this.name(node.name);
    if (attrs.length > 0) {
      const listAt = this.pos;
      this.u32(0);
      attrs.forEach((attr, i) => {
        this.u8(i < attrs.length - 1 ? 0x46 : 0x06);
        this.name(attr.name);
        this.nodes([attr.value]);
      });
      this.dv.setUint32(listAt, this.pos - listAt - 4, true);
    }
    const children = node.children ?? [];
    if (children.length === 0) this.u8(0x03);
    else {
      this.u8(0x02);
      this.nodes(children);
      this.u8(0x04);
    }
    this.dv.setUint32(sizeAt, this.pos - sizeAt - 4, true);
  }

  /** A template instance: the definition resident here on first use in the chunk, then the values. */
  templateInstance(template: WTemplate, values: readonly WValue[]): void {
    const key = Buffer.from(template.guid).toString('hex');
    this.u8(0x0c);
    this.u8(0x01);
    this.u32(new DataView(template.guid.buffer, template.guid.byteOffset).getUint32(0, true));
    const known = this.templates.get(key);
    if (known !== undefined) this.u32(known);
    else {
      const at = this.pos + 4;
      this.u32(at);
      this.templates.set(key, at);
      const bucket = template.guid[0]! % 32;
      this.u32(this.templateBuckets[bucket]!);
      this.templateBuckets[bucket] = at;
      this.raw(template.guid);
      const sizeAt = this.pos;
      this.u32(0);
      this.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
      this.nodes(template.body);
      this.u8(0x00);
      this.dv.setUint32(sizeAt, this.pos - sizeAt - 4, true);
    }
    this.u32(values.length);
    const descriptorsAt = this.pos;
    for (const v of values) {
      this.u16(0);
      this.u8(v.type);
      this.u8(0);
    }
    // Sizes are patched afterwards: a nested fragment's size is known only once it is written.
    values.forEach((v, i) => {
      const start = this.pos;
      if ('nested' in v) this.fragment(v.nested.template, v.nested.values);
      else this.raw(v.bytes);
      this.dv.setUint16(descriptorsAt + i * 4, this.pos - start, true);
    });
  }

  /** A complete fragment: header, one template instance, end of stream. */
  fragment(template: WTemplate, values: readonly WValue[]): void {
    this.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
    this.templateInstance(template, values);
    this.u8(0x00);
  }
}
