/**
 * Read/write classification of the faulting x86/amd64 instruction. Windows reports a general
 * protection fault on a non-canonical address as a *read* of 0xffffffffffffffff whatever the
 * instruction did; the captured code bytes at RIP tell the real access kind for common forms.
 */

const LEGACY_PREFIXES: ReadonlySet<number> = new Set([0x66, 0x67, 0xf0, 0xf2, 0xf3, 0x2e, 0x36, 0x3e, 0x26, 0x64, 0x65]);

/** True when the ModRM byte addresses memory (mod ≠ 3). */
function memoryOperand(modrm: number | undefined): boolean {
  return modrm !== undefined && modrm >> 6 !== 3;
}

/**
 * Classifies a memory access of one instruction: 'write' for stores (MOV to memory, ALU ops with a
 * memory destination, SSE stores), 'read' for loads, null when the form is not recognised.
 */
export function classifyInstructionAccess(code: Uint8Array, is64: boolean): 'read' | 'write' | null {
  let i = 0;
  while (i < code.length && i < 14 && LEGACY_PREFIXES.has(code[i]!)) i++;
  if (is64 && i < code.length && (code[i]! & 0xf0) === 0x40) i++;
  const op = code[i];
  if (op === undefined) return null;
  const modrm = code[i + 1];
  if (op === 0x0f) {
    const op2 = code[i + 1];
    const m = code[i + 2];
    if (!memoryOperand(m)) return null;
    if (op2 === 0x11 || op2 === 0x29 || op2 === 0x7f || op2 === 0xd6) return 'write';
    if (op2 === 0x10 || op2 === 0x28 || op2 === 0x6f || op2 === 0xb6 || op2 === 0xb7 || op2 === 0xbe || op2 === 0xbf) return 'read';
    return null;
  }
  if (!memoryOperand(modrm)) return null;
  if (op === 0x88 || op === 0x89) return 'write';
  if ((op === 0xc6 || op === 0xc7) && ((modrm! >> 3) & 7) === 0) return 'write';
  if (op === 0x8a || op === 0x8b) return 'read';
  // ALU family 0x00–0x3b: low bits 0/1 = r/m destination (read-modify-write), 2/3 = r/m source.
  if (op < 0x40 && (op & 7) <= 3) {
    const cmp = op >= 0x38;
    return (op & 7) <= 1 && !cmp ? 'write' : 'read';
  }
  return null;
}
