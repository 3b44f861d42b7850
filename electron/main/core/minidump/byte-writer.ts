/** Growable little-endian byte buffer used by the minidump writer. */
export class ByteWriter {
  private buf = new Uint8Array(4096);
  private dv = new DataView(this.buf.buffer);
  private len = 0;

  /** Bytes written so far (the next RVA). */
  get length(): number {
    return this.len;
  }

  private ensure(extra: number): void {
    if (this.len + extra <= this.buf.length) return;
    let cap = this.buf.length;
    while (cap < this.len + extra) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.dv = new DataView(next.buffer);
  }

  /** Pads with zeros to a multiple of `n`; returns the new length. */
  align(n: number): number {
    const pad = (n - (this.len % n)) % n;
    this.zeros(pad);
    return this.len;
  }

  /** Appends `n` zero bytes; returns the offset they start at. */
  zeros(n: number): number {
    this.ensure(n);
    const at = this.len;
    this.buf.fill(0, at, at + n);
    this.len += n;
    return at;
  }

  /** Appends raw bytes; returns their offset. */
  bytes(data: Uint8Array): number {
    this.ensure(data.length);
    const at = this.len;
    this.buf.set(data, at);
    this.len += data.length;
    return at;
  }

  /** Appends a u8. */
  u8(v: number): void {
    this.ensure(1);
    this.dv.setUint8(this.len, v & 0xff);
    this.len += 1;
  }

  /** Appends a u16. */
  u16(v: number): void {
    this.ensure(2);
    this.dv.setUint16(this.len, v & 0xffff, true);
    this.len += 2;
  }

  /** Appends a u32. */
  u32(v: number): void {
    this.ensure(4);
    this.dv.setUint32(this.len, v >>> 0, true);
    this.len += 4;
  }

  /** Appends a u64. */
  u64(v: bigint | number): void {
    this.ensure(8);
    this.dv.setBigUint64(this.len, BigInt.asUintN(64, BigInt(v)), true);
    this.len += 8;
  }

  /** Overwrites a u16 at an earlier offset. */
  setU16(at: number, v: number): void {
    this.dv.setUint16(at, v & 0xffff, true);
  }

  /** Overwrites a u32 at an earlier offset. */
  setU32(at: number, v: number): void {
    this.dv.setUint32(at, v >>> 0, true);
  }

  /** Overwrites a u64 at an earlier offset. */
  setU64(at: number, v: bigint | number): void {
    this.dv.setBigUint64(at, BigInt.asUintN(64, BigInt(v)), true);
  }

  /** Appends a MINIDUMP_STRING (u32 byte length, UTF-16LE, NUL); returns its RVA (4-aligned). */
  minidumpString(text: string): number {
    const at = this.align(4);
    this.u32(text.length * 2);
    for (let i = 0; i < text.length; i++) this.u16(text.charCodeAt(i));
    this.u16(0);
    return at;
  }

  /** A copy of the bytes written. */
  toBytes(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}
