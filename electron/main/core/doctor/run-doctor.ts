/**
 * The WER settings doctor: reads the settings from the live registry (reg.exe, Windows only) or
 * a .reg export, and explains them. File and process I/O stay here; the parsers are pure.
 */
import { open } from 'node:fs/promises';
import type { DoctorFinding, DoctorOutcome, DoctorReport } from '../../../../shared/doctor-model';
import { err, ok, type Result } from '../../../../shared/result';
import { effectiveSettings, publicSettings, WER_ROOTS } from './effective-settings';
import { parseRegFile } from './parse-reg-file';
import { parseRegQuery } from './parse-reg-query';
import { realRunReg, regFailure, regMessage, type RunReg } from './reg-exe';
import type { RegSnapshot } from './registry-snapshot';
import { werFindings } from './wer-findings';

/** Largest .reg file read: an export of the WER keys is a few KB; a whole hive is far below this. */
export const MAX_REG_FILE_BYTES = 64 * 1024 * 1024;

/** The doctor's answer for a snapshot, plus problems and findings met before parsing. */
export function diagnose(snapshot: RegSnapshot, origin: string, extra: { problems?: readonly string[]; findings?: readonly DoctorFinding[] } = {}): DoctorReport {
  const effective = effectiveSettings(snapshot);
  return {
    origin,
    settings: publicSettings(effective),
    findings: [...(extra.findings ?? []), ...werFindings(effective)],
    problems: [...(extra.problems ?? []), ...snapshot.problems],
  };
}

/** The doctor over a .reg export; an error when it cannot be read or is not an export at all. */
export async function doctorFromRegFile(path: string): Promise<Result<DoctorReport, string>> {
  let bytes: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      const { size } = await handle.stat();
      if (size > MAX_REG_FILE_BYTES) return err(`${path}: ${size} bytes, more than the ${MAX_REG_FILE_BYTES} a registry export of the WER keys could be`);
      bytes = Buffer.alloc(size);
      await handle.read(bytes, 0, size, 0);
    } finally {
      await handle.close();
    }
  } catch (e) {
    return err(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const parsed = parseRegFile(bytes);
  if (!parsed.ok) return err(`${path}: ${parsed.error}`);
  return ok(diagnose(parsed.value.snapshot, path));
}

/** How the live doctor runs; defaults are this process's platform and reg.exe. */
export interface LiveDoctorOptions {
  readonly platform?: NodeJS.Platform;
  readonly runReg?: RunReg;
}

/** The message off Windows: the live registry exists only there. */
export const NOT_WINDOWS = 'the doctor reads the live registry on Windows only; elsewhere give it a .reg export (doctor --reg FILE.reg)';

/**
 * The doctor over the live registry: `reg query ROOT /s` for each WER root. A missing key is no
 * setting; access denied becomes a finding, not a failure.
 */
export async function doctorLive(options: LiveDoctorOptions = {}): Promise<Result<DoctorReport, string>> {
  if ((options.platform ?? process.platform) !== 'win32') return err(NOT_WINDOWS);
  const runReg = options.runReg ?? realRunReg();
  const outputs: string[] = [];
  const problems: string[] = [];
  const findings: DoctorFinding[] = [];
  let runs;
  try {
    // Side by side: six reg.exe starts one after another cost seconds under Wine and on slow machines.
    runs = await Promise.all(WER_ROOTS.map((root) => runReg(['query', root.path, '/s'])));
  } catch (e) {
    return err(`cannot run reg.exe: ${(e as Error).message}`);
  }
  runs.forEach((run, i) => {
    const root = WER_ROOTS[i] as (typeof WER_ROOTS)[number];
    if (run.code === 0) {
      outputs.push(run.stdout);
      return;
    }
    const failure = regFailure(run);
    if (failure === 'missing') return;
    if (failure === 'access-denied') {
      findings.push({
        id: 'registry-unreadable',
        severity: 'warning',
        subject: root.path,
        message: `${root.path} could not be read (access denied): its settings are not in this answer.`,
        fix: 'Run the doctor from an elevated prompt, or export the key with regedit and run doctor --reg FILE.reg.',
      });
    } else problems.push(`${root.path}: ${regMessage(run)}`);
  });
  return ok(diagnose(parseRegQuery(outputs.join('\r\n')), 'live registry', { problems, findings }));
}

/** The doctor for the UI: the live report on Windows, "unavailable" with the reason elsewhere. */
export async function doctorOutcome(options: LiveDoctorOptions = {}): Promise<Result<DoctorOutcome, string>> {
  if ((options.platform ?? process.platform) !== 'win32') {
    return ok({ kind: 'unavailable', reason: 'The doctor reads the live registry on Windows only.' });
  }
  const r = await doctorLive(options);
  return r.ok ? ok({ kind: 'report', report: r.value }) : r;
}
