/**
 * Paths of entries in a folder, made without path.join's normalising (see childPath): paths a
 * scan lists, a library keeps or a stamp is taken of, by the hundred thousand.
 */
import { sep } from 'node:path';

/**
 * The path of the entry `name` (a plain entry name, no separator) in `dir` (a resolved folder):
 * what path.join gives, but without its normalising. path.join builds the result from slices of
 * its arguments, and V8 keeps those pieces: ~480 bytes held per report folder path instead of
 * ~70 plus the entry's name (measured over a 300,000-folder ReportArchive), for every path a scan
 * lists or a library keeps; taking the stamps of 1,000,000 folders with path.join made ~650 MB of
 * garbage.
 */
export function childPath(dir: string, name: string): string {
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}
