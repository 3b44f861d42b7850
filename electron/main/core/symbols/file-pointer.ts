/**
 * `file.ptr`, which a store holds instead of the file when it was added with `symstore /p` or
 * when the file is withheld: `PATH:<where the file is>` or `MSG:<why there is no file>`.
 */

/** Most bytes of a file.ptr read or downloaded; a real one is a single path or sentence. */
export const MAX_FILE_PTR_BYTES = 4096;

/** What a file.ptr says. */
export type FilePointer =
  | { readonly kind: 'path'; readonly path: string }
  | { readonly kind: 'message'; readonly message: string }
  | { readonly kind: 'invalid'; readonly message: string };

/** Reads a file.ptr's bytes (only the first line counts). */
export function parseFilePointer(bytes: Uint8Array): FilePointer {
  const text = Buffer.from(bytes.subarray(0, MAX_FILE_PTR_BYTES)).toString('utf8').replace(/^\uFEFF/, '');
  const line = (text.split(/\r?\n/)[0] ?? '').trim();
  // Control characters would let a hostile pointer forge lines in messages and logs.
  const clean = line.replace(/[\u0000-\u001f\u007f]/g, '');
  const match = /^(PATH|MSG):(.*)$/i.exec(clean);
  if (!match) return { kind: 'invalid', message: `the store's file.ptr is not "PATH:…" or "MSG:…" ("${clean.slice(0, 60)}")` };
  const value = (match[2] ?? '').trim();
  if ((match[1] ?? '').toUpperCase() === 'MSG') return { kind: 'message', message: value || 'the store gives no reason' };
  if (!value) return { kind: 'invalid', message: 'the store\'s file.ptr has an empty PATH' };
  return { kind: 'path', path: value };
}
