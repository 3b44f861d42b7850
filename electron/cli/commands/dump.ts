import { resolve } from 'node:path';
import type { MinidumpException, MinidumpSummary } from '../../../shared/minidump-model';
import { frameLabel, type FrameSymbolFields, type ModuleSymbolState } from '../../../shared/symbol-model';
import { readSymbolizedDumpFile } from '../../main/core/symbolize/symbolize-summary';
import { cliDataDir } from '../cli-context';
import { type CliIo, ExitCode } from '../cli-io';
import { cliSymbolLocator } from '../cli-symbols';
import { formatKernelDumpSection } from './kernel-dump-text';

/** Options of `dump`. */
export interface DumpOptions {
  readonly json: boolean;
  /** `--symbols PATH`: the symbol path to use instead of the settings' and the environment's. */
  readonly symbols?: string;
  /** The environment (`_NT_SYMBOL_PATH`, `_NT_ALT_SYMBOL_PATH`); default: none. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Settings and the default symbol cache; default: the CLI data folder. */
  readonly dataDir?: string;
}

/** A minidump summary, with symbol fields once symbolized. */
type DumpSection = Omit<MinidumpSummary, 'stack' | 'modules'> & {
  readonly stack: readonly (MinidumpSummary['stack'][number] & Partial<FrameSymbolFields>)[];
  readonly modules: readonly (MinidumpSummary['modules'][number] & { readonly symbols?: ModuleSymbolState | null })[];
};

/** Modules listed by name in the text view (the faulting module is always added). */
const TOP_MODULES = 10;

function exceptionLines(e: MinidumpException): string[] {
  const where = e.module ? `in ${e.module} +${e.offset}` : 'in no module';
  const lines = [`Exception: ${e.code}${e.name ? ` ${e.name}` : ''} at ${e.address} ${where} (thread ${e.threadId})`];
  if (e.access && e.target) {
    const how = e.accessSource === 'instruction' ? ' (from the faulting instruction)' : '';
    const verb = e.access === 'read' ? 'read of' : e.access === 'write' ? 'write to' : 'execute at';
    lines.push(`  Access violation: ${verb} ${e.target}${how}`);
  } else if (e.target) lines.push(`  Target address: ${e.target}`);
  if (!e.module && e.firstFrameInModule) {
    lines.push(`  First stack frame in a module: ${e.firstFrameInModule.module} +${e.firstFrameInModule.offset}`);
  }
  if (e.instructionPointer && e.instructionPointer !== e.address) lines.push(`  Instruction pointer: ${e.instructionPointer}`);
  return lines;
}

/** The text lines of a minidump summary (no trailing newlines); `show` indents and reuses them. */
export function formatDumpSection(s: DumpSection): string[] {
  const lines: string[] = [];
  const osBuild = s.os.build && !s.os.version.endsWith(s.os.build) ? ` (build ${s.os.build})` : '';
  lines.push(`Arch: ${s.arch}`);
  lines.push(`OS: ${s.os.platform}${s.os.version ? ` ${s.os.version}` : ''}${osBuild}${s.buildString ? ` — ${s.buildString}` : ''}`);
  if (s.processId !== null) lines.push(`Process: ${s.processId}${s.processCreateTime ? ` (started ${s.processCreateTime})` : ''}`);
  lines.push(`Dump: ${s.dumpTime ?? 'time unknown'}, type ${s.dumpType.names.join(', ')}${s.dumpWriter ? `, written by ${s.dumpWriter}` : ''}`);
  lines.push(...(s.exception ? exceptionLines(s.exception) : ['Exception: none (the dump has no exception stream)']));
  if (s.signatureCheck?.kind === 'differ') lines.push(`  Report signature differs: ${s.signatureCheck.message}`);
  else if (s.signatureCheck?.kind === 'agree') lines.push('  Report signature agrees');
  if (s.exploitability) {
    const x = s.exploitability;
    lines.push(`  Exploitability (heuristic): ${x.rating} — ${x.rule}. ${x.explanation}`);
  }

  lines.push(`Modules: ${s.modules.length}`);
  const shown = s.modules.slice(0, TOP_MODULES);
  const faulting = s.modules.find((m) => m.name === s.exception?.module);
  if (faulting && !shown.includes(faulting)) shown.push(faulting);
  for (const m of shown) {
    const mark = m === faulting ? '  <- exception' : '';
    lines.push(`  ${m.name.padEnd(28)} ${m.base.padStart(18)}  ${m.version ?? '(no version)'}${mark}`);
  }
  if (s.modules.length > shown.length) lines.push(`  … ${s.modules.length - shown.length} more`);
  if (s.unloadedModules.length > 0) lines.push(`Unloaded modules: ${s.unloadedModules.map((m) => m.name).join(', ')}`);

  const named = s.threads.filter((t) => t.name).map((t) => `${t.id} "${t.name}"`);
  lines.push(`Threads: ${s.threads.length}${named.length > 0 ? ` (named: ${named.join(', ')})` : ''}`);
  if (s.handles) {
    const top = s.handles.byType.slice(0, 5).map((h) => `${h.type} ${h.count}`);
    lines.push(`Handles: ${s.handles.total} (${top.join(', ')})`);
  }
  for (const c of s.comments) lines.push(`Comment: ${c.replace(/\s+/g, ' ')}`);

  if (s.stack.length > 0) {
    const named = s.stack.some((f) => f.function);
    lines.push(`Stack of thread ${s.exception?.threadId ?? '?'} (${named ? 'symbols where found' : 'no symbols'}; scanned frames may be spurious, cfi frames come from the modules' unwind data):`);
    s.stack.forEach((f, i) => {
      const where = f.module ? frameLabel(f) : '(in no module)';
      lines.push(`  #${String(i).padEnd(3)} ${f.address.padStart(18)}  ${where}  [${f.trust}]`);
      for (const call of f.inlined ?? []) lines.push(`  ${' '.repeat(24)}inlined: ${call.function}${call.file ? ` [${call.file} @ ${call.line}]` : ''}`);
    });
    const unloaded = s.modules.filter((m) => m.symbols && m.symbols.status !== 'loaded');
    for (const m of unloaded) lines.push(`  Symbols of ${m.name}: ${m.symbols!.status} — ${m.symbols!.message ?? ''}`);
  }
  if (s.problems.length > 0) {
    lines.push('Problems:');
    for (const p of s.problems) lines.push(`  - ${p}`);
  }
  return lines;
}

/** One line, whatever the message holds (file names can contain line breaks). */
function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/**
 * `dump FILE [--json]`: a minidump summary (architecture.md §6), or a kernel dump (bug check,
 * parameters, machine; for small dumps the driver at fault, crash address, drivers and stack;
 * JSON with `kind: 'kernel'`); exit 1 with one line on failure.
 */
export async function runDump(file: string, options: DumpOptions, io: CliIo): Promise<number> {
  const path = resolve(file);
  const env = options.env ?? {};
  const locator = await cliSymbolLocator({ symbols: options.symbols, dataDir: options.dataDir ?? cliDataDir(env), env }, io);
  try {
    const result = await readSymbolizedDumpFile(path, {}, locator);
    if (!result.ok) {
      io.err(`error: ${oneLine(`${file}: ${result.error}`)}\n`);
      return ExitCode.failure;
    }
    const dump = result.value;
    if (dump.kind === 'kernel') {
      // The kernel summary carries its own `kind`.
      io.out(options.json ? `${JSON.stringify(dump.summary, null, 2)}\n` : [`Kernel dump: ${path}`, ...formatKernelDumpSection(dump.summary)].join('\n') + '\n');
      return ExitCode.ok;
    }
    const summary = dump.summary;
    if (options.json) io.out(`${JSON.stringify(summary, null, 2)}\n`);
    else io.out([`Minidump: ${path}`, ...formatDumpSection(summary)].join('\n') + '\n');
    return ExitCode.ok;
  } finally {
    locator?.close();
  }
}
