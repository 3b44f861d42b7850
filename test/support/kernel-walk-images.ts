import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { llvmTool } from './llvm-tools';
import { oracleExportRvas, oracleHeaders, oracleSections } from './pe-oracle';

/**
 * x64 and arm64 kernel images for the kernel stack walk. The x64 set: `ntoskrnl.exe`, `kdrv_a.sys`
 * and `kdrv_b.sys`, hand-written so the call chain is known: nt_dispatch calls (through a pointer)
 * b_top in kdrv_b.sys, which calls a driver without an image, which calls a_mid in kdrv_a.sys,
 * which calls nt_bugcheck where the crash is. Every prolog instruction has its .seh_* directive,
 * so clang writes the unwind codes the instructions imply; labels (exports) mark return addresses.
 * Built with clang-14 + lld-14; timestamps are set with /timestamp so each image has its own code
 * id. Facts about the built files (timestamps, sizes, label RVAs, .pdata) come from llvm-readobj,
 * never from our PE reader.
 */
const SOURCES = {
  'ntoskrnl.exe': {
    timestamp: 0x6123abcd,
    labels: ['nt_bugcheck', 'nt_bugcheck_body', 'nt_dispatch', 'nt_dispatch_ret'],
    asm: String.raw`
    .text
    .globl nt_bugcheck
    .seh_proc nt_bugcheck
nt_bugcheck:
    pushq %rbx
    .seh_pushreg %rbx
    subq $0x30, %rsp
    .seh_stackalloc 0x30
    .seh_endprologue
    .globl nt_bugcheck_body
nt_bugcheck_body:
    nop
    addq $0x30, %rsp
    popq %rbx
    retq
    .seh_endproc

    .globl nt_dispatch
    .seh_proc nt_dispatch
nt_dispatch:
    subq $0x28, %rsp
    .seh_stackalloc 0x28
    .seh_endprologue
    callq *%rax
    .globl nt_dispatch_ret
nt_dispatch_ret:
    nop
    addq $0x28, %rsp
    retq
    .seh_endproc
`,
  },
  'kdrv_a.sys': {
    timestamp: 0x6200a001,
    labels: ['a_mid', 'a_mid_ret', 'a_other', 'a_other_body'],
    asm: String.raw`
    .text
    .globl a_mid
    .seh_proc a_mid
a_mid:
    pushq %rsi
    .seh_pushreg %rsi
    subq $0x20, %rsp
    .seh_stackalloc 0x20
    .seh_endprologue
    callq *%rax
    .globl a_mid_ret
a_mid_ret:
    addq $0x20, %rsp
    popq %rsi
    retq
    .seh_endproc

    .globl a_other
    .seh_proc a_other
a_other:
    subq $0x28, %rsp
    .seh_stackalloc 0x28
    .seh_endprologue
    nop
    nop
    nop
    nop
    nop
    nop
    nop
    nop
    .globl a_other_body
a_other_body:
    nop
    addq $0x28, %rsp
    retq
    .seh_endproc
`,
  },
  'kdrv_b.sys': {
    timestamp: 0x6300b002,
    labels: ['b_top', 'b_top_ret'],
    asm: String.raw`
    .text
    .globl b_top
    .seh_proc b_top
b_top:
    pushq %rbp
    .seh_pushreg %rbp
    subq $0x20, %rsp
    .seh_stackalloc 0x20
    .seh_endprologue
    callq *(%rbx)
    .globl b_top_ret
b_top_ret:
    addq $0x20, %rsp
    popq %rbp
    retq
    .seh_endproc
`,
  },
} as const;

/**
 * The arm64 set: nt_dispatch calls a driver without an image, which calls a_mid in kdrv_a.sys,
 * which calls nt_bugcheck where the crash is. Every function keeps a frame record {x29, x30}
 * at its sp and points x29 at it (the shape Windows ARM64 code has), so a frame of a driver
 * without an image can be left by the frame-pointer chain.
 */
const ARM64_SOURCES = {
  'ntoskrnl.exe': {
    timestamp: 0x6400c003,
    labels: ['nt_bugcheck', 'nt_bugcheck_body', 'nt_dispatch', 'nt_dispatch_ret'],
    asm: String.raw`
    .text
    .globl nt_bugcheck
    .p2align 2
nt_bugcheck:
    .seh_proc nt_bugcheck
    stp x29, x30, [sp, #-16]!
    .seh_save_fplr_x 16
    mov x29, sp
    .seh_set_fp
    sub sp, sp, #32
    .seh_stackalloc 32
    .seh_endprologue
    .globl nt_bugcheck_body
nt_bugcheck_body:
    nop
    .seh_startepilogue
    add sp, sp, #32
    .seh_stackalloc 32
    ldp x29, x30, [sp], #16
    .seh_save_fplr_x 16
    .seh_endepilogue
    ret
    .seh_endproc

    .globl nt_dispatch
    .p2align 2
nt_dispatch:
    .seh_proc nt_dispatch
    stp x29, x30, [sp, #-16]!
    .seh_save_fplr_x 16
    mov x29, sp
    .seh_set_fp
    .seh_endprologue
    blr x8
    .globl nt_dispatch_ret
nt_dispatch_ret:
    .seh_startepilogue
    mov sp, x29
    .seh_set_fp
    ldp x29, x30, [sp], #16
    .seh_save_fplr_x 16
    .seh_endepilogue
    ret
    .seh_endproc
`,
  },
  'kdrv_a.sys': {
    timestamp: 0x6500d004,
    labels: ['a_mid', 'a_mid_ret'],
    asm: String.raw`
    .text
    .globl a_mid
    .p2align 2
a_mid:
    .seh_proc a_mid
    stp x29, x30, [sp, #-32]!
    .seh_save_fplr_x 32
    mov x29, sp
    .seh_set_fp
    .seh_endprologue
    blr x8
    .globl a_mid_ret
a_mid_ret:
    .seh_startepilogue
    mov sp, x29
    .seh_set_fp
    ldp x29, x30, [sp], #32
    .seh_save_fplr_x 32
    .seh_endepilogue
    ret
    .seh_endproc
`,
  },
} as const;

/** One of the built images. */
export type KernelImageName = keyof typeof SOURCES;

/** A built image and what llvm-readobj says about it. */
export interface KernelWalkImage {
  readonly name: string;
  readonly path: string;
  readonly timestamp: number;
  readonly sizeOfImage: number;
  /** Exported label → RVA. */
  readonly labels: Readonly<Record<string, number>>;
  /** File offset and size of the .pdata section's raw bytes. */
  readonly pdata: { readonly offset: number; readonly size: number };
}

/** The three images by file name. */
export type KernelWalkImages = Readonly<Record<KernelImageName, KernelWalkImage>>;
/** The arm64 images by file name. */
export type Arm64KernelWalkImages = Readonly<Record<keyof typeof ARM64_SOURCES, KernelWalkImage>>;

/** A set of sources, and the target and machine they are built for. */
interface ImageSet {
  readonly sources: Readonly<Record<string, { readonly timestamp: number; readonly labels: readonly string[]; readonly asm: string }>>;
  readonly target: string;
  readonly machine: string;
}

function buildInto(dir: string, set: ImageSet): void {
  const run = (tool: string, args: string[]): void => void execFileSync(llvmTool(tool), args, { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  for (const [name, src] of Object.entries(set.sources)) {
    const stem = name.replace(/\..*$/, '');
    writeFileSync(join(dir, `${stem}.s`), src.asm);
    run('clang', [`--target=${set.target}`, '-c', '-o', `${stem}.o`, `${stem}.s`]);
    run('lld-link', ['/dll', '/noentry', '/nodefaultlib', `/machine:${set.machine}`, `/timestamp:${src.timestamp}`, ...src.labels.map((l) => `/export:${l}`), `${stem}.o`, `/out:${name}`]);
  }
}

/** Assembles and links a set once per source version (cached in the temp folder); facts from llvm-readobj. */
function buildSet(set: ImageSet): Record<string, KernelWalkImage> {
  const root = join(tmpdir(), 'wer-kernel-walk');
  const dir = join(root, createHash('sha256').update(JSON.stringify(set)).digest('hex').slice(0, 16));
  if (!existsSync(join(dir, 'done'))) {
    mkdirSync(root, { recursive: true });
    const staging = mkdtempSync(join(root, 'build-'));
    try {
      buildInto(staging, set);
      writeFileSync(join(staging, 'done'), new Date().toISOString());
      try {
        renameSync(staging, dir);
      } catch {
        if (!existsSync(join(dir, 'done'))) throw new Error(`cannot place the kernel walk images in ${dir}`);
      }
    } finally {
      if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
    }
  }
  const out: Record<string, KernelWalkImage> = {};
  for (const name of Object.keys(set.sources)) {
    const path = join(dir, name);
    const headers = oracleHeaders(path);
    const labels: Record<string, number> = {};
    for (const e of oracleExportRvas(path).values()) labels[e.name] = e.rva;
    const pdata = oracleSections(path).find((s) => s.name === '.pdata');
    if (!pdata) throw new Error(`${name} has no .pdata section`);
    out[name] = {
      name,
      path,
      timestamp: headers.timeDateStamp,
      sizeOfImage: Number(headers.optional.sizeOfImage),
      labels,
      pdata: { offset: pdata.pointerToRawData, size: pdata.virtualSize },
    };
  }
  return out;
}

/** The x64 images (ntoskrnl.exe, kdrv_a.sys, kdrv_b.sys). */
export function buildKernelWalkImages(): KernelWalkImages {
  return buildSet({ sources: SOURCES, target: 'x86_64-w64-mingw32', machine: 'x64' }) as KernelWalkImages;
}

/** The arm64 images (ntoskrnl.exe, kdrv_a.sys). */
export function buildArm64KernelWalkImages(): Arm64KernelWalkImages {
  return buildSet({ sources: ARM64_SOURCES, target: 'aarch64-w64-mingw32', machine: 'arm64' }) as Arm64KernelWalkImages;
}

/** Symbol-server code id of an image as a store files it: `%08X` timestamp + `%x` size. */
export function storeCodeId(timestamp: number, size: number): string {
  return (timestamp >>> 0).toString(16).toUpperCase().padStart(8, '0') + size.toString(16);
}
