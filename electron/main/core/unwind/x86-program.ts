/** Most tokens evaluated per program (real ones have ~30); more is hostile. */
export const MAX_PROGRAM_TOKENS = 256;
/** Most memory reads per program. */
const MAX_DEREFS = 32;
const MAX_DEPTH = 32;

/** 32-bit values by name: registers ($eip…), temporaries ($T0…), and the `.` inputs. */
export type X86Values = ReadonlyMap<string, number>;

/** Reads a 32-bit word of process memory, or null when it was not captured. */
export type ReadU32 = (address: number) => Promise<number | null>;

/** What a program run produced: the assigned values, or why it could not run. */
export type ProgramResult = { readonly kind: 'ok'; readonly assigned: X86Values } | { readonly kind: 'failed'; readonly problem: string };

const NAME = /^(\$[A-Za-z][A-Za-z0-9]*|\.[A-Za-z][A-Za-z0-9]*)$/;
const NUMBER = /^-?(0x[0-9a-fA-F]+|[0-9]+)$/;

function arith(op: string, a: number, b: number): number | string {
  switch (op) {
    case '+':
      return (a + b) >>> 0;
    case '-':
      return (a - b) >>> 0;
    case '*':
      return Number((BigInt(a) * BigInt(b)) & 0xffffffffn);
    case '/':
      return b === 0 ? 'division by zero' : Math.floor(a / b) >>> 0;
    case '%':
      return b === 0 ? 'division by zero' : a % b >>> 0;
    case '@':
      // Align down to a power of two, as `$T0 $ebp 8 @` does for realigned stacks.
      return b === 0 || (b & (b - 1)) !== 0 ? `alignment ${b} is not a power of two` : (a & ~(b - 1)) >>> 0;
    default:
      return `unknown operator ${op}`;
  }
}

/**
 * Runs a FrameData program string (postfix: `$T0 .raSearch = $eip $T0 ^ = $esp $T0 4 + =`) over
 * `inputs`: numbers, names, + - * / % @ (align), ^ (read a word) and = (assign to a $ name).
 * Bounded in tokens, stack depth and memory reads; any error is a `failed` result, never a throw.
 */
export async function runX86Program(program: string, inputs: X86Values, read: ReadU32): Promise<ProgramResult> {
  const tokens = program.split(/\s+/).filter((t) => t.length > 0);
  if (tokens.length === 0) return { kind: 'failed', problem: 'the program is empty' };
  if (tokens.length > MAX_PROGRAM_TOKENS) return { kind: 'failed', problem: `the program has ${tokens.length} tokens` };
  const values = new Map(inputs);
  const assigned = new Map<string, number>();
  // Names stay names until an operator needs their value (the target of = must stay a name).
  const stack: (number | string)[] = [];
  let derefs = 0;
  const failed = (problem: string): ProgramResult => ({ kind: 'failed', problem });
  const valueOf = (item: number | string | undefined): number | string => {
    if (item === undefined) return 'stack underflow';
    if (typeof item === 'number') return item;
    const v = values.get(item);
    return v === undefined ? `${item} has no value` : v;
  };
  for (const t of tokens) {
    if (t === '=') {
      const value = valueOf(stack.pop());
      const name = stack.pop();
      if (typeof value === 'string') return failed(value);
      if (typeof name !== 'string' || !name.startsWith('$')) return failed('= needs a $ name to assign');
      values.set(name, value);
      assigned.set(name, value);
    } else if (t === '^') {
      const address = valueOf(stack.pop());
      if (typeof address === 'string') return failed(address);
      if (++derefs > MAX_DEREFS) return failed('too many memory reads');
      const word = await read(address);
      if (word === null) return failed(`0x${address.toString(16)} is not in the dump`);
      stack.push(word);
    } else if (t.length === 1 && '+-*/%@'.includes(t)) {
      const b = valueOf(stack.pop());
      const a = valueOf(stack.pop());
      if (typeof a === 'string') return failed(a);
      if (typeof b === 'string') return failed(b);
      const r = arith(t, a, b);
      if (typeof r === 'string') return failed(r);
      stack.push(r);
    } else if (NUMBER.test(t)) {
      const n = Number.parseInt(t.replace(/^-/, ''), t.includes('0x') ? 16 : 10);
      stack.push((t.startsWith('-') ? -n : n) >>> 0);
    } else if (NAME.test(t)) {
      stack.push(t);
    } else {
      return failed(`unknown token ${JSON.stringify(t.slice(0, 20))}`);
    }
    if (stack.length > MAX_DEPTH) return failed('the program nests too deep');
  }
  if (stack.length !== 0) return failed(`${stack.length} values left over`);
  return { kind: 'ok', assigned };
}
