/**
 * The code id symbol servers file images under (`name.dll/<code id>/name.dll`): TimeDateStamp as
 * 8 upper-case hex digits, then SizeOfImage in lower-case hex without padding (SymSrv's
 * `%08X%x`), e.g. `5F3C2A1B1e000`.
 */
export function peCodeId(timeDateStamp: number, sizeOfImage: number): string {
  return (timeDateStamp >>> 0).toString(16).toUpperCase().padStart(8, '0') + (sizeOfImage >>> 0).toString(16);
}

/**
 * The debug id of a PDB 7.0 file (RSDS): the GUID's 32 hex digits without dashes, upper case,
 * followed by the age in upper-case hex without padding (`name.pdb/<debug id>/name.pdb`).
 */
export function pdbDebugId(guid: string, age: number): string {
  return guid.replace(/-/g, '').toUpperCase() + (age >>> 0).toString(16).toUpperCase();
}

/** The debug id of a PDB 2.0 file (NB10): the signature as 8 upper-case hex digits + the age in hex. */
export function nb10DebugId(signature: number, age: number): string {
  return (signature >>> 0).toString(16).toUpperCase().padStart(8, '0') + (age >>> 0).toString(16).toUpperCase();
}

/** Symbol-server relative path of a file indexed by `id`, e.g. `ntdll.pdb/<id>/ntdll.pdb`. */
export function symbolServerPath(fileName: string, id: string): string {
  return `${fileName}/${id}/${fileName}`;
}
