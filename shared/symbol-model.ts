/**
 * What symbols add to a dump summary (`dump --json --symbols`, `show`): per module, whether its
 * PDB is in use; per stack frame, its function, source line and inlined calls. Plain data.
 */
import type { MinidumpFrame } from './minidump-model';

/** Whether a module's PDB is in use: loaded, not found, refused as another build, or unreadable. */
export type SymbolStatus = 'loaded' | 'missing' | 'mismatched' | 'error';

/** A module's symbol state. */
export interface ModuleSymbolState {
  readonly status: SymbolStatus;
  /** The PDB in use (loaded) or refused (mismatched), else null. */
  readonly file: string | null;
  /** Why symbols are missing, mismatched or failed; null when loaded. */
  readonly message: string | null;
}

/** One inlined call at a frame's address. */
export interface InlinedCall {
  readonly function: string;
  readonly file: string | null;
  readonly line: number | null;
}

/** Where a frame's name came from: private symbols, a public symbol, or the image's exports. */
export type FrameNameSource = 'pdb' | 'public' | 'export';

/** A frame's symbol fields (all null / empty when its address could not be named). */
export interface FrameSymbolFields {
  readonly function: string | null;
  /** From the function's start to the frame's address, "0x"-prefixed hex; null with `function`. */
  readonly functionOffset: string | null;
  readonly file: string | null;
  readonly line: number | null;
  /** Inlined calls at the address, innermost first. */
  readonly inlined: readonly InlinedCall[];
  readonly nameSource: FrameNameSource | null;
}

/** `module!function+0x12 [file:42]` as WinDbg prints a frame, from its parts. */
export function frameLabel(frame: { readonly module: string | null; readonly offset: string | null; readonly address: string } & Partial<FrameSymbolFields>): string {
  const module = frame.module?.replace(/\.(dll|exe|sys|drv)$/i, '') ?? null;
  let label: string;
  if (module && frame.function) label = `${module}!${frame.function}${frame.functionOffset && frame.functionOffset !== '0x0' ? `+${frame.functionOffset}` : ''}`;
  else if (module && frame.offset) label = `${module}+${frame.offset}`;
  else label = frame.address;
  return frame.file && frame.line !== null && frame.line !== undefined ? `${label} [${frame.file} @ ${frame.line}]` : label;
}

/** A minidump summary whose stack frames carry symbols and whose modules say whether theirs are in use. */
export type SymbolizedSummary<S extends { readonly stack: readonly object[]; readonly modules: readonly object[] }> = Omit<S, 'stack' | 'modules'> & {
  readonly stack: readonly (S['stack'][number] & FrameSymbolFields)[];
  /** `symbols` is null for modules no frame was looked up in. */
  readonly modules: readonly (S['modules'][number] & { readonly symbols: ModuleSymbolState | null })[];
};

/** One thread's stack, walked and named on request (threads other than the crashing one). */
export interface SymbolizedThreadStack {
  readonly threadId: number;
  readonly frames: readonly (MinidumpFrame & FrameSymbolFields)[];
  /** What went wrong on the way (unreadable stack memory, missing unwind data). */
  readonly problems: readonly string[];
}

/** The whole stack as text, one frame a line (`#0 module!function+0x12 [file @ line]`), for the clipboard. */
export function stackText(frames: readonly ({ readonly module: string | null; readonly offset: string | null; readonly address: string } & Partial<FrameSymbolFields>)[]): string {
  return frames.map((f, i) => `#${i} ${frameLabel(f)}`).join('\n');
}

/**
 * The `vscode://file/PATH:LINE` link that opens a source file in VS Code, or null when the path is
 * not an absolute local path (a relative path, a share or a device path gives no usable link).
 */
export function editorLink(file: string, line: number | null): string | null {
  const slashed = file.replace(/\\/g, '/');
  if (!/^[a-zA-Z]:\//.test(slashed) && !/^\/(?!\/)/.test(slashed)) return null;
  if (/[\u0000-\u001f]/.test(slashed)) return null;
  // '#' and '?' would end the path part of the URL.
  const path = encodeURI(slashed).replace(/#/g, '%23').replace(/\?/g, '%3F');
  const where = line !== null && Number.isInteger(line) && line > 0 ? `:${line}` : '';
  return `vscode://file/${path.startsWith('/') ? path.slice(1) : path}${where}`;
}

/** What the module table says of a module's symbols: a short status and where they came from or why not. */
export interface SymbolStatusText {
  readonly kind: 'loaded' | 'exports' | 'mismatched' | 'missing' | 'error' | 'not-looked-up';
  readonly label: string;
  readonly detail: string;
}

/**
 * The symbol status of a module for display. `exportNamed`: some frame in it was named from the
 * image's exports (then "export names only", even though no PDB was found).
 */
export function symbolStatusText(state: ModuleSymbolState | null | undefined, exportNamed: boolean): SymbolStatusText {
  if (!state) return { kind: 'not-looked-up', label: 'not looked up', detail: 'No frame of the stack is in this module, so its symbols were not looked up.' };
  const why = state.message ?? 'no reason given';
  switch (state.status) {
    case 'loaded':
      return { kind: 'loaded', label: 'PDB loaded', detail: `Symbols from ${state.file ?? 'a PDB'}.` };
    case 'mismatched':
      return { kind: 'mismatched', label: 'PDB refused', detail: `${state.file ?? 'The PDB found'} is another build of this module, so it is not used. ${why}` };
    case 'missing':
      return exportNamed
        ? { kind: 'exports', label: 'export names only', detail: `Names come from the module's exports (no PDB): ${why}` }
        : { kind: 'missing', label: 'no PDB found', detail: why };
    case 'error':
      return { kind: 'error', label: 'PDB unreadable', detail: why };
  }
}

/** The task id under which opening a report's detail reports symbol downloads (and can cancel them). */
export function symbolTaskId(reportId: string): string {
  return `symbols:${reportId}`;
}
