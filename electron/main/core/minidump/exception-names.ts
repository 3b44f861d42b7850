import { describeExceptionCode } from '../../../../shared/codes';

/** Looks up the symbolic name of an exception code (NTSTATUS); null when unknown. */
export type ExceptionNameLookup = (code: number) => string | null;

/** Default exception-name lookup: the shared NTSTATUS / HRESULT table. */
export const defaultExceptionName: ExceptionNameLookup = (code) => describeExceptionCode(code >>> 0).name;
