/**
 * Corporate Error Reporting (MS-CER2) as the UI sees it: what a CER server answered, the state of
 * each forwarding job in the outbox, and the per-report result of a forward. Plain,
 * structured-clone-safe data. Protocol notes: ../shared/docs/cer-protocol.md.
 */

/** The level-1 answer of a CER server (`Key=Value` lines), parsed leniently. */
export interface CerAnswer {
  /** `Bucket`: the number the server gave this error signature (kept as text). */
  readonly bucket: string | null;
  readonly bucketTable: string | null;
  /** `Response`: `1`, a URL, or empty. Never opened automatically: it comes from the network. */
  readonly response: string | null;
  /** `iData=1`: the server wants the report's files as a CAB. */
  readonly iData: boolean;
  /** `DumpFile`: the url-path the CAB is PUT to, verbatim (it may contain `\`). */
  readonly dumpFile: string | null;
  /** `DumpServer`: the host the CAB goes to, when the server names one. */
  readonly dumpServer: string | null;
  /** Every recognised and unrecognised key, lower-cased, last value wins. */
  readonly values: Readonly<Record<string, string>>;
}

/** Where a forwarding job stands. A job that reached `posted` is never POSTed again. */
export type OutboxJobState =
  /** Not yet acknowledged by the server; the next attempt POSTs the WERREPORT. */
  | { readonly kind: 'pending' }
  /** The server acknowledged level 1; its answer is recorded and the CAB upload is due. */
  | { readonly kind: 'posted'; readonly answer: CerAnswer; readonly postedAt: string }
  /** Finished: level 1 acknowledged, and the CAB uploaded when the server asked for it. */
  | { readonly kind: 'done'; readonly answer: CerAnswer; readonly uploaded: boolean; readonly finishedAt: string }
  /** Given up: the server refused (4xx) or the report could not be read. `answer` when level 1 had succeeded. */
  | { readonly kind: 'failed'; readonly answer: CerAnswer | null; readonly finishedAt: string };

/** The kind names of {@link OutboxJobState}. */
export type OutboxJobStateKind = OutboxJobState['kind'];

/** One (report, server) pair in the outbox. */
export interface OutboxJob {
  /** `<report id>@<server origin>`: the pair is forwarded once. */
  readonly id: string;
  readonly reportId: string;
  readonly folder: string;
  /** Server origin, e.g. `http://cer.example:1273`. */
  readonly server: string;
  /** Machine and user names sent in MACHINEINFO/USERINFO, fixed when the job was queued. */
  readonly machineName: string;
  readonly userName: string;
  readonly state: OutboxJobState;
  /** Attempts made so far (all runs). */
  readonly attempts: number;
  /** Earliest time (ms since epoch) of the next attempt; 0 = at once. */
  readonly nextAttemptAt: number;
  /** Why the last attempt failed; null after a success. */
  readonly lastError: string | null;
  /** Files left out of the uploaded CAB (too large or unreadable). */
  readonly skippedFiles: readonly string[];
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What forwarding one report came to: one line of `forward --json`, one row of the UI. */
export interface ForwardResult {
  readonly folder: string;
  readonly reportId: string;
  readonly server: string;
  /** True when the job is done (level 1 acknowledged, CAB uploaded when asked for). */
  readonly ok: boolean;
  readonly state: OutboxJobStateKind;
  readonly bucket: string | null;
  readonly bucketTable: string | null;
  readonly response: string | null;
  readonly uploaded: boolean;
  /** Null on success; else one sentence (for a job left `pending`/`posted`, it is retried later). */
  readonly error: string | null;
  /** Files left out of the CAB (too large), empty normally. */
  readonly skippedFiles: readonly string[];
  /** ISO-8601 UTC time of the last change. */
  readonly time: string;
}

/** Progress of a batch forward. */
export interface ForwardProgress {
  readonly done: number;
  readonly total: number;
  /** The result that just changed (a finished job, or a failed attempt that will be retried). */
  readonly result: ForwardResult;
}
