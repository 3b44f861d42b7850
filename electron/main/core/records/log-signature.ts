/**
 * The signature and bucket a crash known from the event log carries, in the form a Report.wer of
 * the same crash has them: Sig[n] from 1001's P1–P10, or made from the 1000/1002/1026/BugCheck
 * data the way WER writes Sig[n]; the bucket from 1001's Bucket, HashedBucket and BucketType.
 */
import type { Bucket, SigEntry } from '../../../../shared/report-model';
import { sigLayout, type SemanticFields } from '../../../../shared/sig-fields';
import type { BugCheckEvent, WerReportEvent } from '../eventlog/crash-event-model';
import { sigName, sigNames } from './sig-names';

/** A 1001's P1–P10 as Sig[0]–Sig[9], named as Report.wer names them for the event type. */
export function namedSignature(eventType: string | null, values: readonly { readonly index: number; readonly value: string }[]): SigEntry[] {
  const names = sigNames(eventType);
  return values.map(({ index, value }) => ({ index, name: sigName(names, index), value }));
}

/**
 * The signature a report of this event type would carry, made from known field values (the
 * 1000's application, module, code… placed at their Sig index by the shared layout tables).
 */
export function signatureFromFields(eventType: string, fields: SemanticFields): SigEntry[] {
  const layout = sigLayout(eventType) ?? [];
  const names = sigNames(eventType);
  const out: SigEntry[] = [];
  layout.forEach((field, index) => {
    const value = field === null ? undefined : fields[field];
    if (value !== undefined) out.push({ index, name: sigName(names, index), value });
  });
  return out;
}

/** Hex as BlueScreen signatures write it (`9f`, `ffffc60d5ed8fa20`: no 0x, no leading zeros); other text as written. */
function kernelHex(value: string): string {
  const m = /^(?:0x)?([0-9a-f]{1,16})$/i.exec(value.trim());
  return m ? BigInt('0x' + m[1]!).toString(16) : value.trim();
}

/** The BlueScreen signature of a BugCheck event: Code and Parameter 1–4, as a kernel dump's record has them. */
export function bugCheckSignature(event: BugCheckEvent): SigEntry[] {
  const values = [event.bugCheckCode, ...event.parameters.slice(0, 4)];
  const names = sigNames('BlueScreen');
  const out: SigEntry[] = [];
  values.forEach((value, index) => {
    if (value !== null && value.trim() !== '') out.push({ index, name: sigName(names, index), value: kernelHex(value) });
  });
  return out;
}

const HEX32 = /^[0-9a-f]{32}$/i;
const DECIMAL = /^\d+$/;

/**
 * The bucket of a bucketed 1001. Modern Windows writes the decimal legacy id in Bucket and the
 * 32-hex id in HashedBucket (Report.wer's Response.LegacyBucketId and Response.BucketId); older
 * builds write the 32-hex id in Bucket. BucketType is the table. Null when Bucket is empty.
 */
export function bucketOf(event: WerReportEvent): Bucket | null {
  const bucket = event.bucket?.trim() ?? '';
  if (bucket === '') return null;
  const hashed = event.hashedBucket?.trim() ?? '';
  const legacyId = DECIMAL.test(bucket) ? bucket : null;
  const id = HEX32.test(hashed) ? hashed : HEX32.test(bucket) ? bucket : legacyId === null ? bucket : null;
  const type = event.bucketType?.trim() ?? '';
  return { id, table: DECIMAL.test(type) && type.length < 10 ? Number(type) : null, legacyId };
}
