/** Where a CLI command writes: injected so commands run in-process in tests. */
export interface CliIo {
  /** Writes text to standard output (the caller adds newlines). */
  readonly out: (text: string) => void;
  /** Writes text to standard error (the caller adds newlines). */
  readonly err: (text: string) => void;
  /**
   * Resolves once standard output has taken what was written (a pipe to a slower reader fills
   * up): commands that print hundreds of MB wait on it between chunks. Absent: nothing to wait for.
   */
  readonly drain?: () => Promise<void>;
}

/** Exit codes of the CLI contract (architecture.md §6). */
export const ExitCode = { ok: 0, failure: 1, usage: 2 } as const;
