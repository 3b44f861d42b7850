/**
 * The layering rule of architecture.md §1: the core and the CLI never import 'electron' (they
 * run under plain Node: CLI, browser-mode server, tests), and only the thin glue in
 * electron/main does.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../support/built';

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : /\.(ts|tsx|mts|cts)$/.test(e.name) ? [join(dir, e.name)] : [],
  );
}

const IMPORTS_ELECTRON = /(?:from\s+|import\s*\(\s*|require\s*\(\s*|import\s+)['"]electron(?:\/[^'"]*)?['"]/;

describe('layering', () => {
  it.each(['electron/main/core', 'electron/cli', 'shared'])('%s never imports electron', (folder) => {
    const offenders = sources(join(REPO_ROOT, folder))
      .filter((file) => IMPORTS_ELECTRON.test(readFileSync(file, 'utf8')))
      .map((file) => relative(REPO_ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('the pattern catches the usual forms', () => {
    for (const line of ["import { app } from 'electron';", 'import type { Menu } from "electron";', "const e = require('electron');", "await import('electron')"]) {
      expect(IMPORTS_ELECTRON.test(line)).toBe(true);
    }
    expect(IMPORTS_ELECTRON.test("import x from 'electron-vite';")).toBe(false);
  });
});
