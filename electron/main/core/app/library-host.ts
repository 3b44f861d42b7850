/**
 * Holds the app's current ReportLibrary and replaces it when the store list changes (settings,
 * an opened folder or bundle). Listeners subscribe once and keep receiving events across swaps;
 * a swap is announced with a `reset` event so the UI reads every report again.
 *
 * The query engine of a library is saved as a query index next to the report cache whenever the
 * cache is saved and the library is unchanged since, marked with the cache's generation; a start
 * whose records are exactly that cache's loads the index instead of building the engine.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { LibraryEvent } from '../../../../shared/library-model';
import { MATCH_ALL, NEWEST_FIRST } from '../../../../shared/query-model';
import type { StoreLocation } from '../../../../shared/store-model';
import type { WerEvent } from '../../../../shared/wer-api';
import { Emitter } from '../emitter';
import { backgroundSlicer } from '../time-slice';
import type { ReportLibrary } from '../library/report-library';
import { LibraryQuery } from '../query/library-query';
import { queryIndexGeneration, readQueryIndex } from '../query/query-cache';
import { libraryResolver, type SyncedQuery, syncQuery } from '../query/synced-query';

/** How long after a start the Problems view's grouping is prepared (after the first page is served). */
const PREPARE_PROBLEMS_AFTER_MS = 2000;

/** Builds a library for some locations (the app adds its cache file and timing). */
export type LibraryFactory = (locations: readonly StoreLocation[]) => ReportLibrary;

/** The query index beside a report cache file. */
export function queryIndexFile(cacheFile: string): string {
  return `${cacheFile.replace(/\.json$/i, '')}.query-index`;
}

/** A library with its engine, and what follows the library. */
interface Attached {
  readonly library: ReportLibrary;
  readonly synced: SyncedQuery;
  readonly close: () => void;
  /** Whether the engine was loaded from the query index (else built over the records). */
  readonly fromIndex: boolean;
  /** The generation of the query index on disk, as far as this host knows. */
  indexGeneration: string | null;
}

/** The live library behind the app, swappable. */
export class LibraryHost {
  /** Set by open(), then by each swap. */
  private current!: Attached;
  private readonly events = new Emitter<WerEvent>();
  private swapping: Promise<void> = Promise.resolve();
  /** Query index writes in progress, one after the other. */
  private indexSaving: Promise<void> = Promise.resolve();

  private constructor(private readonly factory: LibraryFactory) {}

  /** Opens the first library and waits until its index and query engine are ready. */
  static async open(locations: readonly StoreLocation[], factory: LibraryFactory): Promise<LibraryHost> {
    const host = new LibraryHost(factory);
    host.current = await host.startLibrary(locations);
    return host;
  }

  /** The library now in use. */
  library(): ReportLibrary {
    return this.current.library;
  }

  /** The query engine over the current library (the list, problems and history views ask it). */
  query(): LibraryQuery {
    return this.current.synced.query;
  }

  /** Whether the current engine was loaded from the query index saved by an earlier run. */
  queryFromIndex(): boolean {
    return this.current.fromIndex;
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
      const next = await this.startLibrary(locations);
      const previous = this.current;
      previous.close();
      this.current = next;
      await previous.library.close();
      this.emit({ kind: 'reset' });
    });
    this.swapping = run.catch(() => undefined);
    return run;
  }

  /** Closes the library (watchers stop, the cache is written, then the query index beside it). */
  async close(): Promise<void> {
    await this.swapping;
    const attached = this.current;
    this.events.clear();
    // Closed while the engine still follows it: a save at close is matched by the index saved next.
    await attached.library.close();
    this.saveIndex(attached);
    attached.close();
    await this.indexSaving;
  }

  /**
   * Starts a library and its engine: loaded from the query index when the index matches the
   * records the library started with, else built (seconds at 300,000 reports; part of the start,
   * so the first page is not kept waiting for it).
   */
  private async startLibrary(locations: readonly StoreLocation[]): Promise<Attached> {
    const library = this.factory(locations);
    const indexFile = library.cacheFile ? queryIndexFile(library.cacheFile) : null;
    // Read while the library starts (the file read runs beside the start's own work); decoded
    // only when it is the cache's. Changes the library announces before the engine follows it
    // are applied to the engine then.
    const reading = indexFile ? readQueryIndex(indexFile) : Promise.resolve(null);
    await library.start();
    const generation = library.cacheGeneration();
    const started = library.count();
    const missed: LibraryEvent[] = [];
    const stopMissing = library.subscribe((e) => missed.push(e));
    const read = await reading;
    stopMissing();
    const index = read && 'sections' in read ? read : null;
    const saved = index && generation !== null && queryIndexGeneration(index.header) === generation ? LibraryQuery.decode(index, libraryResolver(library)).query : null;
    const matches = saved !== null && saved.size === started;
    const synced = syncQuery(library, matches ? saved : undefined, missed);
    // The list opens newest first: that order (half a second at 300,000 reports) is made now, as
    // part of the start, not while the first page is awaited.
    synced.query.query({ filter: MATCH_ALL, sort: NEWEST_FIRST, offset: 0, limit: 0 });
    // The Problems view's grouping is made in the background, giving way to requests, so opening
    // it does not wait for it (half a second at 300,000 reports); once the first page is served,
    // not beside it (on two cores it made the page's first paint ~0.4 s later), and once the
    // library's id map is made (its lookups of each problem's report made it at once, ~0.5-1 s
    // of the first keystrokes at 1,000,000 reports when the map came late).
    const preparing = new AbortController();
    void Promise.all([sleep(PREPARE_PROBLEMS_AFTER_MS, undefined, { signal: preparing.signal }), library.whenIdsPrepared()]).then(
      () => synced.query.prepareProblems('signature', backgroundSlicer(), preparing.signal),
      () => undefined,
    );
    // The loaded index's ids are a second copy of the library's; each is replaced by the
    // library's string once its id map is made (~56 MB less at 1,000,000 reports).
    if (matches) void library.whenIdsPrepared().then(() => synced.query.shareIds((id) => library.heldId(id), backgroundSlicer(), preparing.signal));
    const unsubscribe = library.subscribe((e) => this.emit(e));
    const attached: Attached = {
      library,
      synced,
      fromIndex: matches,
      indexGeneration: matches ? generation : null,
      close: () => {
        preparing.abort();
        unsubscribe();
        stopSaving();
        synced.close();
      },
    };
    const stopSaving = library.onCacheSaved(() => this.saveIndex(attached));
    return attached;
  }

  /**
   * Saves the engine as the query index when the library's records are exactly its cache file's
   * (checked again when the write's turn comes) and the index on disk is another generation's.
   */
  private saveIndex(attached: Attached): void {
    const { library, synced } = attached;
    if (!library.cacheFile) return;
    const file = queryIndexFile(library.cacheFile);
    this.indexSaving = this.indexSaving
      .then(async () => {
        const generation = library.cacheGeneration();
        if (generation === null || generation === attached.indexGeneration) return;
        // Not saved when the library changed while the index was copied: the next cache save tries again.
        if (await synced.query.save(file, generation, backgroundSlicer())) attached.indexGeneration = generation;
      })
      // A failed write only costs the next start a build of the engine.
      .catch(() => undefined);
  }
}
