/**
 * A kernel dump summary for renderer tests: exactly what the core reads from the ACME_CRASH small
 * dump of test/support/kernel-triage-cases.ts (0xD1 with the crash address in acme.sys), as
 * `parseKernelDump(buildTriageDump(ACME_CRASH))` returns it; kept as data because the renderer
 * tests cannot run Node-side builders.
 */
import type { KernelDumpSummary } from '../../../shared/kernel-dump-model';
import type { ReportDetail } from '../../../shared/report-detail';
import { breakpadDetail } from './detail-factory';

/** The ACME_CRASH summary. */
export function acmeKernelDump(): KernelDumpSummary {
  return {
    "kind": "kernel",
    "arch": "amd64",
    "machineType": "0x8664",
    "is64Bit": true,
    "osBuild": 22631,
    "kernelFlavor": "free",
    "bugCheck": {
      "code": "0x000000d1",
      "baseCode": "0x000000d1",
      "name": "DRIVER_IRQL_NOT_LESS_OR_EQUAL",
      "summary": "A driver touched memory it was not allowed to while running at high priority, almost always a faulty driver.",
      "liveDump": false,
      "parameters": [
        "0x10",
        "0x2",
        "0x0",
        "0xfffff80470012345"
      ]
    },
    "processors": 4,
    "dumpType": {
      "value": 4,
      "name": "small memory (triage)"
    },
    "systemTime": "2024-05-06T07:08:09.000Z",
    "systemUpTimeSeconds": 3600,
    "directoryTableBase": "0x1ad000",
    "pfnDataBase": "0xfffffa8000000000",
    "psLoadedModuleList": "0xfffff8025e22a2d0",
    "psActiveProcessHead": "0xfffff8025e21f6a0",
    "fileSize": 9396,
    "crashAddress": "0xfffff80470012345",
    "stackPointer": "0xffffd2811f2a7000",
    "exception": {
      "code": "0x80000003",
      "address": "0xfffff80470012345"
    },
    "causedBy": {
      "driver": "acme.sys",
      "address": "0xfffff80470012345",
      "offset": "0x12345",
      "reason": "crash-address",
      "detail": "the crash address lies in this driver",
      "unloaded": false
    },
    "drivers": [
      {
        "name": "ntoskrnl.exe",
        "path": "\\SystemRoot\\system32\\ntoskrnl.exe",
        "base": "0xfffff80412000000",
        "size": 17063936,
        "timestamp": 1595681339
      },
      {
        "name": "hal.dll",
        "path": "\\SystemRoot\\system32\\hal.dll",
        "base": "0xfffff80411a00000",
        "size": 24576,
        "timestamp": 305441741
      },
      {
        "name": "acme.sys",
        "path": "\\SystemRoot\\System32\\drivers\\acme.sys",
        "base": "0xfffff80470000000",
        "size": 131072,
        "timestamp": 1705030082
      },
      {
        "name": "netfoo.sys",
        "path": "\\SystemRoot\\System32\\drivers\\netfoo.sys",
        "base": "0xfffff80471000000",
        "size": 294912,
        "timestamp": 1610612737
      }
    ],
    "unloadedDrivers": [
      {
        "name": "MSKSSRV.sys",
        "base": "0xfffff80480000000",
        "size": 69632
      }
    ],
    "stack": [
      {
        "address": "0xfffff80470012345",
        "module": "acme.sys",
        "offset": "0x12345",
        "trust": "context"
      },
      {
        "address": "0xfffff8041203f1a0",
        "module": "ntoskrnl.exe",
        "offset": "0x3f1a0",
        "trust": "scan"
      },
      {
        "address": "0xfffff80470001100",
        "module": "acme.sys",
        "offset": "0x1100",
        "trust": "scan"
      },
      {
        "address": "0xfffff80471002222",
        "module": "netfoo.sys",
        "offset": "0x2222",
        "trust": "scan"
      },
      {
        "address": "0xfffff80412401000",
        "module": "ntoskrnl.exe",
        "offset": "0x401000",
        "trust": "scan"
      }
    ],
    "triage": {
      "servicePackBuild": 0,
      "sizeOfDump": 9396,
      "validOffset": 9392,
      "complete": true,
      "topOfStack": "0xffffd2811f2a7000",
      "stackBytes": 40,
      "prcbOffset": 0,
      "processOffset": 0,
      "threadOffset": 0,
      "dataBlocks": 1,
      "dataBlockBytes": 64
    },
    "problems": []
  } as KernelDumpSummary;
}

/** A Minidump store record opened in the detail view: a BlueScreen record whose dump is ACME_CRASH. */
export function kernelRecordDetail(overrides: Partial<ReportDetail> = {}): ReportDetail {
  return breakpadDetail({
    id: '5f0c2a3b4d5e6f708192a3b4c5d6e7f8',
    folder: 'C:\\Windows\\Minidump\\050624-12345-01.dmp',
    store: 'Minidump',
    eventType: 'BlueScreen',
    appName: null,
    appPath: null,
    signature: [
      { index: 0, name: 'Code', value: 'd1' },
      { index: 1, name: 'Parameter 1', value: '10' },
      { index: 2, name: 'Parameter 2', value: '2' },
      { index: 3, name: 'Parameter 3', value: '0' },
      { index: 4, name: 'Parameter 4', value: 'fffff80470012345' },
    ],
    fields: { bugCheckCode: '000000d1', bugCheckParameter1: '10', bugCheckParameter2: '2', bugCheckParameter3: '0', bugCheckParameter4: 'fffff80470012345', causedByDriver: 'acme.sys' },
    reportWer: null,
    rawText: null,
    encoding: null,
    bucket: null,
    process: null,
    os: { version: null, build: 22631, architecture: 'X64', edition: null },
    metadata: [],
    attachments: [{ file: '050624-12345-01.dmp', size: 9396, kind: 'minidump', cabName: null }],
    minidump: { file: '050624-12345-01.dmp', content: { ok: true, value: acmeKernelDump() } },
    ...overrides,
  });
}
