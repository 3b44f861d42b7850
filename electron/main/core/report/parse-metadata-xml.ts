/**
 * WERInternalMetadata.xml (and the `<req ver="2">` upload request found beside it) → ReportMetadata.
 * Pure and total over already-decoded text. Format notes: ../shared/docs/wer-formats.md §3.
 */
import type {
  IndexedValue,
  InternalMetadata,
  MetadataOs,
  MetadataProcess,
  MetadataSystem,
  ReportMetadata,
  UnknownXml,
} from '../../../../shared/metadata-model';
import { parseUploadRequest } from './parse-upload-request';
import { attrOf, child, childText, children, elementNames, parseXmlTree, path, textOf, toInt } from './xml-tree';

/** How many `<ParentProcess>` levels are followed; Windows writes one. */
export const MAX_PARENT_DEPTH = 16;

/** Parses report XML text: internal metadata, an upload request, or `unknown` with a problem. Never throws. */
export function parseMetadataXml(text: string): ReportMetadata {
  try {
    return parseUnsafe(text);
  } catch (e) {
    const reason = e instanceof Error ? e.message : String(e);
    return unknown(null, [`The XML could not be read because of an internal error (${reason}).`]);
  }
}

function parseUnsafe(text: string): ReportMetadata {
  if (!/[^\s\uFEFF\0]/.test(text)) return unknown(null, ['The XML file is empty.']);
  const { doc, problems } = parseXmlTree(text);
  const rootName = doc ? elementNames(doc)[0] : undefined;
  if (!doc || rootName === undefined) {
    return unknown(null, problems.length > 0 ? problems : ['The file holds no XML elements.']);
  }
  const root = doc[rootName];
  switch (rootName.toLowerCase()) {
    case 'werreportmetadata':
      return internalMetadata(root, problems);
    case 'req':
      return parseUploadRequest(root, problems);
    case 'werreport':
      return unknown(rootName, [
        ...problems,
        'This is the older Windows Vista/7 report XML (WERREPORT), which this version does not read.',
      ]);
    default:
      return unknown(rootName, [
        ...problems,
        `The XML root element is <${rootName}>, not a Windows error report metadata element.`,
      ]);
  }
}

function unknown(rootElement: string | null, problems: readonly string[]): UnknownXml {
  return { kind: 'unknown', rootElement, problems };
}

const SECTIONS = [
  'OSVersionInformation',
  'ProcessInformation',
  'ProblemSignatures',
  'DynamicSignatures',
  'SystemInformation',
  'SecureBootState',
  'ReportInformation',
] as const;

function internalMetadata(root: unknown, parseProblems: readonly string[]): InternalMetadata {
  const problems = [...parseProblems];
  // Third-party imitations (Unreal, Mono's MERP) write only some sections; missing ones are normal.
  if (!SECTIONS.some((s) => child(root, s) !== undefined)) {
    problems.push('The metadata file has none of the sections Windows writes (operating system, process, signature).');
  }
  const signatures = child(root, 'ProblemSignatures');
  const process = child(root, 'ProcessInformation');
  return {
    kind: 'internal-metadata',
    os: osOf(child(root, 'OSVersionInformation')),
    process: process === undefined ? null : processOf(process, 0, problems),
    problemSignature:
      signatures === undefined
        ? null
        : { eventType: childText(signatures, 'EventType'), parameters: numberedParameters(signatures) },
    dynamicSignature: numberedParameters(child(root, 'DynamicSignatures')),
    system: systemOf(child(root, 'SystemInformation')),
    secureBoot: textOf(path(root, 'SecureBootState', 'UEFISecureBootEnabled')),
    reportGuid: textOf(path(root, 'ReportInformation', 'Guid')),
    creationTime: textOf(path(root, 'ReportInformation', 'CreationTime')),
    problems,
  };
}

function osOf(node: unknown): MetadataOs | null {
  if (node === undefined) return null;
  return {
    ntVersion: childText(node, 'WindowsNTVersion'),
    build: toInt(childText(node, 'Build')),
    product: childText(node, 'Product'),
    edition: childText(node, 'Edition'),
    buildString: childText(node, 'BuildString'),
    revision: toInt(childText(node, 'Revision')),
    flavor: childText(node, 'Flavor'),
    architecture: childText(node, 'Architecture'),
    lcid: toInt(childText(node, 'LCID')),
  };
}

function processOf(node: unknown, depth: number, problems: string[]): MetadataProcess {
  const wow64 = child(node, 'Wow64');
  const pkg = child(node, 'Package');
  const parentNode = path(node, 'ParentProcess', 'ProcessInformation');
  let parent: MetadataProcess | null = null;
  if (parentNode !== undefined) {
    if (depth + 1 < MAX_PARENT_DEPTH) parent = processOf(parentNode, depth + 1, problems);
    else problems.push(`The parent-process chain is deeper than ${MAX_PARENT_DEPTH} levels; the rest was left out.`);
  }
  return {
    pid: toInt(childText(node, 'Pid')),
    imageName: childText(node, 'ImageName'),
    cmdLineSignature: childText(node, 'CmdLineSignature'),
    uptimeMs: toInt(childText(node, 'Uptime')),
    wow64:
      wow64 === undefined
        ? null
        : { guest: toInt(attrOf(wow64, 'guest')), host: toInt(attrOf(wow64, 'host')), value: textOf(wow64) },
    package:
      pkg === undefined
        ? null
        : {
            fullName: childText(pkg, 'FullName'),
            familyName: childText(pkg, 'FamilyName'),
            relativeApplicationId: childText(pkg, 'PackageRelativeApplicationId'),
          },
    vm: vmCounters(child(node, 'ProcessVmInformation')),
    parent,
  };
}

function vmCounters(node: unknown): Readonly<Record<string, number>> {
  const counters: [string, number][] = [];
  for (const name of elementNames(node)) {
    const n = toInt(childText(node, name));
    if (n !== null) counters.push([name, n]);
  }
  // fromEntries defines own properties, so a counter named __proto__ cannot touch the prototype.
  return Object.fromEntries(counters);
}

const PARAMETER = /^Parameter(\d{1,3})$/i;

/** `<Parameter0>`..`<ParameterN>` children as index-sorted values (first one wins on repeats). */
function numberedParameters(node: unknown): readonly IndexedValue[] {
  const byIndex = new Map<number, string>();
  for (const name of elementNames(node)) {
    const m = PARAMETER.exec(name);
    const value = textOf(children(node, name)[0]) ?? '';
    if (m?.[1] && !byIndex.has(Number(m[1]))) byIndex.set(Number(m[1]), value);
  }
  return [...byIndex].sort((a, b) => a[0] - b[0]).map(([index, value]) => ({ index, value }));
}

function systemOf(node: unknown): MetadataSystem | null {
  if (node === undefined) return null;
  const installSeconds = toInt(childText(node, 'OSInstallDate'));
  const installMs = installSeconds === null ? NaN : installSeconds * 1000;
  return {
    machineId: childText(node, 'MID'),
    manufacturer: childText(node, 'SystemManufacturer'),
    productName: childText(node, 'SystemProductName'),
    biosVersion: childText(node, 'BIOSVersion'),
    osInstallDate: Math.abs(installMs) <= 8.64e15 ? new Date(installMs).toISOString() : null,
    osInstallTime: childText(node, 'OSInstallTime'),
    timeZoneBias: childText(node, 'TimeZoneBias'),
  };
}
