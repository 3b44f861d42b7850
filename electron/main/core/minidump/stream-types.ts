/** Minidump stream type numbers used by the reader and the writer (wer-formats.md §4.3). */
export const StreamType = {
  unused: 0,
  threadList: 3,
  moduleList: 4,
  memoryList: 5,
  exception: 6,
  systemInfo: 7,
  threadExList: 8,
  memory64List: 9,
  commentA: 10,
  commentW: 11,
  handleData: 12,
  functionTable: 13,
  unloadedModuleList: 14,
  miscInfo: 15,
  memoryInfoList: 16,
  threadInfoList: 17,
  handleOperationList: 18,
  token: 19,
  javaScriptData: 20,
  systemMemoryInfo: 21,
  processVmCounters: 22,
  iptTrace: 23,
  threadNames: 24,
  breakpadInfo: 0x47670001,
  breakpadAssertion: 0x47670002,
  crashpadInfo: 0x43500001,
  mozMacosCrashInfo: 0x4d7a0001,
} as const;

const NAMES: ReadonlyMap<number, string> = new Map<number, string>([
  [0, 'Unused'],
  [3, 'ThreadList'],
  [4, 'ModuleList'],
  [5, 'MemoryList'],
  [6, 'Exception'],
  [7, 'SystemInfo'],
  [8, 'ThreadExList'],
  [9, 'Memory64List'],
  [10, 'CommentA'],
  [11, 'CommentW'],
  [12, 'HandleData'],
  [13, 'FunctionTable'],
  [14, 'UnloadedModuleList'],
  [15, 'MiscInfo'],
  [16, 'MemoryInfoList'],
  [17, 'ThreadInfoList'],
  [18, 'HandleOperationList'],
  [19, 'Token'],
  [20, 'JavaScriptData'],
  [21, 'SystemMemoryInfo'],
  [22, 'ProcessVmCounters'],
  [23, 'IptTrace'],
  [24, 'ThreadNames'],
  [0x47670001, 'BreakpadInfo'],
  [0x47670002, 'BreakpadAssertionInfo'],
  [0x47670003, 'LinuxCpuInfo'],
  [0x47670004, 'LinuxProcStatus'],
  [0x47670005, 'LinuxLsbRelease'],
  [0x47670006, 'LinuxCmdLine'],
  [0x47670007, 'LinuxEnviron'],
  [0x47670008, 'LinuxAuxv'],
  [0x47670009, 'LinuxMaps'],
  [0x4767000a, 'LinuxDsoDebug'],
  [0x43500001, 'CrashpadInfo'],
  [0x4d7a0001, 'MozMacosCrashInfo'],
]);

/** Display name of a stream type (`unknown 0x…` for vendor or garbage types). */
export function streamTypeName(type: number): string {
  return NAMES.get(type) ?? `unknown 0x${(type >>> 0).toString(16)}`;
}

/** MINIDUMP_TYPE bit names, lowest bit first (wer-formats.md §4.2). */
const DUMP_TYPE_BITS: readonly string[] = [
  'WithDataSegs',
  'WithFullMemory',
  'WithHandleData',
  'FilterMemory',
  'ScanMemory',
  'WithUnloadedModules',
  'WithIndirectlyReferencedMemory',
  'FilterModulePaths',
  'WithProcessThreadData',
  'WithPrivateReadWriteMemory',
  'WithoutOptionalData',
  'WithFullMemoryInfo',
  'WithThreadInfo',
  'WithCodeSegs',
  'WithoutAuxiliaryState',
  'WithFullAuxiliaryState',
  'WithPrivateWriteCopyMemory',
  'IgnoreInaccessibleMemory',
  'WithTokenInformation',
  'WithModuleHeaders',
  'FilterTriage',
  'WithAvxXStateContext',
  'WithIptTrace',
  'ScanInaccessiblePartialPages',
  'FilterWriteCombinedMemory',
];

/** Names of the MINIDUMP_TYPE bits set in `flags` (unknown bits as `0x…`); `Normal` for 0. */
export function dumpTypeNames(flags: bigint): string[] {
  if (flags === 0n) return ['Normal'];
  const names: string[] = [];
  for (let bit = 0; bit < 64; bit++) {
    const mask = 1n << BigInt(bit);
    if ((flags & mask) === 0n) continue;
    names.push(DUMP_TYPE_BITS[bit] ?? `0x${mask.toString(16)}`);
  }
  return names;
}
