/**
 * `doctor [--reg FILE.reg] [--json]`: explains the machine's WER settings (live registry on
 * Windows, or a .reg export anywhere); `--enable-local-dumps APP.exe` / `--disable-local-dumps
 * APP.exe` change HKLM's LocalDumps key for one app, only when asked.
 */
import type { DoctorReport, RegData } from '../../../shared/doctor-model';
import { applyLocalDumps, type LocalDumpsAction, type LocalDumpsChange } from '../../main/core/doctor/local-dumps-action';
import { realRunReg, type RunReg } from '../../main/core/doctor/reg-exe';
import { doctorFromRegFile, doctorLive } from '../../main/core/doctor/run-doctor';
import { type CliIo, ExitCode } from '../cli-io';

/** Flags of `doctor` as commander gives them. */
export interface DoctorOptions {
  readonly reg?: string;
  readonly json: boolean;
  readonly enableLocalDumps?: string;
  readonly disableLocalDumps?: string;
  readonly dumpType?: string;
  readonly folder?: string;
  readonly count?: string;
}

/** What `doctor` needs from its environment; tests pass a fake reg.exe and platform. */
export interface DoctorDeps {
  readonly platform: NodeJS.Platform;
  readonly runReg: () => RunReg;
}

const realDeps: DoctorDeps = { platform: process.platform, runReg: () => realRunReg() };

/** The text view of a doctor report: findings first (they answer the question), then the settings. */
export function formatDoctorText(r: DoctorReport): string {
  const lines = [`WER settings doctor (${r.origin})`, ''];
  lines.push(r.findings.length === 0 ? 'No findings.' : 'Findings:');
  for (const f of r.findings) {
    lines.push(`  [${f.severity}] ${f.id}: ${f.subject}`, `    ${f.message}`, `    Fix: ${f.fix}`);
  }
  lines.push('', r.settings.length === 0 ? 'Settings: none set' : 'Settings (effective):');
  for (const s of r.settings) lines.push(`  ${s.path}\\${s.name || '(Default)'} = ${dataText(s.value)} (${s.type}, ${s.source})`);
  if (r.problems.length > 0) lines.push('', 'Problems:', ...r.problems.map((p) => `  ${p}`));
  return `${lines.join('\n')}\n`;
}

function dataText(v: RegData): string {
  if (Array.isArray(v)) return v.map((s) => JSON.stringify(s)).join(', ');
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function valuesText(values: Readonly<Record<string, RegData>> | null): string {
  if (values === null) return '(no key)';
  const entries = Object.entries(values);
  return entries.length === 0 ? '(key with no values)' : entries.map(([k, v]) => `${k || '(Default)'}=${dataText(v)}`).join(', ');
}

function changeText(a: LocalDumpsAction, c: LocalDumpsChange): string {
  if (!c.changed) return a.kind === 'disable' && c.before === null ? `Nothing to remove: ${c.key} does not exist.\n` : `No change: ${c.key} already has ${valuesText(c.after)}.\n`;
  if (a.kind === 'disable') return `Removed ${c.key} (it had ${valuesText(c.before)}).\n`;
  return `${c.before === null ? 'Created' : 'Changed'} ${c.key}\n  before: ${valuesText(c.before)}\n  after:  ${valuesText(c.after)}\n`;
}

/** Builds the action from the flags, or a usage message. */
function actionOf(o: DoctorOptions): LocalDumpsAction | string | null {
  if (o.enableLocalDumps !== undefined && o.disableLocalDumps !== undefined) return '--enable-local-dumps and --disable-local-dumps cannot be used together';
  const extras = o.dumpType !== undefined || o.folder !== undefined || o.count !== undefined;
  if (o.disableLocalDumps !== undefined) return extras ? '--dump-type, --folder and --count go with --enable-local-dumps only' : { kind: 'disable', app: o.disableLocalDumps };
  if (o.enableLocalDumps === undefined) return extras ? '--dump-type, --folder and --count go with --enable-local-dumps' : null;
  const dumpType = o.dumpType ?? 'mini';
  if (dumpType !== 'mini' && dumpType !== 'full') return `--dump-type must be mini or full, not ${JSON.stringify(dumpType)}`;
  let count: number | undefined;
  if (o.count !== undefined) {
    if (!/^\d+$/.test(o.count)) return `--count must be a whole number, not ${JSON.stringify(o.count)}`;
    count = Number(o.count);
  }
  return { kind: 'enable', app: o.enableLocalDumps, dumpType, ...(o.folder !== undefined ? { folder: o.folder } : {}), ...(count !== undefined ? { count } : {}) };
}

/** Runs `doctor`; returns the exit code (0 ok, 1 failure, 2 usage). */
export async function runDoctor(o: DoctorOptions, io: CliIo, deps: DoctorDeps = realDeps): Promise<number> {
  const action = actionOf(o);
  if (typeof action === 'string') return usage(io, action);
  if (action) {
    if (o.reg !== undefined) return usage(io, '--reg reads an export; the LocalDumps actions change the live registry: use one or the other');
    if (deps.platform !== 'win32') return usage(io, `--${action.kind}-local-dumps changes the live registry and works on Windows only`);
    let result;
    try {
      result = await applyLocalDumps(action, deps.runReg());
    } catch (e) {
      io.err(`error: cannot run reg.exe: ${(e as Error).message}\n`);
      return ExitCode.failure;
    }
    if (!result.ok) {
      io.err(`error: ${result.error.message}\n`);
      return result.error.kind === 'usage' ? ExitCode.usage : ExitCode.failure;
    }
    io.out(o.json ? `${JSON.stringify(result.value, null, 2)}\n` : changeText(action, result.value));
    return ExitCode.ok;
  }
  if (o.reg === undefined && deps.platform !== 'win32') return usage(io, 'doctor reads the live registry on Windows only; elsewhere give it an export: doctor --reg FILE.reg');
  const report = o.reg !== undefined ? await doctorFromRegFile(o.reg) : await doctorLive({ platform: deps.platform, runReg: deps.runReg() });
  if (!report.ok) {
    io.err(`error: ${report.error}\n`);
    return ExitCode.failure;
  }
  const { settings, findings, problems } = report.value;
  io.out(o.json ? `${JSON.stringify({ settings, findings, problems }, null, 2)}\n` : formatDoctorText(report.value));
  return ExitCode.ok;
}

function usage(io: CliIo, message: string): number {
  io.err(`error: ${message}\n`);
  return ExitCode.usage;
}
