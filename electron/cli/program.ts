import { Command, CommanderError, Option } from 'commander';
import { APP_VERSION } from '../../shared/app-info';
import { type CliIo, ExitCode } from './cli-io';
import { type CliContext, realCliContext } from './cli-context';
import { runDump } from './commands/dump';
import { runScan, type ScanFormat } from './commands/scan';
import { runShow } from './commands/show';


function formatOf(options: { json?: boolean; csv?: boolean }): ScanFormat {
  if (options.json) return 'json';
  if (options.csv) return 'csv';
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
    .argument('[PATH...]', 'folders to scan')
    .addOption(new Option('--json', 'print one JSON array of reports').conflicts('csv'))
    .addOption(new Option('--csv', 'print CSV with a header line'))
    .action(async (paths: string[], options: { json?: boolean; csv?: boolean }) => {
      setExit(await runScan(paths, formatOf(options), io, ctx));
    });

  program
    .command('show')
    .description('Show one report with everything parsed, including its minidump summary.')
    .argument('<ID|FOLDER>', 'a report id (or unique prefix) from `scan`, or a report folder')
    .option('--json', 'print JSON')
    .option('--store <PATH...>', 'where to look the id up (default: the same stores as `scan`)')
    .action(async (target: string, options: { json?: boolean; store?: string[] }) => {
      setExit(await runShow(target, { json: options.json ?? false, stores: options.store ?? [] }, io, ctx));
    });

  program
    .command('dump')
    .description('Read a minidump (.dmp, .mdmp, .hdmp): exception, faulting module, modules, threads, stack.')
    .argument('<FILE>', 'the minidump file')
    .option('--json', 'print JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      setExit(await runDump(file, { json: options.json ?? false }, io));
    });

  return program;
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
