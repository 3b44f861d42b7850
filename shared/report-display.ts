/** Short display values of a report for list rows and one-line summaries (CLI table, UI list). */
import { describeExceptionCode, describeFastFail } from './codes';
import type { WerReport } from './report-model';

type Row = Pick<WerReport, 'fields' | 'appName' | 'eventType'>;

/** The application to show: the package name for packaged apps (not `praid:App`), else the exe. */
export function displayApplication(r: Row): string {
  const pkg = r.fields.packageFullName;
  if (pkg) return pkg.split('_')[0] ?? pkg;
  return r.fields.application ?? r.appName ?? '';
}

/** The module to show: the faulting module, or the faulting .NET assembly. */
export function displayModule(r: Row): string {
  // A kernel dump's driver at fault plays the faulting module's part.
  return r.fields.module ?? r.fields.causedByDriver ?? '';
}

/** The code to show: exception code, bug-check code, hang signature or .NET exception type. */
export function displayCode(r: Row): string {
  const f = r.fields;
  if (f.exceptionCode) return f.exceptionCode;
  if (f.bugCheckCode) return `0x${f.bugCheckCode.replace(/^0+(?=.)/, '')}`;
  if (f.hangSignature) return `hang ${f.hangSignature}`;
  if (f.exceptionType) return f.exceptionType.split('.').pop() ?? f.exceptionType;
  return '';
}

/** One line for a new-crash notification: "app.exe crashed in mod.dll (c0000005 STATUS_ACCESS_VIOLATION)". */
export function summaryLine(r: Row): string {
  const app = displayApplication(r) || 'An application';
  const f = r.fields;
  if (f.bugCheckCode) return `Windows stopped with bug check ${displayCode(r)}${f.causedByDriver ? ` (caused by ${f.causedByDriver})` : ''}`;
  if (f.hangSignature || r.eventType?.toLowerCase().includes('hang')) return `${app} stopped responding`;
  const where = f.module ? ` in ${f.module}` : '';
  if (f.exceptionCode) {
    // For c0000409 the fast-fail reason says more than "stack buffer overrun".
    const fastFail = f.exceptionCode === 'c0000409' && f.exceptionData ? describeFastFail(f.exceptionData).name : null;
    const name = fastFail ?? describeExceptionCode(f.exceptionCode).name;
    return `${app} crashed${where} (${f.exceptionCode}${name ? ` ${name}` : ''})`;
  }
  if (f.exceptionType) return `${app} crashed${where} (${f.exceptionType})`;
  return `${app}: ${r.eventType ?? 'unknown event'}`;
}
