import type {
  MemoryAccessKind,
  MinidumpArch,
  MinidumpException,
  MinidumpFrame,
  SignatureAgreement,
} from '../../../../shared/minidump-model';
import { hex, hex32 } from './binary';
import type { CpuContext } from './context';
import type { ExceptionNameLookup } from './exception-names';
import { classifyInstructionAccess } from './instruction-access';
import type { MemoryReader } from './memory-reader';
import type { ModuleIndex } from './module-index';
import type { RawException } from './parse-exception';

const ACCESS_VIOLATION = 0xc0000005;
const IN_PAGE_ERROR = 0xc0000006;
/** What Windows reports as the target of a general-protection fault (non-canonical address). */
const GP_FAULT_TARGET = 0xffffffffffffffffn;

/** Everything the crash analysis looks at. */
export interface CrashInputs {
  readonly raw: RawException;
  readonly arch: MinidumpArch;
  readonly context: CpuContext | null;
  readonly modules: ModuleIndex;
  readonly memory: MemoryReader;
  readonly stack: readonly MinidumpFrame[];
  readonly exceptionName: ExceptionNameLookup;
}

/** Masks a value to the process's pointer width: 32-bit dumps may carry sign-extended values. */
export function toPointer(value: bigint, arch: MinidumpArch): bigint {
  return arch === 'x86' || arch === 'arm' ? value & 0xffffffffn : value;
}

function accessKind(code: bigint): MemoryAccessKind | null {
  if (code === 0n) return 'read';
  if (code === 1n) return 'write';
  if (code === 8n) return 'execute';
  return null;
}

/**
 * Analyses the exception: faulting module + offset (binary search over module ranges), and for
 * access violations / in-page errors the access kind and target address.
 */
export async function analyzeException(input: CrashInputs, problems: string[]): Promise<MinidumpException> {
  const { raw, arch, context, modules } = input;
  const address = toPointer(raw.address, arch);
  const hit = modules.find(address);
  let access: MemoryAccessKind | null = null;
  let target: bigint | null = null;
  let accessSource: MinidumpException['accessSource'] = null;
  const p0 = raw.parameters[0];
  const p1 = raw.parameters[1];
  if ((raw.code === ACCESS_VIOLATION || raw.code === IN_PAGE_ERROR) && p0 !== undefined && p1 !== undefined) {
    access = accessKind(p0);
    target = toPointer(p1, arch);
    accessSource = access ? 'exception-record' : null;
    if (arch === 'amd64' && raw.code === ACCESS_VIOLATION && p0 === 0n && target === GP_FAULT_TARGET) {
      const ip = context?.ip ?? address;
      const code = await input.memory.readFrom(ip, 15);
      const kind = code ? classifyInstructionAccess(code, true) : null;
      if (kind) {
        access = kind;
        accessSource = 'instruction';
        problems.push(
          `exception: general-protection fault on a non-canonical address (reported as a read of 0xffffffffffffffff); the faulting instruction is a ${kind}`,
        );
      }
    }
  }
  const firstInModule = hit ? null : input.stack.find((f) => f.module !== null && f.offset !== null);
  return {
    code: hex32(raw.code),
    name: input.exceptionName(raw.code),
    address: hex(address),
    threadId: raw.threadId,
    module: hit ? hit.module.model.name : null,
    offset: hit ? hex(hit.offset) : null,
    access,
    target: target === null ? null : hex(target),
    accessSource,
    flags: raw.flags,
    parameters: raw.parameters.map((p) => hex(p)),
    crashAddress: hex(target ?? address),
    instructionPointer: context ? hex(context.ip) : null,
    firstFrameInModule: firstInModule ? { module: firstInModule.module!, offset: firstInModule.offset! } : null,
  };
}

/** Parses a WER-style offset ("000000000012db22", "0x12db22", or a number); null when unusable. */
function parseOffset(value: string | number | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isSafeInteger(value) && value >= 0 ? BigInt(value) : null;
  const text = value.trim().replace(/^0x/i, '');
  return /^[0-9a-f]{1,16}$/i.test(text) ? BigInt('0x' + text) : null;
}

function fileName(name: string): string {
  const i = Math.max(name.lastIndexOf('\\'), name.lastIndexOf('/'));
  return (i < 0 ? name : name.slice(i + 1)).trim().toLowerCase();
}

/**
 * Compares the dump's crash location with the report's signature (Fault Module Name + Exception
 * Offset). WER may blame another module after its own analysis (stowed exceptions), so a
 * difference is shown, not treated as an error.
 */
export function checkSignatureAgreement(
  exception: MinidumpException | null,
  report: { readonly module: string | null; readonly offset: string | number | null },
): SignatureAgreement {
  if (!exception) return { kind: 'unknown', reason: 'the dump has no exception stream' };
  if (!report.module) return { kind: 'unknown', reason: 'the report signature names no module' };
  const reportOffset = parseOffset(report.offset);
  const dumpOffset = parseOffset(exception.offset);
  const sameModule = exception.module !== null && fileName(exception.module) === fileName(report.module);
  if (sameModule && reportOffset !== null && reportOffset === dumpOffset) {
    return { kind: 'agree', module: exception.module!, offset: exception.offset! };
  }
  const dumpText = exception.module ? `${exception.module} +${exception.offset}` : `${exception.address} (in no module)`;
  const reportText = `${report.module}${reportOffset !== null ? ` +${hex(reportOffset)}` : ''}`;
  return {
    kind: 'differ',
    dump: { module: exception.module, offset: exception.offset },
    report: { module: report.module, offset: reportOffset === null ? null : hex(reportOffset) },
    message: `the dump's exception is at ${dumpText}; the report's signature blames ${reportText}`,
  };
}
