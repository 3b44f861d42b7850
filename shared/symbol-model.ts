/**
 * What symbols add to a dump summary (`dump --json --symbols`, `show`): per module, whether its
 * PDB is in use; per stack frame, its function, source line and inlined calls. Plain data.
 */

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
