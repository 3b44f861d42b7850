/**
 * `npm run bench sqlite`: the measurement behind choosing typed-array columns over an embedded
 * database for the query engine (README, Architecture). The same generated library of 1,000,000
 * reports, the same quick-filter keystrokes (count, first page by time, the four facet counts),
 * answered by LibraryQuery and by SQLite (better-sqlite3, in memory): with `LIKE '%word%'` over
 * each report's search text, and with an FTS5 trigram index over it. Not a project dependency (a
 * native module): install it first with `npm install --no-save better-sqlite3`, or point
 * `WER_BETTER_SQLITE3` at an installed copy. Not a test.
 */
import { MATCH_ALL, type QueryRequest } from '../../shared/query-model';
import { sourceKey } from '../../shared/record-sources';
import { displayApplication } from '../../shared/report-display';
import { quickFilterParts } from '../../shared/report-list-text';
import type { WerReport } from '../../shared/report-model';
import { LibraryQuery } from '../../electron/main/core/query/library-query';
import { fleetReports } from '../main/core/query/fleet-reports';

const SIZE = 1_000_000;
const WORDS = ['f', 'fl', 'fle', 'flee', 'fleetapp1', 'fleetapp12'];

/** The few parts of better-sqlite3 used here. */
interface Statement {
  run(...params: unknown[]): unknown;
  get(...params: unknown[]): unknown;
  all(...params: unknown[]): unknown[];
}
interface Database {
  exec(sql: string): void;
  prepare(sql: string): Statement;
  transaction<T extends (...args: never[]) => unknown>(fn: T): T;
  close(): void;
}
type DatabaseConstructor = new (file: string) => Database;

function loadSqlite(): DatabaseConstructor | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(process.env.WER_BETTER_SQLITE3 ?? 'better-sqlite3') as DatabaseConstructor;
  } catch {
    return null;
  }
}

function timed(fn: () => void): number {
  const t = performance.now();
  fn();
  return performance.now() - t;
}

/** One keystroke as the list asks it: total, first page by time, and the four facet counts. */
function sqlKeystroke(db: Database, where: string, word: string): void {
  const p = `%${word}%`;
  db.prepare(`SELECT count(*) FROM reports WHERE ${where}`).get(p);
  db.prepare(`SELECT slot FROM reports WHERE ${where} ORDER BY time DESC LIMIT 100`).all(p);
  for (const column of ['event', 'app', 'store', 'source']) db.prepare(`SELECT ${column}, count(*) FROM reports WHERE ${where} GROUP BY ${column}`).all(p);
}

export async function benchSqlite(log: (line: string) => void): Promise<void> {
  const Sqlite = loadSqlite();
  if (!Sqlite) {
    log('sqlite: better-sqlite3 is not installed (npm install --no-save better-sqlite3); skipped');
    return;
  }
  const reports = fleetReports(SIZE, { seed: 16, applications: 2000 });
  const byId = new Map<string, WerReport>(reports.map((r) => [r.id, r]));
  const engine = new LibraryQuery((id) => byId.get(id));
  const build = timed(() => engine.upsertAll(reports));
  const page: QueryRequest = { filter: MATCH_ALL, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 100 };
  engine.query(page);
  const ours = WORDS.map((text) => timed(() => engine.query({ ...page, filter: { ...MATCH_ALL, text } })));
  log(`sqlite ${SIZE}: columns (LibraryQuery) build ${build.toFixed(0)} ms; keystrokes ${ours.map((m) => m.toFixed(0)).join(' / ')} ms for ${WORDS.join(', ')}`);

  const db = new Sqlite(':memory:');
  try {
    db.exec('CREATE TABLE reports (slot INTEGER PRIMARY KEY, time TEXT, event TEXT, app TEXT, store TEXT, source TEXT, hay TEXT)');
    const insert = db.prepare('INSERT INTO reports VALUES (?, ?, ?, ?, ?, ?, ?)');
    const fill = db.transaction(() => {
      reports.forEach((r, i) => {
        const parts = quickFilterParts(r);
        insert.run(i, r.eventTime, r.eventType ?? '', displayApplication(r), r.store, sourceKey(r), `${parts.own}\n${parts.shared}`);
      });
    });
    const load = timed(() => {
      fill();
      db.exec('CREATE INDEX reports_time ON reports(time)');
    });
    const like = WORDS.map((word) => timed(() => sqlKeystroke(db, 'hay LIKE ?', word)));
    log(`sqlite ${SIZE}: SQLite LIKE load ${load.toFixed(0)} ms; keystrokes ${like.map((m) => m.toFixed(0)).join(' / ')} ms`);
    const fts = timed(() => {
      db.exec("CREATE VIRTUAL TABLE hay_index USING fts5(hay, content='reports', content_rowid='slot', tokenize='trigram')");
      db.exec("INSERT INTO hay_index(hay_index) VALUES ('rebuild')");
    });
    // Trigram indexes answer words of 3 characters or more; shorter ones scan as LIKE does.
    const trigram = WORDS.map((word) =>
      timed(() => sqlKeystroke(db, word.length >= 3 ? 'slot IN (SELECT rowid FROM hay_index WHERE hay LIKE ?)' : 'hay LIKE ?', word)),
    );
    log(`sqlite ${SIZE}: SQLite FTS5 trigram index ${fts.toFixed(0)} ms; keystrokes ${trigram.map((m) => m.toFixed(0)).join(' / ')} ms`);
  } finally {
    db.close();
  }
}
