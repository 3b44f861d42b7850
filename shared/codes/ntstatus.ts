/**
 * Exception-code lookup: NTSTATUS values, software exception codes and HRESULTs to a name and a
 * plain sentence; anything unknown still gets its severity / customer / facility bits decoded.
 * Bit layouts: NTSTATUS = Sev(2) C(1) N(1) Facility(12) Code(16); HRESULT = S(1) R(1) C(1) N(1)
 * X(1) Facility(11) Code(16) — the two agree on the facility field when read as bits 16–27.
 */
import { type CodeInfo, parseCode32, toHex8 } from './code-format';
import { HRESULT_CODES, HRESULT_FACILITIES, NTSTATUS_FACILITIES, WIN32_ERRORS } from './hresult-table';
import { NTSTATUS_CODES } from './ntstatus-table';

/** How the bits of a code were read. */
export type CodeKind = 'ntstatus' | 'hresult' | 'custom';

/** Severity as the code's own format defines it (HRESULTs only know success and error). */
export type CodeSeverity = 'success' | 'informational' | 'warning' | 'error';

/** A Win32 error code found inside an HRESULT or NTSTATUS of facility 7. */
export interface Win32ErrorDescription {
  readonly code: number;
  readonly name: string | null;
  readonly summary: string | null;
}

/** Everything we can say about one exception code / NTSTATUS / HRESULT. */
export interface ValidExceptionCode {
  readonly valid: true;
  /** 8 lower-case hex digits (`c0000005`). */
  readonly code: string;
  /** Symbolic name, or null when the code is not in our tables. */
  readonly name: string | null;
  /** One plain sentence; for codes not in our tables, the decoding of their bits. */
  readonly summary: string;
  readonly kind: CodeKind;
  readonly severity: CodeSeverity;
  /** Customer bit: the code was defined by an application or runtime, not by Windows. */
  readonly customer: boolean;
  /** Facility field (bits 16–27). */
  readonly facility: number;
  readonly facilityName: string | null;
  /** Generic decoding of the bits, always present, e.g. "HRESULT error, facility 0x7 (Win32)". */
  readonly decoded: string;
  /** For facility-7 codes: the Win32 error inside. */
  readonly win32Error?: Win32ErrorDescription;
  /** For HRESULT_FROM_NT values (N bit set): the wrapped NTSTATUS, 8 hex digits. */
  readonly wrappedNtStatus?: string;
}

/** Input that is not a 32-bit code (e.g. `PCH_74`); `code` is the input as given, trimmed. */
export interface InvalidExceptionCode {
  readonly valid: false;
  readonly code: string;
  readonly name: null;
  readonly summary: string;
  readonly decoded: string;
}

/** Result of describeExceptionCode: check `valid` before reading the bit fields. */
export type ExceptionCodeDescription = ValidExceptionCode | InvalidExceptionCode;

const FACILITY_WIN32 = 7;
const NTSTATUS_SEVERITIES: readonly CodeSeverity[] = ['success', 'informational', 'warning', 'error'];

function lookup(hex: string): CodeInfo | null {
  return NTSTATUS_CODES[hex] ?? HRESULT_CODES[hex] ?? null;
}

/** Name and sentence of a Win32 error code (`GetLastError()` value), or nulls when unknown. */
export function describeWin32Error(code: number): Win32ErrorDescription {
  const info = WIN32_ERRORS[code];
  return { code, name: info?.name ?? null, summary: info?.summary ?? null };
}

function classify(value: number, hex: string): CodeKind {
  if (value & 0x20000000) return 'custom';
  if (HRESULT_CODES[hex]) return 'hresult';
  if (NTSTATUS_CODES[hex]) return 'ntstatus';
  // Unknown 0x8xxxxxxx codes with a facility are HRESULT failures in practice (NTSTATUS warnings
  // live in facility 0); the N bit marks an NTSTATUS wrapped as an HRESULT (HRESULT_FROM_NT).
  const top = value >>> 28;
  if (top === 0x9 || top === 0xd) return 'hresult';
  if (top === 0x8 && ((value >>> 16) & 0xfff) !== 0) return 'hresult';
  return 'ntstatus';
}

function severityOf(value: number, kind: CodeKind): CodeSeverity {
  if (kind === 'hresult') return value & 0x80000000 ? 'error' : 'success';
  return NTSTATUS_SEVERITIES[value >>> 30] ?? 'error';
}

function facilityText(facility: number, name: string | null): string {
  const hex = `0x${facility.toString(16)}`;
  return name ? `facility ${hex} (${name})` : `facility ${hex}`;
}

/**
 * Describes an exception code given as `'0xC0000005'`, `'c0000005'`, `3221225477`,
 * `-1073741819` or a sign-extended 64-bit hex string. Codes not in our tables get `name` null
 * and their bits decoded into `summary`; input that is not a code gets `valid: false`.
 */
export function describeExceptionCode(input: string | number): ExceptionCodeDescription {
  const value = parseCode32(input);
  if (value === null) {
    const text = String(input).trim();
    const decoded = 'not a 32-bit exception code';
    return { valid: false, code: text, name: null, summary: `"${text}" is not an exception code.`, decoded };
  }
  const code = toHex8(value);
  const kind = classify(value, code);
  const severity = severityOf(value, kind);
  const customer = kind === 'custom';
  const facility = (value >>> 16) & 0xfff;
  const facilityName =
    kind === 'custom' ? null : ((kind === 'hresult' ? HRESULT_FACILITIES : NTSTATUS_FACILITIES)[facility] ?? null);

  let info = lookup(code);
  let win32Error: Win32ErrorDescription | undefined;
  let wrappedNtStatus: string | undefined;
  const parts: string[] = [];

  if (kind === 'custom') {
    parts.push(`application-defined code (customer bit set), severity ${severity}`);
  } else {
    parts.push(`${kind === 'hresult' ? 'HRESULT' : 'NTSTATUS'} ${severity}`, facilityText(facility, facilityName));
  }
  if (kind !== 'custom' && facility === FACILITY_WIN32) {
    win32Error = describeWin32Error(value & 0xffff);
    parts.push(`Win32 error ${win32Error.code}${win32Error.name ? ` (${win32Error.name})` : ''}`);
    const known = WIN32_ERRORS[win32Error.code];
    if (!info && known) {
      const wrapper = kind === 'hresult' ? 'HRESULT_FROM_WIN32' : 'NTSTATUS_FROM_WIN32';
      info = { name: `${wrapper}(${known.name})`, summary: known.summary };
    }
  }
  if (kind === 'hresult' && value & 0x10000000) {
    wrappedNtStatus = toHex8(value & ~0x10000000);
    const inner = NTSTATUS_CODES[wrappedNtStatus];
    parts.push(`wraps NTSTATUS ${wrappedNtStatus}${inner ? ` (${inner.name})` : ''}`);
    if (!info && inner) info = { name: `HRESULT_FROM_NT(${inner.name})`, summary: inner.summary };
  }

  const decoded = parts.join(', ');
  return {
    valid: true,
    code,
    name: info?.name ?? null,
    summary: info?.summary ?? `Unknown code — ${decoded}.`,
    kind,
    severity,
    customer,
    facility,
    facilityName,
    decoded,
    ...(win32Error ? { win32Error } : {}),
    ...(wrappedNtStatus ? { wrappedNtStatus } : {}),
  };
}
