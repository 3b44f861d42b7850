/**
 * How records of one crash become one: the primary record (a WER folder, else an event-log
 * record) keeps what it says; the others add their sources and fill what it lacks.
 */
import type { Bucket, RecordSource, WerReport } from '../../../../shared/report-model';
import type { SemanticFields } from '../../../../shared/sig-fields';

/** The identity of a source, so merging a record twice never lists a source twice. */
function sourceIdentity(source: RecordSource): string {
  switch (source.kind) {
    case 'wer':
      return `wer:${source.folder}`;
    case 'dump':
      return `dump:${source.path}`;
    case 'eventlog':
      return `eventlog:${source.log ?? ''}:${source.channel}#${source.recordId}`;
  }
}

function hasBucket(bucket: Bucket | null): bucket is Bucket {
  return bucket !== null && (bucket.id !== null || bucket.legacyId !== null);
}

/** The time of a record's latest event (its latest 1001 for a log record); '' when it has none. */
function latestEventTime(record: WerReport): string {
  let latest = '';
  for (const s of record.sources) if (s.kind === 'eventlog' && s.time !== null && s.time > latest) latest = s.time;
  return latest;
}

/** The bucket of the merged record: the primary's, else the one of the record with the latest event. */
function mergedBucket(primary: WerReport, others: readonly WerReport[]): Bucket | null {
  if (hasBucket(primary.bucket)) return primary.bucket;
  let best: WerReport | null = null;
  for (const o of others) if (hasBucket(o.bucket) && (best === null || latestEventTime(o) > latestEventTime(best))) best = o;
  return best?.bucket ?? primary.bucket;
}

/** The first non-null value: the primary's, else the others' in order. */
function first<K extends keyof WerReport>(key: K, primary: WerReport, others: readonly WerReport[]): WerReport[K] {
  if (primary[key] !== null) return primary[key];
  for (const o of others) if (o[key] !== null) return o[key];
  return primary[key];
}

/** Every source of the records, the primary's first, each once. */
function mergedSources(primary: WerReport, others: readonly WerReport[]): RecordSource[] {
  const sources = [...primary.sources];
  const keys = sources.map(sourceIdentity);
  for (const o of others) {
    for (const s of o.sources) {
      const key = sourceIdentity(s);
      if (keys.includes(key)) continue;
      keys.push(key);
      sources.push(s);
    }
  }
  return sources;
}

/** The primary's fields plus those only the others have. */
function mergedFields(primary: WerReport, others: readonly WerReport[]): SemanticFields {
  const fields: Partial<Record<keyof SemanticFields, string>> = { ...primary.fields };
  for (const o of others) {
    for (const k in o.fields) {
      const key = k as keyof SemanticFields;
      if (fields[key] === undefined) fields[key] = o.fields[key];
    }
  }
  return fields;
}

/** The primary's signature, else one of a record of the same event type (a signature means nothing without its type). */
function mergedSignature(primary: WerReport, others: readonly WerReport[], eventType: string | null): WerReport['signature'] {
  if (primary.signature.length > 0 || eventType === null) return primary.signature;
  const type = eventType.toUpperCase();
  for (const o of others) if (o.signature.length > 0 && o.eventType?.toUpperCase() === type) return o.signature;
  return primary.signature;
}

/** The problems of all records, each once. */
function mergedProblems(primary: WerReport, others: readonly WerReport[]): readonly string[] {
  if (others.every((o) => o.problems.length === 0)) return primary.problems;
  const problems = [...primary.problems];
  for (const o of others) for (const p of o.problems) if (!problems.includes(p)) problems.push(p);
  return problems;
}

/**
 * The primary record with what the others add: every source (the primary's first), missing
 * fields and process filled, never overwriting what the primary says.
 */
export function mergeInto(primary: WerReport, others: readonly WerReport[]): WerReport {
  const eventType = first('eventType', primary, others);
  return {
    ...primary,
    eventType,
    reportType: first('reportType', primary, others),
    reportTypeName: first('reportTypeName', primary, others),
    eventTime: first('eventTime', primary, others),
    uploadTime: first('uploadTime', primary, others),
    appName: first('appName', primary, others),
    appPath: first('appPath', primary, others),
    friendlyEventName: first('friendlyEventName', primary, others),
    signature: mergedSignature(primary, others, eventType),
    fields: mergedFields(primary, others),
    bucket: mergedBucket(primary, others),
    process: first('process', primary, others),
    os: first('os', primary, others),
    machine: first('machine', primary, others),
    problems: mergedProblems(primary, others),
    sources: mergedSources(primary, others),
  };
}
