/**
 * reg.exe through the UAC prompt: the PowerShell invocation, its quoting, and enableFullDumps over
 * a fake reg.exe. The truth for the quoting is Windows' own command-line rules, written here
 * independently of the code: PowerShell's verbatim-string rule (about_Quoting_Rules: any of the
 * five single-quote characters, doubled, stands for itself) and CommandLineToArgvW's
 * (2n backslashes + quote → n backslashes and a delimiter; 2n+1 → n backslashes and a literal quote;
 * other backslashes literal; the program name ends at its closing quote or first blank).
 */
import {
  elevatedRunReg,
  elevationScript,
  enableFullDumps,
  powershellPath,
  quoteWindowsArg,
  type RunProcess,
  UAC_CANCELLED_EXIT,
  UAC_CANCELLED_MARK,
  windowsCommandLine,
} from '../../../../electron/main/core/doctor/elevated-reg';
import { regExePath, type RegRun } from '../../../../electron/main/core/doctor/reg-exe';
import { mulberry32 } from '../../../support/prng';
import { fakeReg } from '../../../support/reg-fake';
import { REG_PATHS } from '../../../support/reg-writer';

const ENV = { SystemRoot: 'C:\\Windows' };
const REG = 'C:\\Windows\\System32\\reg.exe';
const POWERSHELL = 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe';
const KEY = `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`;

// --- Windows' rules, independently -------------------------------------------------------------

/** CommandLineToArgvW: the whole command line (program name first) to argv. */
function commandLineToArgv(line: string): string[] {
  const argv: string[] = [];
  let i = 0;
  // The program name: quoted up to the next quote, else up to the first blank; no escapes.
  if (line[0] === '"') {
    const end = line.indexOf('"', 1);
    argv.push(line.slice(1, end < 0 ? line.length : end));
    i = end < 0 ? line.length : end + 1;
  } else {
    while (i < line.length && line[i] !== ' ' && line[i] !== '\t') i++;
    argv.push(line.slice(0, i));
  }
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i++;
    if (i >= line.length) return argv;
    let arg = '';
    let quoted = false;
    while (i < line.length && (quoted || (line[i] !== ' ' && line[i] !== '\t'))) {
      if (line[i] === '\\') {
        let n = 0;
        while (line[i] === '\\') {
          n++;
          i++;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(n / 2));
          if (n % 2 === 1) {
            arg += '"';
            i++;
          }
        } else arg += '\\'.repeat(n);
      } else if (line[i] === '"') {
        // Inside quotes, "" is a literal quote (the C runtime since 2008 and CommandLineToArgvW).
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i++;
        }
      } else arg += line[i++];
    }
    argv.push(arg);
  }
}

const PS_QUOTES = new Set(["'", '\u2018', '\u2019', '\u201a', '\u201b']);

/** Reads the PowerShell verbatim string that follows `marker` in a script. */
function psLiteralAfter(script: string, marker: string): string {
  let i = script.indexOf(marker);
  if (i < 0) throw new Error(`${marker} is not in the script`);
  i += marker.length;
  if (!PS_QUOTES.has(script[i] ?? '')) throw new Error(`no string after ${marker}`);
  i++;
  let out = '';
  for (;;) {
    const c = script[i];
    if (c === undefined) throw new Error('unterminated string');
    if (PS_QUOTES.has(c)) {
      if (!PS_QUOTES.has(script[i + 1] ?? '')) return out;
      out += script[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
}

/** What the elevated reg.exe would receive: PowerShell's -EncodedCommand decoded, its Start-Process read back. */
function elevatedArgv(file: string, args: readonly string[]): { script: string; argv: string[] } {
  expect(file).toBe(POWERSHELL);
  const encoded = args[args.indexOf('-EncodedCommand') + 1] ?? '';
  // Base64 only: nothing for Node's own Windows quoting of the PowerShell arguments to change.
  expect(encoded).toMatch(/^[A-Za-z0-9+/]+=*$/);
  const script = Buffer.from(encoded, 'base64').toString('utf16le');
  const exe = psLiteralAfter(script, '-FilePath ');
  // ShellExecute runs "FILE" PARAMETERS.
  const argv = commandLineToArgv(`"${exe}" ${psLiteralAfter(script, '-ArgumentList ')}`);
  return { script, argv };
}

/** A PowerShell that "elevates" into a fake reg.exe, recording what it was asked to run. */
function fakePowershell(reg: ReturnType<typeof fakeReg>, answer?: RegRun) {
  const runs: string[][] = [];
  const runProcess: RunProcess = async (file, args) => {
    const { argv } = elevatedArgv(file, args);
    expect(argv[0]).toBe(REG);
    runs.push(argv.slice(1));
    if (answer) return answer;
    const run = await reg.run(argv.slice(1));
    // The elevated window's output is not captured: only the exit code comes back.
    return { code: run.code, stdout: '', stderr: '' };
  };
  return { runProcess, runs };
}

// --- Tests --------------------------------------------------------------------------------------

describe('quoting for the elevated reg.exe', () => {
  test('plain arguments stay bare; blanks, quotes and trailing backslashes are quoted as Windows reads them', () => {
    expect(windowsCommandLine(['add', 'HKLM\\SOFTWARE\\x', '/v', 'DumpType'])).toBe('add HKLM\\SOFTWARE\\x /v DumpType');
    expect(quoteWindowsArg('Windows Error Reporting')).toBe('"Windows Error Reporting"');
    expect(quoteWindowsArg('')).toBe('""');
    expect(quoteWindowsArg('C:\\dumps dir\\')).toBe('"C:\\dumps dir\\\\"');
    expect(quoteWindowsArg('say "hi"')).toBe('"say \\"hi\\""');
    expect(quoteWindowsArg('a\\"b')).toBe('"a\\\\\\"b"');
  });

  test('10,000 hostile argument lists come back unchanged through the script and the command line', () => {
    const prng = mulberry32(0x5eed15);
    const alphabet = ['a', 'Z', '0', ' ', '\t', '\\', '\\', '"', '"', "'", '\u2018', '\u2019', '\u201a', '\u201b', '$', '`', ';', '%', '&', '|', '^', '(', ')', '@', 'é', '日', '😀', '/', '-'];
    for (let n = 0; n < 10_000; n++) {
      const args = Array.from({ length: 1 + prng.int(5) }, () => Array.from({ length: prng.int(12) }, () => prng.pick(alphabet)).join(''));
      const regExe = prng.int(4) === 0 ? "C:\\Win'dows ‘x’\\System32\\reg.exe" : REG;
      const script = elevationScript(regExe, args);
      const exe = psLiteralAfter(script, '-FilePath ');
      const argv = commandLineToArgv(`"${exe}" ${psLiteralAfter(script, '-ArgumentList ')}`);
      // Plain comparisons: expect() in a 10,000-case loop costs seconds.
      if (exe !== regExe || JSON.stringify(argv.slice(1)) !== JSON.stringify(args)) {
        throw new Error(`case ${n}: ${JSON.stringify([regExe, ...args])} came back as ${JSON.stringify([exe, ...argv.slice(1)])}`);
      }
    }
  });

  test('the script waits for the elevated reg.exe, passes its exit code on and marks a declined prompt', () => {
    const script = elevationScript(REG, ['add', KEY]);
    expect(script).toContain('-Verb RunAs -Wait -PassThru -WindowStyle Hidden');
    expect(script).toContain('exit $p.ExitCode');
    expect(script).toContain(`$e.NativeErrorCode -eq ${UAC_CANCELLED_EXIT}) { [Console]::Out.Write('${UAC_CANCELLED_MARK}'); exit ${UAC_CANCELLED_EXIT} }`);
    expect(powershellPath({ SYSTEMROOT: 'D:\\WINNT' })).toBe('D:\\WINNT\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
  });
});

describe('elevatedRunReg', () => {
  test('queries run plain; writes go through the UAC prompt', async () => {
    const reg = fakeReg();
    const ps = fakePowershell(reg);
    const run = elevatedRunReg({ elevated: false, runReg: reg.run, runProcess: ps.runProcess, env: ENV });
    expect((await run(['query', KEY])).code).toBe(1);
    expect(ps.runs).toEqual([]);
    expect((await run(['add', KEY, '/v', 'DumpType', '/t', 'REG_DWORD', '/d', '2', '/f'])).code).toBe(0);
    expect(ps.runs).toEqual([['add', KEY, '/v', 'DumpType', '/t', 'REG_DWORD', '/d', '2', '/f']]);
    expect(regExePath(ENV)).toBe(REG);
  });

  test('an elevated app runs reg.exe directly, never PowerShell', async () => {
    const reg = fakeReg();
    const runProcess = jest.fn<ReturnType<RunProcess>, Parameters<RunProcess>>();
    const run = elevatedRunReg({ elevated: true, runReg: reg.run, runProcess, env: ENV });
    expect((await run(['add', KEY, '/v', 'DumpType', '/t', 'REG_DWORD', '/d', '2', '/f'])).code).toBe(0);
    expect(runProcess).not.toHaveBeenCalled();
    expect(reg.calls).toEqual([['add', KEY, '/v', 'DumpType', '/t', 'REG_DWORD', '/d', '2', '/f']]);
  });
});

describe('enableFullDumps', () => {
  const options = (reg: ReturnType<typeof fakeReg>, runProcess: RunProcess, elevated: boolean | null = false) =>
    ({ platform: 'win32' as const, elevated, runReg: reg.run, runProcess, env: ENV });

  test('writes DumpType 2 elevated, reads the key back with plain reg query and says what changed', async () => {
    const reg = fakeReg({ [KEY]: [{ name: 'DumpType', type: 'REG_DWORD', data: 1 }, { name: 'DumpCount', type: 'REG_DWORD', data: 3 }] });
    const ps = fakePowershell(reg);
    expect(await enableFullDumps('crashy.exe', options(reg, ps.runProcess))).toEqual({
      ok: true,
      value: { kind: 'done', key: KEY, changed: true, before: { DumpType: 1, DumpCount: 3 }, after: { DumpType: 2, DumpCount: 3 } },
    });
    expect(ps.runs).toEqual([['add', KEY, '/v', 'DumpType', '/t', 'REG_DWORD', '/d', '2', '/f']]);
    expect(reg.calls.map((c) => c[0])).toEqual(['query', 'add', 'query']);
  });

  test('an app name with quotes of every kind reaches reg.exe intact', async () => {
    const app = "O'Brien ‘s’ \u201aapp\u201b.exe";
    const reg = fakeReg();
    const ps = fakePowershell(reg);
    const r = await enableFullDumps(app, options(reg, ps.runProcess));
    expect(r.ok && r.value.kind === 'done' && r.value.after).toEqual({ DumpType: 2 });
    expect(ps.runs[0]?.[1]).toBe(`${REG_PATHS.machine}\\LocalDumps\\${app}`);
  });

  test('a declined UAC prompt is "cancelled", and nothing is written', async () => {
    const reg = fakeReg();
    const ps = fakePowershell(reg, { code: UAC_CANCELLED_EXIT, stdout: UAC_CANCELLED_MARK, stderr: '' });
    expect(await enableFullDumps('crashy.exe', options(reg, ps.runProcess))).toEqual({ ok: true, value: { kind: 'cancelled' } });
    expect(reg.keys.size).toBe(0);
  });

  test('a failed elevated run is an error naming the key and the exit code; PowerShell\'s own message is kept', async () => {
    const reg = fakeReg();
    const failed = await enableFullDumps('crashy.exe', options(reg, fakePowershell(reg, { code: 5, stdout: '', stderr: '' }).runProcess));
    expect(failed).toEqual({ ok: false, error: `Writing ${KEY} failed: ERROR: the elevated reg.exe exited with code 5.` });
    const said = await enableFullDumps('crashy.exe', options(reg, fakePowershell(reg, { code: 1, stdout: '', stderr: 'This command cannot be run due to the error: The system cannot find the file specified.\r\n' }).runProcess));
    expect(said.ok ? null : said.error).toBe(`Writing ${KEY} failed: This command cannot be run due to the error: The system cannot find the file specified.`);
  });

  test('PowerShell that cannot start, a bad app name, and other platforms are clear errors', async () => {
    const reg = fakeReg();
    const missing: RunProcess = async () => {
      throw new Error('spawn powershell.exe ENOENT');
    };
    expect(await enableFullDumps('crashy.exe', options(reg, missing))).toEqual({ ok: false, error: 'reg.exe could not be started: spawn powershell.exe ENOENT' });
    const bad = await enableFullDumps('C:\\apps\\crashy.exe', options(reg, missing));
    expect(bad.ok ? null : bad.error).toMatch(/is not an app file name/);
    expect(reg.calls).toEqual([['query', KEY]]);
    expect(await enableFullDumps('crashy.exe', { platform: 'linux', elevated: null })).toEqual({
      ok: false,
      error: 'LocalDumps are a Windows setting: full dumps can be turned on on Windows only.',
    });
  });
});
