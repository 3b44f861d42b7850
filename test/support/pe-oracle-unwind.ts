import { all, big, num, one, prop, readobj, type ReadobjNode } from './pe-readobj';

/** Unwind data as `llvm-readobj-14 --unwind` prints it for images (addresses are VAs: image base + RVA). */

/** One x64 RuntimeFunction and its UnwindInfo. */
export interface OracleX64Function {
  readonly start: bigint;
  readonly end: bigint;
  readonly unwindAddress: bigint;
  readonly info: {
    readonly version: number;
    readonly flags: number;
    readonly prologSize: number;
    /** "-" or e.g. "RBP (0x5)". */
    readonly frameRegister: string;
    /** "-" or the scaled 4-bit value in hex, e.g. "0x2". */
    readonly frameOffset: string;
    readonly codeCount: number;
    /** Lines like "0x04: ALLOC_SMALL size=40". */
    readonly codes: readonly string[];
    readonly handler: bigint | null;
    readonly chained: { readonly start: bigint; readonly end: bigint; readonly unwindAddress: bigint } | null;
  };
}

/** Every x64 RuntimeFunction of `file`. */
export function oracleX64Unwind(file: string): OracleX64Function[] {
  return all(one(readobj(file, '--unwind'), 'UnwindInformation').children, 'RuntimeFunction').map((rf) => {
    const c = rf.children;
    const ui = one(c, 'UnwindInfo').children;
    const chained = ui?.find((n) => n.key === 'Chained');
    const handler = prop(ui, 'Handler');
    return {
      start: big(prop(c, 'StartAddress')),
      end: big(prop(c, 'EndAddress')),
      unwindAddress: big(prop(c, 'UnwindInfoAddress')),
      info: {
        version: num(prop(ui, 'Version')),
        flags: num(/\((0x[0-9A-Fa-f]+)\)/.exec(one(ui, 'Flags').value)![1]),
        prologSize: num(prop(ui, 'PrologSize')),
        frameRegister: prop(ui, 'FrameRegister')!,
        frameOffset: prop(ui, 'FrameOffset')!,
        codeCount: num(prop(ui, 'UnwindCodeCount')),
        codes: one(ui, 'UnwindCodes').children!.map((n) => n.value),
        handler: handler === undefined ? null : big(handler),
        chained: chained
          ? { start: big(prop(chained.children, 'StartAddress')), end: big(prop(chained.children, 'EndAddress')), unwindAddress: big(prop(chained.children, 'UnwindInfoAddress')) }
          : null,
      },
    };
  });
}

/** One ARM64 opcode line: its bytes (hex as printed) and LLVM's rendering. */
export interface OracleArm64Opcode {
  readonly hex: string;
  readonly text: string;
}

/** One ARM64 RuntimeFunction: packed or .xdata-based. */
export type OracleArm64Function =
  | {
      readonly kind: 'packed';
      readonly function: bigint;
      readonly fragment: boolean;
      readonly functionLength: number;
      readonly regF: number;
      readonly regI: number;
      readonly homedParameters: boolean;
      readonly cr: number;
      readonly frameSize: number;
    }
  | {
      readonly kind: 'xdata';
      readonly function: bigint;
      readonly record: bigint;
      readonly functionLength: number;
      readonly version: number;
      readonly exceptionData: boolean;
      readonly epiloguePacked: boolean;
      /** EpilogueOffset when packed, EpilogueScopes otherwise. */
      readonly epilogueField: number;
      readonly byteCodeLength: number;
      readonly prologue: readonly OracleArm64Opcode[];
      readonly epilogue: readonly OracleArm64Opcode[];
      readonly scopes: readonly { readonly startOffset: number; readonly startIndex: number; readonly opcodes: readonly OracleArm64Opcode[] }[];
      readonly handler: { readonly routine: bigint; readonly parameter: number } | null;
    };

function opcodes(node: ReadobjNode | undefined): OracleArm64Opcode[] {
  return (node?.children ?? []).map((n) => {
    const m = /^(0x[0-9a-f]+)\s+;\s*(.*)$/.exec(n.value);
    if (!m) throw new Error(`unexpected opcode line: ${n.value}`);
    return { hex: m[1]!, text: m[2]! };
  });
}

/** Every ARM64 RuntimeFunction of `file`. */
export function oracleArm64Unwind(file: string): OracleArm64Function[] {
  return all(one(readobj(file, '--unwind'), 'UnwindInformation').children, 'RuntimeFunction').map((rf): OracleArm64Function => {
    const c = rf.children;
    const fn = big(prop(c, 'Function'));
    const fragment = prop(c, 'Fragment');
    if (fragment !== undefined) {
      return {
        kind: 'packed',
        function: fn,
        fragment: fragment === 'Yes',
        functionLength: num(prop(c, 'FunctionLength')),
        regF: num(prop(c, 'RegF')),
        regI: num(prop(c, 'RegI')),
        homedParameters: prop(c, 'HomedParameters') === 'Yes',
        cr: num(prop(c, 'CR')),
        frameSize: num(prop(c, 'FrameSize')),
      };
    }
    const x = one(c, 'ExceptionData').children;
    const packed = prop(x, 'EpiloguePacked') === 'Yes';
    const handler = x?.find((n) => n.key === 'ExceptionHandler');
    return {
      kind: 'xdata',
      function: fn,
      record: big(prop(c, 'ExceptionRecord')),
      functionLength: num(prop(x, 'FunctionLength')),
      version: num(prop(x, 'Version')),
      exceptionData: prop(x, 'ExceptionData') === 'Yes',
      epiloguePacked: packed,
      epilogueField: num(prop(x, packed ? 'EpilogueOffset' : 'EpilogueScopes')),
      byteCodeLength: num(prop(x, 'ByteCodeLength')),
      prologue: opcodes(x?.find((n) => n.key === 'Prologue')),
      epilogue: opcodes(x?.find((n) => n.key === 'Epilogue')),
      scopes: all(x?.find((n) => n.key === 'EpilogueScopes' && n.children !== null)?.children ?? null, 'EpilogueScope').map((s) => ({
        startOffset: num(prop(s.children, 'StartOffset')),
        startIndex: num(prop(s.children, 'EpilogueStartIndex')),
        opcodes: opcodes(s.children?.find((n) => n.key === 'Opcodes')),
      })),
      handler: handler ? { routine: big(prop(handler.children, 'Routine')), parameter: num(prop(handler.children, 'Parameter')) } : null,
    };
  });
}
