/**
 * The pieces `scan --json` streams with: the pretty JSON array written item by item (truth: the
 * engine's own JSON.stringify(array, null, 2)) and the spool that gives reports back newest first
 * (truth: the times and folders the test gives it, ordered by hand).
 */
import { existsSync } from 'node:fs';
import {
  JSON_ARRAY_OPEN,
  jsonArrayClose,
  jsonArrayItem,
  jsonArraySeparator,
} from '../../../electron/cli/format/json-array-stream';
import { ReportSpool } from '../../../electron/cli/format/report-spool';
import type { WerReport } from '../../../shared/report-model';
import { makeReport } from '../../support/report-factory';

function streamed(items: readonly unknown[]): string {
  return JSON_ARRAY_OPEN + items.map((item, i) => jsonArraySeparator(i) + jsonArrayItem(item)).join('') + jsonArrayClose(items.length);
}

describe('a JSON array written item by item', () => {
  const awkward = {
    text: 'two\nlines\r\nand "quotes", tabs\t, \u2028 and \u00e9\u4e2d\ud83d\ude00',
    nested: { empty: {}, none: [], list: [1, [2, { deep: null }]], flag: false },
    skipped: undefined,
  };

  it.each([
    ['no items', []],
    ['one item', [awkward]],
    ['several items of every shape', [awkward, 'plain', 42, null, [], {}, [awkward]]],
  ])('is byte for byte JSON.stringify(items, null, 2) plus a newline: %s', (_, items) => {
    expect(streamed(items)).toBe(`${JSON.stringify(items, null, 2)}\n`);
  });
});

describe('the report spool', () => {
  const at = (eventTime: string | null, folder: string): WerReport => ({ ...makeReport({ eventTime }), folder });
  const serialise = (r: WerReport) => JSON.stringify({ folder: r.folder, eventTime: r.eventTime });

  async function replayed(reports: readonly WerReport[]): Promise<{ folder: string; eventTime: string | null }[]> {
    const spool = new ReportSpool();
    try {
      for (const r of reports) spool.add(r, serialise);
      const out: string[] = [];
      await spool.replay((text) => out.push(text), (i) => (i === 0 ? '' : ','));
      return JSON.parse(`[${out.join('')}]`) as { folder: string; eventTime: string | null }[];
    } finally {
      spool.close();
    }
  }

  it('gives reports back newest first, undated last, equal times by folder', async () => {
    const input = [
      at(null, 'C:\\z'),
      at('2026-01-02T00:00:00.000Z', 'C:\\b'),
      at('2026-03-01T00:00:00.000Z', 'C:\\\u00e9t\u00e9\\\u4e2d'),
      at(null, 'C:\\a'),
      at('2026-01-02T00:00:00.000Z', 'C:\\a'),
    ];
    expect(await replayed(input)).toEqual([
      { eventTime: '2026-03-01T00:00:00.000Z', folder: 'C:\\\u00e9t\u00e9\\\u4e2d' },
      { eventTime: '2026-01-02T00:00:00.000Z', folder: 'C:\\a' },
      { eventTime: '2026-01-02T00:00:00.000Z', folder: 'C:\\b' },
      { eventTime: null, folder: 'C:\\a' },
      { eventTime: null, folder: 'C:\\z' },
    ]);
  });

  it('keeps multi-byte text and items beyond its write batches intact', async () => {
    // 3,000 reports of ~1.5 KB of 3-byte characters: several 1 MB batches, offsets in bytes not characters.
    const input = Array.from({ length: 3000 }, (_, i) =>
      at(new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), `C:\\${'\u4e2d'.repeat(500)}\\${i}`),
    );
    const out = await replayed(input);
    expect(out).toHaveLength(3000);
    expect(out.map((r) => r.folder)).toEqual(input.map((r) => r.folder).reverse());
  });

  it('waits for the output to drain after each batch it hands on', async () => {
    // What piping 800 MB into `wc -c` needs: without waiting, every batch was queued at once and
    // the write failed with ENOBUFS (npm run bench scale at 300,000 reports).
    const spool = new ReportSpool();
    try {
      for (let i = 0; i < 3000; i++) spool.add(at(null, `C:\\${'\u4e2d'.repeat(500)}\\${i}`), serialise);
      const steps: string[] = [];
      let draining = false;
      await spool.replay(
        () => {
          expect(draining).toBe(false);
          steps.push('emit');
        },
        () => '',
        async () => {
          draining = true;
          await new Promise((r) => setTimeout(r, 1));
          draining = false;
          steps.push('drain');
        },
      );
      // Several 1 MB batches, each followed by a wait; the last (partial) one needs none.
      expect(steps.filter((s) => s === 'emit').length).toBeGreaterThan(3);
      expect(steps.join(' ')).toMatch(/^(emit drain )+emit( drain)?$/);
    } finally {
      spool.close();
    }
  });

  it('removes its temporary file when closed, and can be closed twice', async () => {
    const spool = new ReportSpool();
    spool.add(at(null, 'C:\\x'), serialise);
    await spool.replay(() => undefined, () => '');
    expect(existsSync(spool.file)).toBe(true);
    spool.close();
    expect(existsSync(spool.file)).toBe(false);
    expect(() => spool.close()).not.toThrow();
  });
});
