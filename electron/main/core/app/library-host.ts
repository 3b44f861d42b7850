/**
 * Holds the app's current ReportLibrary and replaces it when the store list changes (settings,
 * an opened folder or bundle). Listeners subscribe once and keep receiving events across swaps;
 * a swap is announced with a `reset` event so the UI reads every report again.
 */
import type { StoreLocation } from '../../../../shared/store-model';
import type { WerEvent } from '../../../../shared/wer-api';
import { Emitter } from '../emitter';
import type { ReportLibrary } from '../library/report-library';
import type { LibraryQuery } from '../query/library-query';
import { type SyncedQuery, syncQuery } from '../query/synced-query';

/** Builds a library for some locations (the app adds its cache file and timing). */
export type LibraryFactory = (locations: readonly StoreLocation[]) => ReportLibrary;

/** The live library behind the app, swappable. */
export class LibraryHost {
  private current: ReportLibrary;
  private unsubscribe: () => void;
  private readonly events = new Emitter<WerEvent>();
  private swapping: Promise<void> = Promise.resolve();
  /** The query engine over the current library (built when the library is opened or replaced). */
  private synced: SyncedQuery | null = null;

  private constructor(private readonly factory: LibraryFactory, first: ReportLibrary) {
    this.current = first;
    this.unsubscribe = first.subscribe((e) => this.emit(e));
  }

  /** Opens the first library and waits until its index is ready. */
  static async open(locations: readonly StoreLocation[], factory: LibraryFactory): Promise<LibraryHost> {
    const library = factory(locations);
    await library.start();
    const host = new LibraryHost(factory, library);
    // Built now rather than on the first query, so the first page of a large library is not kept
    // waiting for it (seconds at 300,000 reports; part of the start instead).
    host.query();
    return host;
  }

  /** The library now in use. */
  library(): ReportLibrary {
    return this.current;
  }

  /** The query engine over the current library (the list, problems and history views ask it). */
  query(): LibraryQuery {
    this.synced ??= syncQuery(this.current);
    return this.synced.query;
  }

  /** Sends an event to every listener (library events, and the app's own: progress, commands). */
  emit(event: WerEvent): void {
    this.events.emit(event);
  }

  /** Listens to every event, across library swaps; returns the unsubscribe. */
  subscribe(listener: (event: WerEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  /** Replaces the library with one over `locations`; resolves once the new index is ready. */
  reconfigure(locations: readonly StoreLocation[]): Promise<void> {
    const run = this.swapping.then(async () => {
      const next = this.factory(locations);
      await next.start();
      const previous = this.current;
      this.unsubscribe();
      this.synced?.close();
      this.synced = null;
      this.current = next;
      this.unsubscribe = next.subscribe((e) => this.emit(e));
      this.query();
      await previous.close();
      this.emit({ kind: 'reset' });
    });
    this.swapping = run.catch(() => undefined);
    return run;
  }

  /** Closes the library (watchers stop, the cache is written). */
  async close(): Promise<void> {
    await this.swapping;
    this.unsubscribe();
    this.synced?.close();
    this.events.clear();
    await this.current.close();
  }
}
