/**
 * Models of the text attachments of a report folder: WERInternalMetadata.xml, the `<req ver="2">`
 * upload request, memory.csv and sysinfo.txt. Plain, structured-clone-safe data like the report
 * model. Format notes: ../shared/docs/wer-formats.md §1.2 and §3.
 */

/** One numbered value: `<Parameter3>` of the metadata, or `p4` of the upload request (index 3). */
export interface IndexedValue {
  /** The Sig[n] index this value lines up with. */
  readonly index: number;
  readonly value: string;
}

/** `<OSVersionInformation>`. */
export interface MetadataOs {
  /** `10.0`. */
  readonly ntVersion: string | null;
  readonly build: number | null;
  /** `(0x65): Windows 10 Home`. */
  readonly product: string | null;
  /** `Core`, `Professional`, ... */
  readonly edition: string | null;
  /** `19041.3930.amd64fre.vb_release.191206-1406`. */
  readonly buildString: string | null;
  /** Update build revision (UBR). */
  readonly revision: number | null;
  readonly flavor: string | null;
  /** `X64`, `X86`, `ARM64`. */
  readonly architecture: string | null;
  readonly lcid: number | null;
}

/** `<Wow64 guest="…" host="…">value</Wow64>`: IMAGE_FILE_MACHINE numbers. */
export interface MetadataWow64 {
  /** Machine of the emulated process; 0 when it is not a WOW64 process. */
  readonly guest: number | null;
  readonly host: number | null;
  /** The element text (`0` or `1`). */
  readonly value: string | null;
}

/** `<Package>` of a packaged (Store/MSIX) process. */
export interface MetadataPackage {
  readonly fullName: string | null;
  readonly familyName: string | null;
  readonly relativeApplicationId: string | null;
}

/** `<ProcessInformation>`; `parent` follows `<ParentProcess>` (depth-capped). */
export interface MetadataProcess {
  readonly pid: number | null;
  readonly imageName: string | null;
  readonly cmdLineSignature: string | null;
  readonly uptimeMs: number | null;
  readonly wow64: MetadataWow64 | null;
  readonly package: MetadataPackage | null;
  /** `<ProcessVmInformation>` counters (bytes or counts) by element name. */
  readonly vm: Readonly<Record<string, number>>;
  readonly parent: MetadataProcess | null;
}

/** `<ProblemSignatures>`: the language-independent twin of Sig[n]. */
export interface MetadataProblemSignature {
  readonly eventType: string | null;
  readonly parameters: readonly IndexedValue[];
}

/** `<SystemInformation>`. */
export interface MetadataSystem {
  /** `MID`: the machine GUID. */
  readonly machineId: string | null;
  readonly manufacturer: string | null;
  readonly productName: string | null;
  readonly biosVersion: string | null;
  /** `OSInstallDate` (Unix seconds) as ISO-8601 UTC. */
  readonly osInstallDate: string | null;
  /** `OSInstallTime` as written (ISO; can be a bogus 1601 date). */
  readonly osInstallTime: string | null;
  /** `TimeZoneBias` as written (`08:00`). */
  readonly timeZoneBias: string | null;
}

/** A parsed WERInternalMetadata.xml (or an imitation with the same root element). */
export interface InternalMetadata {
  readonly kind: 'internal-metadata';
  readonly os: MetadataOs | null;
  readonly process: MetadataProcess | null;
  readonly problemSignature: MetadataProblemSignature | null;
  readonly dynamicSignature: readonly IndexedValue[];
  readonly system: MetadataSystem | null;
  /** `<SecureBootState><UEFISecureBootEnabled>` (`NotCapable`, ...). */
  readonly secureBoot: string | null;
  /** `<ReportInformation><Guid>`: may differ from Report.wer's ReportIdentifier. */
  readonly reportGuid: string | null;
  /** `<ReportInformation><CreationTime>` as written (ISO-8601 UTC). */
  readonly creationTime: string | null;
  readonly problems: readonly string[];
}

/** The `<namespace svc="watson" …>` of an upload request. */
export interface UploadNamespace {
  readonly service: string | null;
  readonly partner: string | null;
  readonly group: string | null;
  readonly app: string | null;
  /** `p1`..`pN`, with `p1` at index 0 so they line up with Sig[n]. */
  readonly parameters: readonly IndexedValue[];
}

/** A parsed `<req ver="2">` upload request (`WERxxxx.tmp.xml`). */
export interface UploadRequest {
  readonly kind: 'upload-request';
  /** The `ver` attribute of the root. */
  readonly version: string | null;
  /** `<mach><os>` args (`vermaj`, `verbld`, `arch`, `osver`, ...), name → value. */
  readonly os: Readonly<Record<string, string>>;
  /** `<mach><hw>` args (`sysmfg`, `syspro`, `bv`, `ram`, ...). */
  readonly hardware: Readonly<Record<string, string>>;
  /** `<mach><ctrl>` args (`tm`, `mid`, ...). */
  readonly machineControl: Readonly<Record<string, string>>;
  readonly namespace: UploadNamespace | null;
  /** `<req><ctrl>` args (`reportid`, `wowhost`, ...). */
  readonly requestControl: Readonly<Record<string, string>>;
  /** `eventtype` of `<cmd nm="event">`. */
  readonly eventType: string | null;
  /** Every arg of `<cmd nm="event">` (`p1`.., `appsessionguid`, `targetappid`, ...). */
  readonly eventArgs: Readonly<Record<string, string>>;
  readonly problems: readonly string[];
}

/** An XML file that is neither of the two known documents (or not readable XML at all). */
export interface UnknownXml {
  readonly kind: 'unknown';
  /** Name of the root element, when the XML could be parsed. */
  readonly rootElement: string | null;
  readonly problems: readonly string[];
}

/** What an XML attachment of a report turned out to be. */
export type ReportMetadata = InternalMetadata | UploadRequest | UnknownXml;

/** memory.csv: the process list at the time of the failure, as text cells. */
export interface MemoryCsv {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly string[])[];
  readonly problems: readonly string[];
}

/** One `Key   Value` line of sysinfo.txt (`B.PageSize 4096`). */
export interface SysinfoEntry {
  readonly key: string;
  readonly value: string;
}
