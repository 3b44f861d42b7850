/** Binary annotation opcodes of S_INLINESITE records (cvinfo.h BinaryAnnotationOpcode). */
const Op = {
  Invalid: 0,
  CodeOffset: 1,
  ChangeCodeOffsetBase: 2,
  ChangeCodeOffset: 3,
  ChangeCodeLength: 4,
  ChangeFile: 5,
  ChangeLineOffset: 6,
  ChangeLineEndDelta: 7,
  ChangeRangeKind: 8,
  ChangeColumnStart: 9,
  ChangeColumnEndDelta: 10,
  ChangeCodeOffsetAndLineOffset: 11,
  ChangeCodeLengthAndCodeOffset: 12,
  ChangeColumnEnd: 13,
} as const;

/** One code range of an inlined call: [start, end) relative to the enclosing procedure's start. */
export interface InlineRange {
  readonly start: number;
  /** Exclusive end; null when the annotations leave it open (it then runs to the procedure's end). */
  readonly end: number | null;
  /** Line in the inlined function's source. */
  readonly line: number;
  /** File checksum offset (DEBUG_S_FILECHKSMS) of the line's file. */
  readonly file: number;
}

/** Decoded annotations, with a note when they stopped at damage. */
export interface DecodedAnnotations {
  readonly ranges: readonly InlineRange[];
  readonly problem: string | null;
}

/** Reads one compressed unsigned integer (1, 2 or 4 bytes); null when cut short or malformed. */
function compressed(bytes: Uint8Array, at: number): { readonly value: number; readonly next: number } | null {
  const b0 = bytes[at];
  if (b0 === undefined) return null;
  if ((b0 & 0x80) === 0) return { value: b0, next: at + 1 };
  if ((b0 & 0xc0) === 0x80) {
    if (at + 2 > bytes.length) return null;
    return { value: ((b0 & 0x3f) << 8) | bytes[at + 1]!, next: at + 2 };
  }
  if ((b0 & 0xe0) === 0xc0) {
    if (at + 4 > bytes.length) return null;
    const value = ((b0 & 0x1f) << 24) | (bytes[at + 1]! << 16) | (bytes[at + 2]! << 8) | bytes[at + 3]!;
    return { value: value >>> 0, next: at + 4 };
  }
  return null;
}

function signed(value: number): number {
  return value & 1 ? -(value >>> 1) : value >>> 1;
}

/**
 * Decodes the binary annotations of an inline site into code ranges with their line and file.
 * Every "code offset" opcode starts a range at the current offset with the current line; a range's
 * length is given explicitly (ChangeCodeLength, ChangeCodeLengthAndCodeOffset) or runs to the next
 * range. `startLine` and `startFile` come from the module's DEBUG_S_INLINEELINES entry.
 */
export function decodeAnnotations(bytes: Uint8Array, startLine: number, startFile: number): DecodedAnnotations {
  const ranges: { start: number; end: number | null; line: number; file: number }[] = [];
  let base = 0;
  let offset = 0;
  let line = startLine;
  let file = startFile;
  let problem: string | null = null;

  const emit = (length: number | null): void => {
    const start = (base + offset) >>> 0;
    const last = ranges[ranges.length - 1];
    if (last && last.end === null) last.end = Math.max(last.start, start);
    ranges.push({ start, end: length === null ? null : start + length, line, file });
  };

  let at = 0;
  while (at < bytes.length) {
    const op = compressed(bytes, at);
    if (!op || op.value === Op.Invalid) break;
    const a = compressed(bytes, op.next);
    if (!a) {
      problem = 'an inline site annotation is cut short or malformed';
      break;
    }
    at = a.next;
    switch (op.value) {
      case Op.CodeOffset:
        offset = a.value;
        break;
      case Op.ChangeCodeOffsetBase:
        base = a.value;
        break;
      case Op.ChangeCodeOffset:
        offset += a.value;
        emit(null);
        break;
      case Op.ChangeCodeLength: {
        const last = ranges[ranges.length - 1];
        if (last && last.end === null) last.end = last.start + a.value;
        offset += a.value;
        break;
      }
      case Op.ChangeFile:
        file = a.value;
        break;
      case Op.ChangeLineOffset:
        line += signed(a.value);
        break;
      case Op.ChangeCodeOffsetAndLineOffset:
        offset += a.value & 0xf;
        line += signed(a.value >>> 4);
        emit(null);
        break;
      case Op.ChangeCodeLengthAndCodeOffset: {
        const b = compressed(bytes, at);
        if (!b) {
          problem = 'an inline site annotation is cut short or malformed';
          at = bytes.length;
          break;
        }
        at = b.next;
        offset += b.value;
        emit(a.value);
        break;
      }
      case Op.ChangeLineEndDelta:
      case Op.ChangeRangeKind:
      case Op.ChangeColumnStart:
      case Op.ChangeColumnEndDelta:
      case Op.ChangeColumnEnd:
        break;
      default:
        problem = `an inline site has an unknown annotation opcode ${op.value}`;
        at = bytes.length;
    }
  }
  return { ranges, problem };
}
