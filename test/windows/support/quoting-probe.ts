/**
 * Bundled into one script (elevated-reg.test.ts) and run by Windows Node in Wine: hands command
 * lines made by `windowsCommandLine` to Windows programs verbatim (as Start-Process hands its
 * -ArgumentList to the elevated reg.exe) and reports what the programs made of them: the argv a
 * Node child parsed, and the values reg.exe wrote, read back from `reg export`.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { windowsCommandLine } from '../../../electron/main/core/doctor/elevated-reg';
import { parseRegFile } from '../../../electron/main/core/doctor/parse-reg-file';
import { regExePath } from '../../../electron/main/core/doctor/reg-exe';
import { quotingCases, REG_DATA_CASES, QUOTING_KEY } from './quoting-cases';

/** What the probe prints, as one JSON object. */
export interface QuotingProbe {
  /** Each argument list and the argv the child read from its command line (null: the child failed). */
  readonly echoed: readonly { readonly args: readonly string[]; readonly argv: readonly string[] | null; readonly error: string }[];
  /** reg.exe's exit code per REG_DATA_CASES entry (value `v<i>`). */
  readonly regCodes: readonly (number | null)[];
  /** The values `reg export` wrote for the key, by name. */
  readonly exported: Readonly<Record<string, unknown>>;
  readonly exportProblems: readonly string[];
}

function verbatim(file: string, commandLine: string) {
  // libuv joins verbatim arguments with spaces, unquoted: the child gets exactly this command line.
  return spawnSync(file, [commandLine], { windowsVerbatimArguments: true, encoding: 'utf8', windowsHide: true, timeout: 30_000 });
}

function probe(): QuotingProbe {
  // Staged by the test (the probe's folder is read-only for the Wine user): prints its argv as JSON.
  const echo = process.argv[2] ?? '';
  const echoed = quotingCases().map((args) => {
    const run = verbatim(process.execPath, `${echo} ${windowsCommandLine(args)}`);
    try {
      return { args, argv: JSON.parse(run.stdout) as string[], error: '' };
    } catch {
      return { args, argv: null, error: `${run.status} ${run.stderr} ${run.error?.message ?? ''}` };
    }
  });
  const reg = regExePath();
  const regCodes = REG_DATA_CASES.map((data, i) => verbatim(reg, windowsCommandLine(['add', QUOTING_KEY, '/v', `v${i}`, '/t', 'REG_SZ', '/d', data, '/f'])).status);
  const file = join(tmpdir(), 'wer-explorer-quoting-export.reg');
  spawnSync(reg, ['export', QUOTING_KEY, file, '/y'], { windowsHide: true });
  spawnSync(reg, ['delete', QUOTING_KEY, '/f'], { windowsHide: true });
  const parsed = parseRegFile(readFileSync(file));
  const exported: Record<string, unknown> = {};
  if (parsed.ok) for (const key of parsed.value.snapshot.keys) for (const v of key.values) exported[v.name] = v.value;
  return { echoed, regCodes, exported, exportProblems: parsed.ok ? parsed.value.snapshot.problems : [parsed.error] };
}

process.stdout.write(JSON.stringify(probe()));
