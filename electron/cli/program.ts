import { Command, CommanderError, Option } from 'commander';
import { APP_VERSION } from '../../shared/app-info';
import { type CliIo, ExitCode } from './cli-io';
import { cliDataDir, type CliContext, realCliContext } from './cli-context';
import { runCollect } from './commands/collect';
import { runForward } from './commands/forward';
import { type DoctorOptions, runDoctor } from './commands/doctor';
import { runDump } from './commands/dump';
import { runExport } from './commands/export';
import { runScan, type ScanFormat } from './commands/scan';
import { runServe } from './commands/serve';
import { runShow } from './commands/show';
import { runWatch } from './commands/watch';


interface ScanFlags {
  readonly json?: boolean;
  readonly csv?: boolean;
  readonly html?: boolean;
  readonly group?: boolean;
  readonly symbols?: string;
}

function formatOf(options: ScanFlags): ScanFormat {
  if (options.json) return 'json';
  if (options.csv) return 'csv';
  if (options.html) return 'html';
  return 'text';
}

function buildProgram(io: CliIo, ctx: CliContext, setExit: (code: number) => void): Command {
  const program = new Command('wer-explorer')
    .description('Read, group and act on Windows Error Reporting crash reports.')
    .version(APP_VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .showHelpAfterError('(run with --help for usage)');

  program
    .command('scan')
    .description(
      'List reports. PATH is a WER store (ReportQueue/ReportArchive), one report folder, or any folder above them; ' +
        'without PATH: the machine\u2019s WER stores on Windows, the bundled sample store elsewhere.',
    )
    .argument('[PATH...]', 'folders or ticket bundles (.zip) to scan')
    .addOption(new Option('--json', 'print one JSON array of reports (or problems with --group)').conflicts(['csv', 'html']))
    .addOption(new Option('--csv', 'print CSV with a header line').conflicts(['html', 'group']))
    .addOption(new Option('--html', 'print a self-contained HTML page').conflicts('group'))
    .option('--group', 'list problems: reports grouped by signature (by top frame where symbols name it), with counts and first/last seen')
    .option('--symbols <PATH>', 'with --group: symbol path naming native crashes’ top frames (local folders and caches only; default: the settings’ and _NT_SYMBOL_PATH)')
    .action(async (paths: string[], options: ScanFlags) => {
      const symbols = options.symbols !== undefined ? { symbols: options.symbols } : {};
      setExit(await runScan(paths, { format: formatOf(options), group: options.group ?? false, ...symbols, env: process.env }, io, ctx));
    });

  program
    .command('watch')
    .description('Print one JSON line per change in the stores (added, updated, removed, store) until Ctrl+C.')
    .argument('[PATH...]', 'folders to watch (default: the same stores as `scan`)')
    .action(async (paths: string[]) => {
      setExit(await runWatch(paths, io, ctx, ctx.signal ?? new AbortController().signal));
    });

  program
    .command('show')
    .description('Show one report with everything parsed, including its minidump summary.')
    .argument('<ID|FOLDER>', 'a report id (or unique prefix) from `scan`, or a report folder')
    .option('--json', 'print JSON')
    .option('--store <PATH...>', 'where to look the id up (default: the same stores as `scan`)')
    .option('--symbols <PATH>', 'symbol path for the minidump\u2019s stack (as for `dump`)')
    .action(async (target: string, options: { json?: boolean; store?: string[]; symbols?: string }) => {
      const symbols = options.symbols !== undefined ? { symbols: options.symbols } : {};
      setExit(await runShow(target, { json: options.json ?? false, stores: options.store ?? [], ...symbols, env: process.env }, io, ctx));
    });

  program
    .command('dump')
    .description('Read a dump: a minidump (.dmp, .mdmp, .hdmp: exception, faulting module, modules, threads, stack) or a kernel crash dump (bug check and parameters).')
    .argument('<FILE>', 'the minidump file')
    .option('--json', 'print JSON')
    .option('--symbols <PATH>', 'symbol path (WinDbg syntax: srv*CACHE*URL, cache*DIR, folders; ;-separated) instead of the settings\u2019 and _NT_SYMBOL_PATH')
    .action(async (file: string, options: { json?: boolean; symbols?: string }) => {
      setExit(await runDump(file, { json: options.json ?? false, ...(options.symbols !== undefined ? { symbols: options.symbols } : {}), env: process.env }, io));
    });

  program
    .command('doctor')
    .description('Explain the WER settings (live registry on Windows, or a .reg export): why there are no reports, where dumps go.')
    .option('--reg <FILE.reg>', 'read a registry export (regedit .reg) instead of the live registry')
    .option('--json', 'print {settings, findings, problems} as JSON')
    .option('--enable-local-dumps <APP.exe>', 'write HKLM\\...\\LocalDumps\\APP.exe (needs an elevated prompt)')
    .option('--disable-local-dumps <APP.exe>', 'delete HKLM\\...\\LocalDumps\\APP.exe (needs an elevated prompt)')
    .option('--dump-type <mini|full>', 'with --enable-local-dumps: DumpType 1 (mini, the default) or 2 (full)')
    .option('--folder <DIR>', 'with --enable-local-dumps: DumpFolder (default %LOCALAPPDATA%\\CrashDumps)')
    .option('--count <N>', 'with --enable-local-dumps: DumpCount, dumps kept (default 10)')
    .action(async (options: Omit<DoctorOptions, 'json'> & { json?: boolean }) => {
      setExit(await runDoctor({ ...options, json: options.json ?? false }, io));
    });

  program
    .command('serve')
    .description('Browser mode: serve the UI on loopback; the first output line is the URL (with its token) to open.')
    .argument('[PATH...]', 'folders or ticket bundles to serve (default: the same stores as `scan`)')
    .option('--host <HOST>', 'address to listen on', '127.0.0.1')
    .option('--port <N>', 'port (0 = any free port)', (v) => Number.parseInt(v, 10), 0)
    .option('--data-dir <DIR>', 'folder for triage notes and settings (default: the CLI data folder)')
    .action(async (paths: string[], options: { host: string; port: number; dataDir?: string }) => {
      if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) {
        io.err('error: --port must be a number from 0 to 65535\n');
        setExit(ExitCode.usage);
        return;
      }
      setExit(await runServe(paths, options, io, ctx, ctx.signal ?? new AbortController().signal));
    });

  program
    .command('forward')
    .description('Send reports to a Corporate Error Reporting (CER) server over MS-CER2; each report is sent once.')
    .argument('[ID|FOLDER...]', 'report ids (or unique prefixes) or report folders')
    .requiredOption('--server <URL>', 'the CER server, e.g. http://cer.example.com (port 1273 by default)')
    .option('--all', 'forward every report of the default stores')
    .option('--since <DATE>', 'with --all: only reports from this date on')
    .option('--machine <NAME>', 'machine name to send (default: this computer)')
    .option('--user <NAME>', 'user name to send (default: the current user)')
    .option('--ca <FILE>', 'PEM file of the CA that signed the server certificate (HTTPS)')
    .option('--data-dir <DIR>', 'where the outbox is kept', cliDataDir())
    .option('--json', 'print one JSON line per report')
    .action(async (targets: string[], options: ForwardFlags) => {
      setExit(
        await runForward(
          targets,
          {
            server: options.server,
            json: options.json ?? false,
            all: options.all ?? false,
            dataDir: options.dataDir,
            ...(options.since !== undefined ? { since: options.since } : {}),
            ...(options.machine !== undefined ? { machine: options.machine } : {}),
            ...(options.user !== undefined ? { user: options.user } : {}),
            ...(options.ca !== undefined ? { caFile: options.ca } : {}),
          },
          io,
          ctx,
        ),
      );
    });

  program
    .command('collect')
    .description('Run a CER collector: receive reports from Windows machines (or `forward`) into DIR, readable with `scan DIR`.')
    .requiredOption('--dir <DIR>', 'where collected reports are stored')
    .option('--host <HOST>', 'address to listen on', '127.0.0.1')
    .option('--port <N>', 'port', (v) => Number.parseInt(v, 10), 1273)
    .action(async (options: { dir: string; host: string; port: number }) => {
      setExit(await runCollect(options, io, ctx.signal));
    });

  program
    .command('export')
    .description('Write a ticket bundle (.zip with the report files, manifest.json, summary.md and summary.html).')
    .argument('<ID|FOLDER...>', 'report ids (or unique prefixes) or report folders')
    .requiredOption('--out <FILE.zip>', 'the bundle to write')
    .option('--redact', 'replace user, machine, domain, e-mail, IP, SID and machine-id values in text files')
    .option('--include-dumps', 'keep minidumps in a redacted bundle (they are not redacted)')
    .option('--no-dumps', 'leave minidumps out')
    .option('--include-heap-dumps', 'add heap dumps (memory.hdmp); process memory can hold secrets')
    .option('--ticket <TEXT>', 'a ticket reference written into the summary')
    .option('--size-budget <BYTES>', 'leave out files that would make the bundle larger than this', (v) => Number(v))
    .option('--symbols <PATH>', 'symbol path naming the minidump frames in the summaries (as for `dump`)')
    .option('--json', 'print the result as JSON')
    .action(async (targets: string[], options: ExportFlags) => {
      setExit(
        await runExport(
          targets,
          {
            out: options.out,
            redact: options.redact ?? false,
            includeHeapDumps: options.includeHeapDumps ?? false,
            noDumps: options.dumps === false,
            // Only a given --include-dumps counts: left out, the bundle's default applies (dumps in unless --redact).
            ...(options.includeDumps ? { includeDumps: true } : {}),
            json: options.json ?? false,
            ...(options.ticket ? { ticket: options.ticket } : {}),
            ...(options.sizeBudget !== undefined ? { sizeBudget: options.sizeBudget } : {}),
            ...(options.symbols !== undefined ? { symbols: options.symbols } : {}),
            env: process.env,
          },
          io,
          ctx,
        ),
      );
    });

  return program;
}

interface ForwardFlags {
  readonly server: string;
  readonly all?: boolean;
  readonly since?: string;
  readonly machine?: string;
  readonly user?: string;
  readonly ca?: string;
  readonly dataDir: string;
  readonly json?: boolean;
}

interface ExportFlags {
  readonly out: string;
  readonly redact?: boolean;
  readonly includeDumps?: boolean;
  readonly dumps?: boolean;
  readonly includeHeapDumps?: boolean;
  readonly ticket?: string;
  readonly sizeBudget?: number;
  readonly symbols?: string;
  readonly json?: boolean;
}

/**
 * Runs the CLI with `argv` (without the node and script entries) and returns the exit code:
 * 0 success, 1 runtime failure, 2 usage error. Errors are one clear line on stderr.
 */
export async function runCli(argv: readonly string[], io: CliIo, ctx: CliContext = realCliContext()): Promise<number> {
  let exitCode: number = ExitCode.ok;
  const program = buildProgram(io, ctx, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end through here too, with exit code 0.
      return e.exitCode === 0 ? ExitCode.ok : ExitCode.usage;
    }
    io.err(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    return ExitCode.failure;
  }
}
