/** Where a CLI command writes: injected so commands run in-process in tests. */
export interface CliIo {
  /** Writes text to standard output (the caller adds newlines). */
  readonly out: (text: string) => void;
  /** Writes text to standard error (the caller adds newlines). */
  readonly err: (text: string) => void;
}

/** Exit codes of the CLI contract (architecture.md §6). */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;
