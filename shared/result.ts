/** Outcome of an operation that can fail in an expected way: a value, or a message for the user. */
export type Result<T, E = string> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: E };

/** Wraps a value as a successful Result. */
export function ok<T>(value: T): Result<T, never> {
  return { ok: true, value };
}

/** Wraps an expected failure as a Result. */
export function err<E = string>(error: E): Result<never, E> {
  return { ok: false, error };
}
