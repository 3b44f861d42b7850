/**
 * "Open in editor" for a stack frame's source file: the path comes from a PDB (hostile input), so
 * it is only ever handed to the OS as a `vscode://file/PATH:LINE` link (never as a path to run),
 * and only when it names a regular file on this machine.
 */
import { lstat } from 'node:fs/promises';
import { err, ok, type Result } from '../../../../shared/result';
import { editorLink } from '../../../../shared/symbol-model';
import { isLocalAbsolutePath } from './open-paths';

/** The `vscode://` link that opens `file` at `line`, when the file exists here; else why not. */
export async function editorLinkToOpen(file: string, line: number | null, platform: string = process.platform): Promise<Result<string>> {
  if (!isLocalAbsolutePath(file, platform)) return err(`${file} is not a path on this machine, so it is not opened.`);
  const link = editorLink(file, line);
  if (!link) return err(`${file} is not a path on this machine, so it is not opened.`);
  try {
    if (!(await lstat(file)).isFile()) return err(`${file} is not a regular file.`);
  } catch {
    return err(`The source file ${file} is not on this machine (it was built elsewhere).`);
  }
  return ok(link);
}
