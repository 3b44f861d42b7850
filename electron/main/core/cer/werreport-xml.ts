/**
 * The level-1 document of MS-CER2: `<WERREPORT>` (cer-protocol.md §5). Built by the forwarder
 * as UTF-16LE with a BOM and a matching `encoding="UTF-16"` declaration; parsed by the collector
 * leniently (any element order, UTF-16LE/BE with or without BOM, UTF-8), never expanding
 * entities and refusing DTDs outright.
 */
import { err, ok, type Result } from '../../../../shared/result';
import { decodeText } from '../text/decode-text';
import { attrOf, child, children, parseXmlTree, toInt } from '../report/xml-tree';

/** One `PARAMETER` (P0..P9, the bucketing signature). */
export interface WerParameter {
  readonly id: number;
  readonly name: string | null;
  readonly value: string;
}

/** One `SECONDARYPARAMETER` or `FILE`-less name/value pair. */
export interface WerNamedValue {
  readonly name: string;
  readonly value: string;
}

/** One `FILE`: a name in the CAB and its WER_FILE_TYPE (1..5). */
export interface WerFile {
  readonly name: string;
  readonly type: number;
}

/** The content of a WERREPORT document. */
export interface WerReportDoc {
  readonly machine: { readonly name: string; readonly os: string; readonly lcid: string; readonly oem: string | null };
  readonly user: { readonly name: string };
  readonly application: { readonly name: string; readonly path: string; readonly company: string | null } | null;
  readonly event: {
    /** WER_REPORT_TYPE 0..4. */
    readonly reportType: number;
    readonly eventType: string;
    /** FILETIME (UTC) as decimal text. */
    readonly eventTime: string;
    readonly friendlyName: string | null;
    readonly description: string | null;
  };
  readonly parameters: readonly WerParameter[];
  readonly secondaryParameters: readonly WerNamedValue[];
  readonly files: readonly WerFile[];
}

/** A received WERREPORT: its content, how it was encoded, and what was odd about it. */
export interface ParsedWerReport {
  readonly doc: WerReportDoc;
  readonly encoding: string;
  readonly problems: readonly string[];
}

// "maxpathstring" and "string32" of the spec's schema.
const MAX_PATH_CHARS = 256;
const MAX_OEM_CHARS = 32;
// Far more than any real report; keeps a hostile document from making huge Report.wer files.
const MAX_PARAMETERS = 100;
const MAX_SECONDARY = 200;
const MAX_FILES = 1000;

/** Escapes text for a double-quoted attribute; drops characters XML 1.0 cannot carry. */
export function escapeXmlAttribute(value: string): string {
  return value
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
    .replace(/[&<>"\t\n\r]/g, (c) => ESCAPES[c] ?? c);
}

const ESCAPES: Readonly<Record<string, string>> = {
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#9;', '\n': '&#10;', '\r': '&#13;',
};

function clip(value: string, max: number): string {
  return value.length > max ? value.slice(0, max) : value;
}

function element(name: string, attributes: readonly (readonly [string, string | null])[]): string {
  const attrs = attributes
    .filter((a): a is readonly [string, string] => a[1] !== null)
    .map(([k, v]) => ` ${k}="${escapeXmlAttribute(v)}"`)
    .join('');
  return `<${name}${attrs}/>`;
}

/** The WERREPORT text, one element per line as in the spec's examples, CRLF line ends. */
export function formatWerReportXml(doc: WerReportDoc): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-16"?>',
    '<WERREPORT xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    element('MACHINEINFO', [
      ['machinename', clip(doc.machine.name, MAX_PATH_CHARS)],
      ['os', doc.machine.os],
      ['lcid', doc.machine.lcid],
      ['oem', doc.machine.oem === null ? null : clip(doc.machine.oem, MAX_OEM_CHARS)],
    ]),
    element('USERINFO', [['username', doc.user.name]]),
  ];
  const app = doc.application;
  if (app) {
    lines.push(element('APPLICATIONINFO', [
      ['appname', clip(app.name, MAX_PATH_CHARS)],
      ['apppath', clip(app.path, MAX_PATH_CHARS)],
      ['appcompany', app.company === null ? null : clip(app.company, MAX_PATH_CHARS)],
    ]));
  }
  const ev = doc.event;
  lines.push(element('EVENTINFO', [
    ['reporttype', String(ev.reportType)],
    ['eventtime', ev.eventTime],
    ['eventtype', ev.eventType],
    ['friendlyeventname', ev.friendlyName],
    ['eventdescription', ev.description],
  ]));
  lines.push('<SIGNATURE>');
  for (const p of doc.parameters) lines.push(element('PARAMETER', [['id', String(p.id)], ['name', p.name], ['value', p.value]]));
  for (const p of doc.secondaryParameters) lines.push(element('SECONDARYPARAMETER', [['name', p.name], ['value', p.value]]));
  lines.push('</SIGNATURE>');
  if (doc.files.length > 0) {
    lines.push('<FILES>');
    for (const f of doc.files) lines.push(element('FILE', [['filename', clip(f.name, MAX_PATH_CHARS)], ['filetype', String(f.type)]]));
    lines.push('</FILES>');
  }
  lines.push('</WERREPORT>');
  return lines.join('\r\n');
}

/** The bytes a forwarder POSTs: UTF-16LE with a BOM, matching the `encoding="UTF-16"` declaration. */
export function encodeWerReport(doc: WerReportDoc): Uint8Array {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(formatWerReportXml(doc), 'utf16le')]);
}

/**
 * Parses a received WERREPORT body. The error case is for bodies that are not a WERREPORT at
 * all (not XML, another root, no event type) or that declare a DTD (refused: entity expansion
 * is how XML bombs work, and no real client sends one).
 */
export function parseWerReportXml(body: Uint8Array): Result<ParsedWerReport> {
  const decoded = decodeText(body);
  if (/<!(DOCTYPE|ENTITY)/i.test(decoded.text)) return err('The report declares a DTD or entities, which are not accepted.');
  const { doc: tree, problems: xmlProblems } = parseXmlTree(decoded.text);
  const root = child(tree, 'WERREPORT');
  if (!tree || root === undefined) return err(xmlProblems[0] ?? 'The body is not a WERREPORT document.');
  const problems = [...xmlProblems];
  const machine = child(root, 'MACHINEINFO');
  const appNode = child(root, 'APPLICATIONINFO');
  const event = child(root, 'EVENTINFO');
  const eventType = attrOf(event, 'eventtype')?.trim() ?? '';
  if (eventType === '') return err('The WERREPORT has no EVENTINFO event type.');
  const signature = child(root, 'SIGNATURE');
  const parameters: WerParameter[] = [];
  for (const p of capped(children(signature, 'PARAMETER'), MAX_PARAMETERS, 'PARAMETER', problems)) {
    const id = toInt(attrOf(p, 'id'));
    if (id === null || id < 0 || id > 99) {
      problems.push(`A PARAMETER with id "${attrOf(p, 'id') ?? ''}" was skipped.`);
      continue;
    }
    parameters.push({ id, name: attrOf(p, 'name'), value: attrOf(p, 'value') ?? '' });
  }
  const secondaryParameters = capped(children(signature, 'SECONDARYPARAMETER'), MAX_SECONDARY, 'SECONDARYPARAMETER', problems)
    .map((p) => ({ name: attrOf(p, 'name') ?? '', value: attrOf(p, 'value') ?? '' }));
  const files = capped(children(child(root, 'FILES'), 'FILE'), MAX_FILES, 'FILE', problems)
    .map((f) => ({ name: attrOf(f, 'filename') ?? '', type: toInt(attrOf(f, 'filetype')) ?? 5 }))
    .filter((f) => f.name !== '');
  const reportType = toInt(attrOf(event, 'reporttype'));
  return ok({
    encoding: decoded.encoding,
    problems,
    doc: {
      machine: {
        name: attrOf(machine, 'machinename') ?? '',
        os: attrOf(machine, 'os') ?? '',
        lcid: attrOf(machine, 'lcid') ?? '',
        oem: attrOf(machine, 'oem'),
      },
      user: { name: attrOf(child(root, 'USERINFO'), 'username') ?? '' },
      application: appNode === undefined ? null : {
        name: attrOf(appNode, 'appname') ?? '',
        path: attrOf(appNode, 'apppath') ?? '',
        company: attrOf(appNode, 'appcompany'),
      },
      event: {
        reportType: reportType !== null && reportType >= 0 && reportType <= 5 ? reportType : 0,
        eventType,
        eventTime: /^\d{1,20}$/.test(attrOf(event, 'eventtime') ?? '') ? (attrOf(event, 'eventtime') as string) : '0',
        friendlyName: attrOf(event, 'friendlyeventname'),
        description: attrOf(event, 'eventdescription'),
      },
      parameters: parameters.sort((a, b) => a.id - b.id),
      secondaryParameters,
      files,
    },
  });
}

function capped(items: readonly unknown[], max: number, what: string, problems: string[]): readonly unknown[] {
  if (items.length <= max) return items;
  problems.push(`Only the first ${max} of ${items.length} ${what} elements were kept.`);
  return items.slice(0, max);
}
