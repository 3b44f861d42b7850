/**
 * What the WER settings doctor answers: the effective WER registry settings and the findings that
 * explain why a machine has (or lacks) crash reports and dumps. Plain data for JSON, IPC and the UI.
 */

/** Registry value types the doctor reads; `REG_UNKNOWN` for any other type number. */
export type RegType = 'REG_NONE' | 'REG_SZ' | 'REG_EXPAND_SZ' | 'REG_BINARY' | 'REG_DWORD' | 'REG_DWORD_BIG_ENDIAN' | 'REG_MULTI_SZ' | 'REG_QWORD' | 'REG_UNKNOWN';

/** A value's data: numbers for DWORD/QWORD (decimal string past 2^53), lists for MULTI_SZ, lower-case hex for binary, null when unreadable. */
export type RegData = string | number | readonly string[] | null;

/** Where an effective setting came from; policy beats machine beats user. */
export type SettingSource = 'policy' | 'machine' | 'user';

/** One effective WER setting. */
export interface DoctorSetting {
  /** The full key, e.g. `HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\Windows\Windows Error Reporting\LocalDumps`. */
  readonly path: string;
  /** The value name ("" for the key's default value). */
  readonly name: string;
  readonly type: RegType;
  readonly value: RegData;
  readonly source: SettingSource;
}

/** How much a finding matters for "why are there no reports?". */
export type FindingSeverity = 'error' | 'warning' | 'info';

/** One explanation of the settings, with what to change. */
export interface DoctorFinding {
  /** Stable id, e.g. `wer-disabled`, `local-dumps`, `excluded-application`. */
  readonly id: string;
  readonly severity: FindingSeverity;
  /** What it is about: a value name, an app, a server. */
  readonly subject: string;
  readonly message: string;
  readonly fix: string;
}

/** The doctor's answer: effective settings, findings, and problems met while reading. */
export interface DoctorReport {
  /** Where the settings were read: the live registry or a .reg file's path. */
  readonly origin: string;
  readonly settings: readonly DoctorSetting[];
  readonly findings: readonly DoctorFinding[];
  /** Unreadable lines, keys that could not be read; bounded. */
  readonly problems: readonly string[];
}

/** What the UI gets: a report, or why there is none on this machine. */
export type DoctorOutcome =
  | { readonly kind: 'report'; readonly report: DoctorReport }
  | { readonly kind: 'unavailable'; readonly reason: string };
