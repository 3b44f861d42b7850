/**
 * "What happened" in plain language for one report: the failure explained from its signature
 * fields and, when there is one, its minidump. Shared by the detail view, the copied ticket text
 * and the bundle summary so all three say the same thing.
 */
import {
  describeBugCheck,
  describeExceptionCode,
  describeFastFail,
  describeHangType,
  HANG_EXPLANATION,
  HANG_SIGNATURE_EXPLANATION,
  NEAR_NULL,
} from './codes';
import { parseHex64 } from './codes/code-format';
import { describeDotNetException } from './dotnet-exceptions';
import type { MinidumpException, MinidumpSummary } from './minidump-model';
import { displayApplication } from './report-display';
import { normalizeHexCode } from './sig-fields';
import type { WerReport } from './report-model';

/** One label/value fact. */
export interface ExplainRow {
  readonly label: string;
  readonly value: string;
}

/** What happened: one headline sentence, facts, and where the dump and the report disagree. */
export interface ReportExplanation {
  /** The failure in one plain sentence. */
  readonly headline: string;
  readonly facts: readonly ExplainRow[];
  /** Disagreements between the minidump and the signature, each one sentence. */
  readonly warnings: readonly string[];
}

type Explained = Pick<WerReport, 'eventType' | 'fields' | 'appName'>;

/** An offset or address as short `0x` hex (`0000000000001234` → `0x1234`); non-hex text unchanged. */
export function formatOffset(value: string): string {
  const n = parseHex64(value);
  return n === null ? value : `0x${n.toString(16)}`;
}

/** WER writes `unknown` or `StackHash_…` as the module when the address was in no loaded module. */
export function isNoModule(module: string | null | undefined): boolean {
  return !module || /^(unknown|StackHash)/i.test(module.trim());
}

const NO_MODULE =
  'in no loaded module: the code was outside every EXE and DLL (JIT-compiled code, a DLL that was already unloaded, or a corrupted return address)';

/** The label/value pairs that have a value, as rows (empty and missing values are left out). */
export function labelRows(pairs: readonly (readonly [string, string | null | undefined])[]): ExplainRow[] {
  return pairs.filter((p): p is readonly [string, string] => typeof p[1] === 'string' && p[1] !== '').map(([label, value]) => ({ label, value }));
}

function where(module: string | null | undefined, offset: string | null | undefined, version: string | undefined): string {
  if (isNoModule(module)) return module ? `${NO_MODULE} (the signature says “${module}”)` : NO_MODULE;
  const at = offset ? ` at offset ${formatOffset(offset)}` : '';
  return `${module}${at}${version ? ` (version ${version})` : ''}`;
}

function accessText(e: MinidumpException): string | null {
  if (!e.access || !e.target) return null;
  const target = parseHex64(e.target);
  const verb = e.access === 'execute' ? 'run code at' : e.access === 'write' ? 'write to' : 'read from';
  let note = '';
  if (target !== null && target < NEAR_NULL) note = ' — near address zero: the program used a null (empty) pointer';
  else if (e.access === 'execute') note = ' — memory that holds no code: a corrupted function pointer or return address';
  return `tried to ${verb} ${e.target}${note}`;
}

function kernel(r: Explained): ReportExplanation {
  const f = r.fields;
  const live = /^LiveKernelEvent$/i.test(r.eventType?.trim() ?? '');
  if (!f.bugCheckCode) {
    const headline = live ? 'Windows recorded a problem in the kernel or a driver and kept running.' : 'Windows stopped with a blue screen.';
    return { headline, facts: [], warnings: [] };
  }
  const d = describeBugCheck(f.bugCheckCode);
  const recovered = live || d.liveDump;
  const params = [f.bugCheckParameter1, f.bugCheckParameter2, f.bugCheckParameter3, f.bugCheckParameter4].filter((p): p is string => !!p);
  return {
    headline: d.summary,
    facts: labelRows([
      ['Bug check', `0x${d.code}${d.name ? ` ${d.name}` : ''}`],
      ['Outcome', recovered ? 'Windows recorded the problem and kept running (no blue screen).' : 'Windows stopped with a blue screen and restarted.'],
      ['Parameters', params.map(formatOffset).join(', ')],
      ['Windows version', f.osVersion],
    ]),
    warnings: [],
  };
}

function hang(r: Explained): ReportExplanation {
  const f = r.fields;
  const waiting = f.waitingOnApplication
    ? `${f.waitingOnApplication}${f.waitingOnApplicationVersion ? ` ${f.waitingOnApplicationVersion}` : ''}: the program was waiting for this other program, which did not answer`
    : null;
  return {
    headline: `${displayApplication(r) || 'The program'} stopped responding. ${HANG_EXPLANATION}`,
    facts: labelRows([
      ['Hang signature', f.hangSignature ? `${f.hangSignature} — ${HANG_SIGNATURE_EXPLANATION}` : null],
      ['Hang type', f.hangType ? describeHangType(f.hangType).summary : null],
      ['Waiting on', waiting],
    ]),
    warnings: [],
  };
}

function dotNet(r: Explained): ReportExplanation {
  const f = r.fields;
  const type = f.exceptionType ?? '';
  const method = f.methodToken ? `method token 0x06${f.methodToken.padStart(6, '0').slice(-6)}${f.ilOffset ? `, IL offset ${formatOffset(f.ilOffset)}` : ''}` : null;
  return {
    headline: `Nothing in the program caught a .NET exception (${type}), so .NET ended the program.`,
    facts: labelRows([
      ['.NET exception', type],
      ['Meaning', describeDotNetException(type)],
      ['Thrown in', f.module ? `${f.module}${f.moduleVersion ? ` (version ${f.moduleVersion})` : ''}` : null],
      ['Method', method ? `${method} — a developer can find the source line with the matching build` : null],
    ]),
    warnings: [],
  };
}

function powerShell(r: Explained): ReportExplanation {
  const f = r.fields;
  const type = f.innermostExceptionType ?? f.outermostExceptionType ?? 'an exception';
  return {
    headline: `A PowerShell host stopped on an unhandled exception (${type}).`,
    facts: labelRows([
      ['Root cause', f.innermostExceptionType ? `${f.innermostExceptionType}${describeDotNetException(f.innermostExceptionType) ? ` — ${describeDotNetException(f.innermostExceptionType)}` : ''}` : null],
      ['Surfaced as', f.outermostExceptionType],
      ['Deepest PowerShell frame', f.deepestPowerShellFrame],
      ['Deepest frame', f.deepestFrame],
    ]),
    warnings: [],
  };
}

function crash(r: Explained, dump: MinidumpSummary | null): ReportExplanation | null {
  const f = r.fields;
  const e = dump?.exception ?? null;
  // Normalized the way the signature's exceptionCode field is, so the two compare.
  const dumpCode = e ? normalizeHexCode(e.code) : null;
  const code = f.exceptionCode ?? dumpCode;
  if (!code) return null;
  const desc = describeExceptionCode(code);
  // The fast-fail reason is Sig[8] in BEX reports, else ExceptionInformation[0] of the dump.
  const data = f.exceptionData ?? (e && dumpCode === 'c0000409' ? e.parameters[0] : undefined);
  const fastFail = code === 'c0000409' && data ? describeFastFail(data) : null;
  const sigModule = f.module ?? null;
  const module = sigModule ?? e?.module ?? e?.firstFrameInModule?.module ?? null;
  const offset = sigModule ? f.exceptionOffset : (e?.offset ?? e?.firstFrameInModule?.offset ?? null);
  const warnings: string[] = [];
  if (e && f.exceptionCode && dumpCode !== f.exceptionCode) {
    warnings.push(`The minidump records exception ${e.code}${e.name ? ` ${e.name}` : ''}, but the report’s signature says ${f.exceptionCode}.`);
  }
  if (dump?.signatureCheck?.kind === 'differ') {
    // WER may blame another frame after its own analysis (stowed exceptions), so this is a note, not an error.
    warnings.push(`The minidump and the report’s signature point to different places: ${dump.signatureCheck.message}.`);
  }
  return {
    headline: fastFail?.summary ?? desc.summary,
    facts: labelRows([
      ['Exception', `${code}${desc.name ? ` ${desc.name}` : ''}`],
      ['Fast-fail reason', fastFail ? `${fastFail.hex ?? data}${fastFail.name ? ` ${fastFail.name}` : ''}` : null],
      ['Where', module || offset ? where(module, offset, sigModule ? f.moduleVersion : undefined) : null],
      ['Memory access', e ? accessText(e) : null],
    ]),
    warnings,
  };
}

/** Explains a report in plain language, using its minidump summary when one was read. */
export function explainReport(r: Explained, dump: MinidumpSummary | null): ReportExplanation {
  const f = r.fields;
  const type = r.eventType?.trim() ?? '';
  if (f.bugCheckCode || /^(BlueScreen|LiveKernelEvent)$/i.test(type)) return kernel(r);
  if (f.hangSignature || /hang/i.test(type)) return hang(r);
  if (f.exceptionType) return dotNet(r);
  if (/^PowerShell$/i.test(type)) return powerShell(r);
  const crashed = crash(r, dump);
  if (crashed) return crashed;
  return {
    headline: `${type || 'This event'} is not a kind of report WER Explorer can explain; the signature below lists what Windows recorded.`,
    facts: [],
    warnings: [],
  };
}
