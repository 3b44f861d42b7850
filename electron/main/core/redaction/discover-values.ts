/**
 * Finds the sensitive values a set of reports names outright, before any redaction runs: profile
 * user names in paths, the machine GUID of the metadata (`<MID>`, `nm="mid"`), account, machine and
 * domain names of the older CER XML, UNC server names. Pure: texts in, values out. Knowing them
 * first lets the engine replace them everywhere, not only where their shape gives them away.
 */
import type { KnownValue, RedactionCategory } from '../../../../shared/export-model';
import { isPersonalProfile, normalizeValue, PROFILE_SEGMENT } from './redaction-patterns';

const GUID = '[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}';

/** Value extractors: the first capture group is the value. */
const EXTRACTORS: readonly { readonly category: RedactionCategory; readonly regex: RegExp }[] = [
  // WERInternalMetadata.xml <SystemInformation><MID>, and the upload request's <arg nm="mid">.
  { category: 'machine-guid', regex: new RegExp(`<MID>\\s*\\{?(${GUID})\\}?\\s*</MID>`, 'gi') },
  { category: 'machine-guid', regex: new RegExp(`nm="mid"\\s+val="\\{?(${GUID})\\}?"`, 'gi') },
  // MS-CER2 level-1 XML: <MACHINEINFO machinename=…/>, <USERINFO username=…/>.
  { category: 'machine', regex: /\bmachinename\s*=\s*"([^"\r\n]{1,63})"/gi },
  { category: 'machine', regex: /<(?:ComputerName|MachineName)>\s*([^<\r\n]{1,63}?)\s*</gi },
  { category: 'user', regex: /\busername\s*=\s*"([^"\r\n]{1,104})"/gi },
  { category: 'user', regex: /<UserName>\s*([^<\r\n]{1,104}?)\s*</gi },
  { category: 'domain', regex: /\b(?:userdomain|domainname)\s*=\s*"([^"\r\n]{1,63})"/gi },
  { category: 'domain', regex: /<(?:UserDomain|DomainName)>\s*([^<\r\n]{1,63}?)\s*</gi },
  // \\SERVER\share (not the \\?\ and \\.\ device prefixes, which start with a non-letter).
  { category: 'machine', regex: /(?<![\\\w])\\\\([A-Za-z0-9][A-Za-z0-9-]{0,62})\\/g },
];

function add(out: Map<string, KnownValue>, category: RedactionCategory, raw: string): void {
  let value = raw.trim();
  // `DOMAIN\user` account names carry both.
  const slash = value.indexOf('\\');
  if (category === 'user' && slash > 0) {
    add(out, 'domain', value.slice(0, slash));
    value = value.slice(slash + 1);
  }
  const key = normalizeValue(value);
  if (key.length > 0 && !out.has(key)) out.set(key, { category, value });
}

/** Values named outright in `texts`, each once (first category wins), in the order found. */
export function discoverKnownValues(texts: Iterable<string>): KnownValue[] {
  const out = new Map<string, KnownValue>();
  for (const text of texts) {
    PROFILE_SEGMENT.lastIndex = 0;
    for (const m of text.matchAll(PROFILE_SEGMENT)) {
      const name = m[0].replace(/[. ]+$/, '');
      if (isPersonalProfile(name)) add(out, 'user', name);
    }
    for (const { category, regex } of EXTRACTORS) {
      regex.lastIndex = 0;
      for (const m of text.matchAll(regex)) if (m[1]) add(out, category, m[1]);
    }
  }
  return [...out.values()];
}

/** Known values merged in order: earlier lists win when the same value appears twice. */
export function mergeKnownValues(...lists: readonly (readonly KnownValue[])[]): KnownValue[] {
  const out = new Map<string, KnownValue>();
  for (const list of lists) {
    for (const k of list) {
      const key = normalizeValue(k.value);
      if (key.length > 0 && !out.has(key)) out.set(key, k);
    }
  }
  return [...out.values()];
}
