/** IMAGE_FILE_MACHINE_* values the reader names; anything else is reported as `other`. */
export const PeMachine = {
  i386: 0x14c,
  amd64: 0x8664,
  arm64: 0xaa64,
  armnt: 0x1c4,
} as const;

/** Architecture names shared with the minidump model (`dump --json` prints the same words). */
export type PeArch = 'x86' | 'amd64' | 'arm64' | 'arm' | 'other';

/** Maps a COFF Machine value to the architecture name used across the app. */
export function peArch(machine: number): PeArch {
  switch (machine) {
    case PeMachine.i386:
      return 'x86';
    case PeMachine.amd64:
      return 'amd64';
    case PeMachine.arm64:
      return 'arm64';
    case PeMachine.armnt:
      return 'arm';
    default:
      return 'other';
  }
}

/** Indices into the optional header's data directory array (IMAGE_DIRECTORY_ENTRY_*). */
export const DataDirectoryIndex = {
  export: 0,
  import: 1,
  resource: 2,
  exception: 3,
  /** The certificate table: its "RVA" is a file offset, the only directory that is. */
  security: 4,
  baseReloc: 5,
  debug: 6,
  architecture: 7,
  globalPtr: 8,
  tls: 9,
  loadConfig: 10,
  boundImport: 11,
  iat: 12,
  delayImport: 13,
  clrRuntime: 14,
  reserved: 15,
} as const;

/** Names of the 16 data directories, in index order (for display and problems). */
export const DATA_DIRECTORY_NAMES: readonly string[] = [
  'export',
  'import',
  'resource',
  'exception',
  'security',
  'base relocation',
  'debug',
  'architecture',
  'global pointer',
  'TLS',
  'load config',
  'bound import',
  'import address table',
  'delay import',
  'CLR runtime',
  'reserved',
];

/** Optional header magic numbers. */
export const PE32_MAGIC = 0x10b;
/** Optional header magic of 64-bit images. */
export const PE32_PLUS_MAGIC = 0x20b;
