/** Public entry of the code tables: exception codes, fast-fail reasons, bug checks, hang types. */
export { describeExceptionCode, describeWin32Error } from './ntstatus';
export type {
  CodeKind,
  CodeSeverity,
  ExceptionCodeDescription,
  InvalidExceptionCode,
  ValidExceptionCode,
  Win32ErrorDescription,
} from './ntstatus';
export { describeFastFail } from './fast-fail';
export type { FastFailCategory, FastFailDescription, InvalidFastFail, ValidFastFail } from './fast-fail';
export { describeBugCheck } from './bugcheck';
export type { BugCheckDescription, InvalidBugCheck, ValidBugCheck } from './bugcheck';
export { describeHangType, HANG_EXPLANATION, HANG_SIGNATURE_EXPLANATION } from './hang-types';
export type { HangTypeDescription, HangTypeFlag } from './hang-types';
export { assessExploitability, NEAR_NULL } from './exploitability';
export type { AccessKind, ExploitabilityHint, ExploitabilityInput, ExploitabilityRating } from './exploitability';
export { parseCode32 } from './code-format';
export { bugCheckParameterMeanings, type ParameterMeanings } from './bugcheck-parameters';
