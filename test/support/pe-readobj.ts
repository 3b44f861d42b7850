import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { llvmTool } from './llvm-tools';

/**
 * llvm-readobj / llvm-objdump / llvm-pdbutil as independent oracles for the PE reader. LLVM 14's
 * readobj has no JSON output for COFF, so its indented "Key: value" / "Name {" text is parsed
 * into a small tree here.
 */

/** One line of llvm-readobj text: a property, a bare item, or a block with children. */
export interface ReadobjNode {
  readonly key: string;
  readonly value: string;
  readonly children: ReadobjNode[] | null;
}

const outputs = new Map<string, string>();

/**
 * Runs an LLVM tool and returns its stdout (large outputs allowed). Outputs are memoised per
 * arguments and input file state (size, mtime): the same oracle is asked many times per test file.
 */
export function runLlvm(tool: string, args: readonly string[]): string {
  const file = args[args.length - 1]!;
  let stamp = '';
  try {
    const st = statSync(file);
    stamp = `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    stamp = 'no-file';
  }
  const key = `${tool}\0${args.join('\0')}\0${stamp}`;
  const hit = outputs.get(key);
  if (hit !== undefined) return hit;
  const out = execFileSync(llvmTool(tool), args, { maxBuffer: 256 * 1024 * 1024, timeout: 120_000 }).toString();
  outputs.set(key, out);
  return out;
}

/** Parses llvm-readobj's text output into a tree. */
export function parseReadobj(text: string): ReadobjNode[] {
  const root: ReadobjNode[] = [];
  const stack: ReadobjNode[][] = [root];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '') continue;
    const top = stack[stack.length - 1]!;
    if (line === '}' || line === ']' || line === ')') {
      if (stack.length > 1) stack.pop();
      continue;
    }
    // "Name {", "UnwindCodes [", "Flags [ (0x3)", "Type: VERSIONINFO (ID 16) [", "Data (".
    const block = /^(.*?)\s*([{[(])\s*(\(0x[0-9A-Fa-f]+\))?$/.exec(line);
    if (block && !/^[0-9A-Fa-f]{4}: /.test(line)) {
      const head = block[1]!;
      const colon = head.indexOf(': ');
      const node: ReadobjNode = {
        key: colon < 0 ? head.replace(/:$/, '') : head.slice(0, colon),
        value: (colon < 0 ? '' : head.slice(colon + 2)) + (block[3] ? ` ${block[3]}` : ''),
        children: [],
      };
      top.push(node);
      stack.push(node.children!);
      continue;
    }
    const prop = /^([A-Za-z][A-Za-z0-9/ ._-]*?): (.*)$/.exec(line);
    if (prop && !/^0x/.test(line)) top.push({ key: prop[1]!, value: prop[2]!, children: null });
    else top.push({ key: '', value: line, children: null });
  }
  return root;
}

/** Children named `key`. */
export function all(nodes: readonly ReadobjNode[] | null, key: string): ReadobjNode[] {
  return (nodes ?? []).filter((n) => n.key === key);
}

/** The first child named `key`; throws when absent (the oracle's output changed shape). */
export function one(nodes: readonly ReadobjNode[] | null, key: string): ReadobjNode {
  const n = (nodes ?? []).find((x) => x.key === key);
  if (!n) throw new Error(`llvm-readobj output has no "${key}"`);
  return n;
}

/** The value of property `key`, or undefined. */
export function prop(nodes: readonly ReadobjNode[] | null, key: string): string | undefined {
  return (nodes ?? []).find((x) => x.key === key && x.children === null)?.value;
}

/** A number at the start of a value, or in "(0x…)" at its end ("2026-… (0x6B151D5D)", "0x1A", "4096"). */
export function num(value: string | undefined): number {
  if (value === undefined) throw new Error('missing value');
  const paren = /\((0x[0-9A-Fa-f]+)\)\s*$/.exec(value);
  if (paren) return Number(paren[1]);
  const m = /^-?(0x[0-9A-Fa-f]+|\d+)/.exec(value.trim());
  if (!m) throw new Error(`not a number: ${value}`);
  return Number(m[1]);
}

/** A 64-bit number (addresses), same rules as num. */
export function big(value: string | undefined): bigint {
  if (value === undefined) throw new Error('missing value');
  const paren = /\((0x[0-9A-Fa-f]+)\)\s*$/.exec(value);
  return BigInt(paren ? paren[1]! : /^(0x[0-9A-Fa-f]+|\d+)/.exec(value.trim())![1]!);
}

/** `llvm-readobj <flags> file` parsed. */
export function readobj(file: string, ...flags: string[]): ReadobjNode[] {
  return parseReadobj(runLlvm('llvm-readobj', [...flags, file]));
}

/** One row of `llvm-objdump -p`'s export table. */
export interface ObjdumpExport {
  readonly ordinal: number;
  readonly rva: number;
  readonly name: string | null;
  readonly forwarder: string | null;
}

/** The export table as `llvm-objdump -p` prints it (DLL name, ordinal base, rows with an address). */
export function objdumpExports(file: string): { dllName: string; ordinalBase: number; rows: ObjdumpExport[] } {
  const text = runLlvm('llvm-objdump', ['-p', file]);
  const start = text.indexOf('Export Table:');
  if (start < 0) throw new Error('llvm-objdump printed no export table');
  const lines = text.slice(start).split('\n');
  const dllName = /DLL name: (.*)/.exec(text.slice(start))![1]!.trim();
  const ordinalBase = Number(/Ordinal base: (\d+)/.exec(text.slice(start))![1]);
  const rows: ObjdumpExport[] = [];
  for (const line of lines.slice(4)) {
    if (line.trim() === '') break;
    const fwd = /^\s*(\d+)\s+(\S+) \(forwarded to (.*)\)\s*$/.exec(line);
    if (fwd) {
      rows.push({ ordinal: Number(fwd[1]), rva: -1, name: fwd[2]!, forwarder: fwd[3]! });
      continue;
    }
    const m = /^\s*(\d+)\s+(0x[0-9a-f]+|0)(?:\s+(\S.*))?$/.exec(line);
    if (!m) break;
    if (Number(m[2]) === 0) continue;
    rows.push({ ordinal: Number(m[1]), rva: Number(m[2]), name: m[3]?.trim() ?? null, forwarder: null });
  }
  return { dllName, ordinalBase, rows };
}

/** GUID and age of a PDB file per `llvm-pdbutil dump -summary`. */
export function pdbIdentity(pdb: string): { guid: string; age: number } {
  const text = runLlvm('llvm-pdbutil', ['dump', '-summary', pdb]);
  const guid = /GUID: \{([0-9A-Fa-f-]+)\}/.exec(text);
  const age = /Age: (\d+)/.exec(text);
  if (!guid || !age) throw new Error(`llvm-pdbutil printed no GUID/Age:\n${text}`);
  return { guid: guid[1]!.toUpperCase(), age: Number(age[1]) };
}
