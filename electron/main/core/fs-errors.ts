/** Turns a file-system error into a short phrase a user can act on ("access denied", ...). */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'access denied';
    case 'ENOENT':
      return 'it no longer exists';
    case 'ENOTDIR':
      return 'it is not a folder';
    case 'EBUSY':
      return 'it is locked by another program';
    case 'EMFILE':
    case 'ENFILE':
      return 'too many files are open';
    case 'EISDIR':
      return 'it is a folder, not a file';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}

/** Whether an error means "access denied", which is normal on WER folders without elevation. */
export function isAccessDenied(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EACCES' || code === 'EPERM';
}
