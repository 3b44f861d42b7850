import { messageOf, TruncatedError } from '../minidump/binary';

/**
 * A malformed or unreadable PDB structure. Thrown only inside the pdb folder and turned into a
 * plain-language problem at the API boundary (open-pdb.ts), so no exception escapes to callers.
 */
export class PdbFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PdbFormatError';
  }
}

/** Throws a PdbFormatError with `message`. */
export function fail(message: string): never {
  throw new PdbFormatError(message);
}

/** Plain text for anything caught in the pdb code (format errors, truncated fields, I/O errors). */
export function describePdbError(error: unknown): string {
  if (error instanceof PdbFormatError) return error.message;
  if (error instanceof TruncatedError) return `a record is cut short (${error.message})`;
  return `cannot read the file (${messageOf(error)})`;
}

/** A bounded list of problem texts: a hostile file cannot grow it without limit. */
export class ProblemList {
  private readonly items: string[] = [];
  private dropped = 0;

  constructor(private readonly limit = 200) {}

  /** Records one problem (identical repeats are kept once). */
  add(text: string): void {
    if (this.items.includes(text)) return;
    if (this.items.length < this.limit) this.items.push(text);
    else this.dropped++;
  }

  /** The problems so far, with a closing count of any that did not fit. */
  list(): readonly string[] {
    return this.dropped > 0 ? [...this.items, `${this.dropped} more problems were not listed`] : [...this.items];
  }
}
