/**
 * Semantic signature fields: what `Sig[n]` means for each EventType, keyed by index because the
 * `Sig[n].Name` strings are localised (Chinese, French, Russian... in real files). Sources:
 * ../shared/docs/wer-formats.md §2.4, checked against the real files in ../shared/fixtures.
 */

/** Language-independent names of signature fields. */
export type SemanticFieldId =
  | 'application'
  | 'applicationVersion'
  | 'applicationTimestamp'
  | 'packageFullName'
  | 'module'
  | 'moduleVersion'
  | 'moduleTimestamp'
  | 'exceptionCode'
  | 'exceptionOffset'
  | 'exceptionData'
  | 'exceptionFlags'
  | 'hangSignature'
  | 'hangType'
  | 'waitingOnApplication'
  | 'waitingOnApplicationVersion'
  | 'methodToken'
  | 'ilOffset'
  | 'exceptionType'
  | 'bugCheckCode'
  | 'bugCheckParameter1'
  | 'bugCheckParameter2'
  | 'bugCheckParameter3'
  | 'bugCheckParameter4'
  | 'osVersion'
  | 'servicePack'
  | 'productType'
  | 'powerShellVersion'
  | 'innermostExceptionType'
  | 'outermostExceptionType'
  | 'deepestPowerShellFrame'
  | 'deepestFrame'
  | 'threadName'
  | 'causedByDriver'
  | 'topFrame';

/** Semantic fields of one report: only those its EventType defines and its file contains. */
export type SemanticFields = Readonly<Partial<Record<SemanticFieldId, string>>>;

/** One position of a signature table: the field at that Sig index, or null for "not interpreted". */
type SigLayout = readonly (SemanticFieldId | null)[];

const win32Crash: SigLayout = [
  'application',
  'applicationVersion',
  'applicationTimestamp',
  'module',
  'moduleVersion',
  'moduleTimestamp',
  'exceptionCode',
  'exceptionOffset',
];

// BEX swaps offset and code relative to APPCRASH, then adds the exception data (fast-fail code).
const bufferOverrun: SigLayout = [
  ...win32Crash.slice(0, 6),
  'exceptionOffset',
  'exceptionCode',
  'exceptionData',
];

const win32Hang: SigLayout = [
  'application',
  'applicationVersion',
  'applicationTimestamp',
  'hangSignature',
  'hangType',
];

const packagedHang: SigLayout = ['packageFullName', ...win32Hang];

const kernel: SigLayout = [
  'bugCheckCode',
  'bugCheckParameter1',
  'bugCheckParameter2',
  'bugCheckParameter3',
  'bugCheckParameter4',
  'osVersion',
  'servicePack',
  'productType',
];

/** Signature layouts by EventType (compared case-insensitively). */
export const SIG_LAYOUTS: Readonly<Record<string, SigLayout>> = {
  APPCRASH: win32Crash,
  BEX: bufferOverrun,
  BEX64: bufferOverrun,
  CriticalProcessFault2: [...win32Crash, 'exceptionData', 'exceptionFlags'],
  MoAppCrash: ['packageFullName', ...win32Crash],
  AppHangB1: win32Hang,
  AppHangXProcB1: [...win32Hang, 'waitingOnApplication', 'waitingOnApplicationVersion'],
  MoAppHang: packagedHang,
  MoAppHangXProc: [...packagedHang, 'waitingOnApplication', 'waitingOnApplicationVersion'],
  CLR20r3: [
    'application',
    'applicationVersion',
    'applicationTimestamp',
    'module',
    'moduleVersion',
    'moduleTimestamp',
    'methodToken',
    'ilOffset',
    'exceptionType',
  ],
  PowerShell: [
    'application',
    'powerShellVersion',
    'innermostExceptionType',
    'outermostExceptionType',
    'deepestPowerShellFrame',
    'deepestFrame',
    'threadName',
  ],
  BlueScreen: kernel,
  LiveKernelEvent: kernel,
};

const LAYOUT_BY_UPPER = new Map(Object.entries(SIG_LAYOUTS).map(([k, v]) => [k.toUpperCase(), v]));

/** The signature layout of an EventType, or null when the event type is not one we interpret. */
export function sigLayout(eventType: string | null | undefined): SigLayout | null {
  if (!eventType) return null;
  return LAYOUT_BY_UPPER.get(eventType.trim().toUpperCase()) ?? null;
}

/** Plain-language label and one-sentence meaning of each semantic field, for display. */
export const SEMANTIC_FIELD_INFO: Readonly<
  Record<SemanticFieldId, { readonly label: string; readonly meaning: string }>
> = {
  application: { label: 'Application', meaning: 'The program that failed.' },
  applicationVersion: { label: 'Application version', meaning: 'File version of the program.' },
  applicationTimestamp: {
    label: 'Application build time',
    meaning: 'Link time stamped into the program file (hex seconds since 1970).',
  },
  packageFullName: { label: 'Package', meaning: 'The Store/MSIX package the app belongs to.' },
  module: {
    label: 'Faulting module',
    meaning: 'The executable or DLL whose code was running when the failure happened.',
  },
  moduleVersion: { label: 'Module version', meaning: 'File version of the faulting module.' },
  moduleTimestamp: {
    label: 'Module build time',
    meaning: 'Link time stamped into the faulting module (hex seconds since 1970).',
  },
  exceptionCode: { label: 'Exception code', meaning: 'The kind of failure, as an NTSTATUS code.' },
  exceptionOffset: {
    label: 'Offset in module',
    meaning: 'Where in the faulting module the failure happened, counted from its start.',
  },
  exceptionData: {
    label: 'Exception data',
    meaning: 'Extra detail of the failure; for c0000409 it is the fast-fail reason.',
  },
  exceptionFlags: { label: 'Exception flags', meaning: 'Flags of the exception record.' },
  hangSignature: {
    label: 'Hang signature',
    meaning: 'A short hash of where the program was stuck; equal values are the same hang.',
  },
  hangType: { label: 'Hang type', meaning: 'How the hang was detected.' },
  waitingOnApplication: {
    label: 'Waiting on',
    meaning: 'The other program the hung program was waiting for.',
  },
  waitingOnApplicationVersion: {
    label: 'Waiting-on version',
    meaning: 'Version of the program it was waiting for.',
  },
  methodToken: {
    label: 'Method token',
    meaning: '.NET metadata token of the method that threw (without the 06 table byte).',
  },
  ilOffset: { label: 'IL offset', meaning: 'Position in that method\u2019s IL code.' },
  exceptionType: {
    label: '.NET exception',
    meaning: 'Type of the unhandled .NET exception (a hash when the name was too long).',
  },
  bugCheckCode: { label: 'Bug check', meaning: 'The stop code Windows halted with.' },
  bugCheckParameter1: { label: 'Parameter 1', meaning: 'First bug-check parameter.' },
  bugCheckParameter2: { label: 'Parameter 2', meaning: 'Second bug-check parameter.' },
  bugCheckParameter3: { label: 'Parameter 3', meaning: 'Third bug-check parameter.' },
  bugCheckParameter4: { label: 'Parameter 4', meaning: 'Fourth bug-check parameter.' },
  osVersion: { label: 'OS version', meaning: 'Windows version at the time of the failure.' },
  servicePack: { label: 'Service pack', meaning: 'Service pack major_minor.' },
  productType: { label: 'Product', meaning: 'Windows product suite and type.' },
  powerShellVersion: {
    label: 'PowerShell version',
    meaning: 'File version of System.Management.Automation.',
  },
  innermostExceptionType: { label: 'Innermost exception', meaning: 'The root-cause .NET exception.' },
  outermostExceptionType: { label: 'Outermost exception', meaning: 'The exception that surfaced.' },
  deepestPowerShellFrame: {
    label: 'Deepest PowerShell frame',
    meaning: 'The deepest PowerShell function on the stack.',
  },
  deepestFrame: { label: 'Deepest frame', meaning: 'The deepest method on the stack.' },
  threadName: { label: 'Thread', meaning: 'Name of the thread that failed.' },
  causedByDriver: {
    label: 'Caused by driver',
    meaning: 'The driver at fault, read from the kernel dump (not a signature field).',
  },
  topFrame: {
    label: 'Top frame',
    meaning:
      'The first frame of the crashing thread outside Windows\u2019 own modules, named from its symbols (module!function), read from the dump (not a signature field).',
  },
};

const HEX_CODE = /^(?:0x)?([0-9a-f]{1,8})$/i;
const HEX_ONLY = /^(?:0x)?[0-9a-f]+$/i;

/** Normalises a code to 8 lower-case hex digits when it is hex; otherwise returns it trimmed. */
export function normalizeHexCode(value: string): string {
  const m = HEX_CODE.exec(value.trim());
  return m?.[1] ? m[1].toLowerCase().padStart(8, '0') : value.trim();
}

function normalizeField(field: SemanticFieldId, value: string): string {
  const v = value.trim();
  switch (field) {
    case 'exceptionCode':
    case 'bugCheckCode':
      return normalizeHexCode(v);
    case 'exceptionOffset':
    case 'hangSignature':
      // Pure hex is lower-cased so "0001CCFA" and "0001ccfa" group together; PCH_74 stays as is.
      return HEX_ONLY.test(v) ? v.toLowerCase() : v;
    default:
      return v;
  }
}

/**
 * Maps a signature to semantic fields by EventType and index. Empty values are left out; an
 * unknown EventType yields no fields (the UI then shows the names as written).
 */
export function semanticFields(
  eventType: string | null | undefined,
  signature: readonly { readonly index: number; readonly value: string }[],
): SemanticFields {
  const layout = sigLayout(eventType);
  if (!layout) return {};
  const fields: Partial<Record<SemanticFieldId, string>> = {};
  for (const { index, value } of signature) {
    const field = layout[index];
    if (field && value.trim() !== '') fields[field] = normalizeField(field, value);
  }
  return fields;
}
