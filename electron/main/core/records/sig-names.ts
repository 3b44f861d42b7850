/**
 * The English `Sig[n].Name` strings Windows writes in Report.wer, by EventType (as seen in the real
 * files of ../shared/fixtures/reportwer), so a record built from event 1001's P1–P10 or from an
 * event 1000 carries the same signature a report of that crash would.
 */

const WIN32_CRASH = [
  'Application Name', 'Application Version', 'Application Timestamp',
  'Fault Module Name', 'Fault Module Version', 'Fault Module Timestamp',
] as const;
const WIN32_HANG = ['Application Name', 'Application Version', 'Application Timestamp', 'Hang Signature', 'Hang Type'] as const;
const WAITING_ON = ['Waiting on Application Name', 'Waiting on Application Version'] as const;
// What the kernel records (kernel-record.ts) and event 1001's P6–P8 of a BlueScreen name.
const KERNEL = ['Code', 'Parameter 1', 'Parameter 2', 'Parameter 3', 'Parameter 4', 'OS Version', 'Service Pack', 'Product'] as const;

const NAMES: Readonly<Record<string, readonly string[]>> = {
  APPCRASH: [...WIN32_CRASH, 'Exception Code', 'Exception Offset'],
  BEX: [...WIN32_CRASH, 'Exception Offset', 'Exception Code', 'Exception Data'],
  BEX64: [...WIN32_CRASH, 'Exception Offset', 'Exception Code', 'Exception Data'],
  CRITICALPROCESSFAULT2: [...WIN32_CRASH, 'Exception Code', 'Exception Offset', 'Exception Data', 'Exception Flags'],
  MOAPPCRASH: ['Package Full Name', ...WIN32_CRASH, 'Exception Code', 'Exception Offset'],
  APPHANGB1: WIN32_HANG,
  APPHANGXPROCB1: [...WIN32_HANG, ...WAITING_ON],
  MOAPPHANG: ['Package Full Name', ...WIN32_HANG],
  MOAPPHANGXPROC: ['Package Full Name', ...WIN32_HANG, ...WAITING_ON],
  CLR20R3: Array.from({ length: 10 }, (_, i) => `Problem Signature ${String(i + 1).padStart(2, '0')}`),
  POWERSHELL: [
    'NameOfExe', 'FileVersionOfSystemManagementAutomation', 'InnermostExceptionType', 'OutermostExceptionType',
    'DeepestPowerShellFrame', 'DeepestFrame', 'ThreadName',
  ],
  BLUESCREEN: KERNEL,
  LIVEKERNELEVENT: KERNEL,
};

/**
 * The names Report.wer gives `Sig[0]`, `Sig[1]`… for an EventType (empty for event types we do
 * not know). Past the end of the table, sigName uses the log's own name.
 */
export function sigNames(eventType: string | null): readonly string[] {
  return NAMES[(eventType ?? '').trim().toUpperCase()] ?? [];
}

/**
 * The name Report.wer gives `Sig[index]` for an EventType; for event types we do not know (and
 * indices past a known table) the event log's own name, `P1`…`P10`, since the log does not carry
 * the names the reporting program chose.
 */
export function sigName(names: readonly string[], index: number): string {
  return names[index] ?? `P${index + 1}`;
}
