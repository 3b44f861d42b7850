/**
 * Forwarding reports to a CER server, start to end: resolve the server and the sender, queue the
 * reports in the outbox of the data folder, run the queue. The CLI's `forward` and the UI call
 * this; everything it needs (transport, clock, sleep, cancel, progress) can be passed in.
 */
import { hostname, userInfo } from 'node:os';
import type { ForwardResult } from '../../../../shared/cer-model';
import { err, ok, type Result } from '../../../../shared/result';
import { parseCerServer } from './cer-client';
import { type CerTransport, nodeTransport, type NodeTransportOptions } from './cer-transport';
import { enqueueReports, forwardResultOf, type OutboxItem, type OutboxRunOptions, runOutbox } from './outbox';
import { OutboxStore } from './outbox-store';
import type { SenderIdentity } from './werreport-map';

/** Options of {@link forwardReports}. */
export interface ForwardOptions extends Omit<OutboxRunOptions, 'transport'> {
  /** `host`, `host:port`, `http(s)://host[:port]`; port 1273 by default. */
  readonly server: string;
  /** Folder of the outbox file (the app's data folder). */
  readonly dataDir: string;
  /** MACHINEINFO@machinename (default: this machine's host name). */
  readonly machine?: string;
  /** USERINFO@username (default: the current user). */
  readonly user?: string;
  /** Used instead of a node:http(s) transport (tests, or an app-wide one). */
  readonly transport?: CerTransport;
  /** For the default transport: custom CA, timeouts. */
  readonly transportOptions?: NodeTransportOptions;
}

function currentUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    // No passwd entry (containers): the protocol still wants a name.
    return 'unknown';
  }
}

/** MACHINEINFO/USERINFO names: the given ones, else this machine and user. */
export function senderIdentity(machine?: string, user?: string): SenderIdentity {
  return { machineName: machine?.trim() || hostname() || 'unknown', userName: user?.trim() || currentUser() };
}

/**
 * Forwards reports (each once per server: a report already done is not sent again, its recorded
 * result is returned). The error case is for a bad server or an unreadable outbox; per-report
 * failures are in the results.
 */
export async function forwardReports(items: readonly OutboxItem[], options: ForwardOptions): Promise<Result<ForwardResult[]>> {
  const server = parseCerServer(options.server);
  if (!server.ok) return server;
  let store: OutboxStore;
  try {
    store = await OutboxStore.open(options.dataDir);
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
  const jobs = await enqueueReports(store, items, server.value, senderIdentity(options.machine, options.user), options.now);
  const transport = options.transport ?? nodeTransport(options.transportOptions);
  try {
    return ok(await runOutbox(store, jobs.map((j) => j.id), server.value, { ...options, transport }));
  } finally {
    if (!options.transport) transport.close();
  }
}

/**
 * What the outbox in `dataDir` records: one result per (report, server) ever queued, oldest first
 * (done, still queued, or failed, with bucket, time and error). No outbox yet = no results.
 */
export async function readForwardResults(dataDir: string): Promise<Result<ForwardResult[]>> {
  try {
    const store = await OutboxStore.open(dataDir);
    return ok(store.jobs().map((job) => forwardResultOf(job)));
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
}
