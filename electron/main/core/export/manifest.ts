/**
 * manifest.json of a ticket bundle: what is inside (path, size, SHA-256, original path, redacted or
 * not), what was left out, redaction categories and counts — never the redacted values. Also the
 * reader, which treats a manifest from someone else's bundle as hostile input.
 */
import type {
  BundleManifest,
  BundlePlan,
  ManifestFile,
  ManifestReport,
  RedactionSummary,
} from '../../../../shared/export-model';
import { isRecord } from '../../../../shared/is-record';

/** File name of the manifest at the root of every bundle. */
export const MANIFEST_NAME = 'manifest.json';

/** Largest manifest the importer reads (about 100 000 files). */
export const MAX_MANIFEST_BYTES = 64 * 1024 * 1024;

/** What the writer knows once every file is in the zip. */
export interface ManifestInput {
  readonly plan: BundlePlan;
  readonly createdAt: string;
  readonly files: readonly ManifestFile[];
  /** Counts of what the writer replaced; null when redaction is off. */
  readonly redaction: RedactionSummary | null;
  /** Redacts a local path for the manifest (identity when redaction is off). */
  readonly redactPath: (path: string) => string;
}

/** Assembles the manifest of a written bundle. */
export function buildManifest(input: ManifestInput): BundleManifest {
  const { plan, redactPath } = input;
  const reports: ManifestReport[] = plan.reports.map((r) => ({
    id: r.id,
    folder: r.zipFolder,
    originalPath: redactPath(r.folder),
    store: r.store,
    eventType: r.eventType,
    eventTime: r.eventTime,
    title: r.title,
  }));
  return {
    format: 'wer-explorer-bundle',
    formatVersion: 1,
    tool: { name: 'wer-explorer', version: plan.options.toolVersion },
    createdAt: input.createdAt,
    options: {
      includeDumps: plan.options.includeDumps,
      includeHeapDumps: plan.options.includeHeapDumps,
      sizeBudget: plan.options.sizeBudget,
    },
    redaction: input.redaction ? { enabled: true, ...input.redaction } : { enabled: false, counts: [], skippedShortValues: 0 },
    reports,
    files: input.files,
    leftOut: plan.leftOut.map((l) => ({
      path: l.zipPath,
      originalPath: redactPath(l.source),
      size: l.size,
      reason: l.reason,
      message: l.message,
    })),
    warnings: plan.warnings,
  };
}

function validFile(v: unknown): v is ManifestFile {
  return (
    isRecord(v) &&
    typeof v.path === 'string' &&
    typeof v.size === 'number' &&
    typeof v.sha256 === 'string' &&
    /^[0-9a-f]{64}$/.test(v.sha256) &&
    typeof v.redacted === 'boolean'
  );
}

/**
 * Reads a manifest's JSON: the manifest, or one sentence saying what is wrong with it. Checks
 * the parts the importer relies on (format, files with path/size/sha256); the rest is kept as is.
 */
export function parseManifest(json: string): BundleManifest | string {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (e) {
    return `manifest.json is not valid JSON (${e instanceof Error ? e.message : String(e)}).`;
  }
  if (!isRecord(value) || value.format !== 'wer-explorer-bundle') return 'manifest.json is not a WER Explorer bundle manifest.';
  if (value.formatVersion !== 1) return `manifest.json has format version ${String(value.formatVersion)}; this version reads 1.`;
  if (!Array.isArray(value.files) || !value.files.every(validFile)) return 'manifest.json lists files without a path, size or SHA-256.';
  if (!Array.isArray(value.reports)) return 'manifest.json has no report list.';
  return value as unknown as BundleManifest;
}
