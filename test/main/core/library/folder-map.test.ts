/**
 * FolderMap against a Map (the oracle): the same values, size and iteration order after random
 * changes, including changes made while an iteration is under way; rows made once, when reached.
 */
import { FolderMap, type FolderRows, folderHash } from '../../../../electron/main/core/library/folder-map';

/** A small deterministic generator (xorshift32): every run the same, a failing seed reproducible. */
function random(seed: number): (n: number) => number {
  let x = seed || 1;
  return (n) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}

interface Value {
  readonly name: string;
}

/** A row's report id: a few ids shared by many rows. */
const idOfRow = (row: number) => `id ${row % 7}`;

/** Rows of `folders` whose values are made on demand, counting how often each row is made. */
function rowsOf(folders: string[]): FolderRows<Value> & { readonly makes: number[] } {
  const makes = folders.map(() => 0);
  return {
    count: folders.length,
    folders,
    hashes: Uint32Array.from(folders, folderHash),
    idAt: idOfRow,
    idHashes: Uint32Array.from(folders, (_, row) => folderHash(idOfRow(row))),
    stampAt: (row) => ({ dirMtimeMs: row, werSize: null, werMtimeMs: null }),
    makes,
    make: (row) => {
      makes[row] = (makes[row] as number) + 1;
      return { name: `row ${row}` };
    },
  };
}

/**
 * A Map holding what a FolderMap of these rows holds (values equal to the rows' made ones, which
 * are not made here): the rows not skipped, set in order (a repeated folder keeps its first place
 * and takes the last value).
 */
function oracleOf(rows: FolderRows<Value>, skipped: Uint8Array): Map<string, Value> {
  const oracle = new Map<string, Value>();
  for (let row = 0; row < rows.count; row++) if (skipped[row] !== 1) oracle.set(rows.folders[row] as string, { name: `row ${row}` });
  return oracle;
}

const keyOf = (n: number) => `C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\AppCrash_app${n}.exe_${(n * 2654435761) >>> 0}`;

describe('FolderMap', () => {
  it('hashes a folder path as FNV-1a over its length and its last 32 UTF-16 code units', () => {
    // FNV-1a as published (32-bit offset basis and prime), in BigInt arithmetic, over 32-bit words.
    const fnv1a = (words: number[]) => {
      let h = 0x811c9dc5n;
      for (const w of words) h = ((h ^ BigInt(w)) * 0x01000193n) & 0xffffffffn;
      return Number(h);
    };
    // The published check values, over bytes.
    expect(fnv1a([...Buffer.from('a')])).toBe(0xe40c292c);
    expect(fnv1a([...Buffer.from('foobar')])).toBe(0xbf9cf968);
    const codeUnits = (s: string) => Array.from({ length: s.length }, (_, i) => s.charCodeAt(i));
    for (const folder of ['', 'a', keyOf(7), `C:\\Σύστημα\\報告\\${keyOf(8)}`, 'x'.repeat(31), 'y'.repeat(33)]) {
      expect(folderHash(folder)).toBe(fnv1a([folder.length, ...codeUnits(folder).slice(-32)]));
    }
    // Only the end is hashed: the same folder name in two stores of the same path length shares a hash.
    expect(folderHash(`D:\\share1\\${keyOf(1)}`)).toBe(folderHash(`D:\\share2\\${keyOf(1)}`));
    expect(folderHash(`D:\\share1\\${keyOf(1)}`)).not.toBe(folderHash(`D:\\share1\\${keyOf(2)}`));
  });

  it('tells apart folders that share a hash by comparing them', () => {
    const folders = [`D:\\share1\\${keyOf(1)}`, `D:\\share2\\${keyOf(1)}`, `D:\\share3\\${keyOf(1)}`];
    const rows = rowsOf(folders);
    const map = new FolderMap(rows);
    expect(folders.map((f) => map.get(f))).toEqual([{ name: 'row 0' }, { name: 'row 1' }, { name: 'row 2' }]);
    map.delete(folders[1] as string);
    expect(folders.map((f) => map.has(f))).toEqual([true, false, true]);
    expect(map.has(`D:\\share4\\${keyOf(1)}`)).toBe(false);
  });

  it('finds its rows by key and makes each one once, when first reached', () => {
    const folders = Array.from({ length: 1000 }, (_, i) => keyOf(i));
    const rows = rowsOf(folders);
    const map = new FolderMap(rows);
    expect(map.size).toBe(1000);
    expect(rows.makes.every((n) => n === 0)).toBe(true);
    const first = map.get(keyOf(17));
    expect(first).toEqual({ name: 'row 17' });
    expect(map.get(keyOf(17))).toBe(first);
    expect(map.has(keyOf(999))).toBe(true);
    expect(map.get(keyOf(1000))).toBeUndefined();
    expect(map.has('')).toBe(false);
    expect(rows.makes.filter((n) => n > 0)).toEqual([1]);
    expect([...map.madeValues()]).toEqual([first]);
    expect([...map.keys()]).toEqual(folders);
    expect(rows.makes.filter((n) => n > 0)).toEqual([1]);
    expect([...map.values()]).toHaveLength(1000);
    expect(rows.makes.every((n) => n === 1)).toBe(true);
  });

  // Random tables (some folders repeated) and random changes; every few steps the whole map is
  // compared with the oracle, and iterations run across changes (a Map's iteration is live).
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('behaves as a Map through random changes and live iterations (seed %i)', (seed) => {
    const pick = random(seed * 7919);
    const universe = 60 + pick(200);
    const folders = Array.from({ length: pick(universe) }, () => keyOf(pick(universe)));
    const rows = rowsOf(folders);
    const skipped = Uint8Array.from(folders, () => (pick(10) === 0 ? 1 : 0));
    const map = new FolderMap(rows, skipped);
    const oracle = oracleOf(rows, skipped);
    // The keys whose values were never set nor deleted since the start.
    const asLoaded = new Set(oracle.keys());
    let made = 0;
    const change = () => {
      const key = keyOf(pick(universe));
      switch (pick(4)) {
        case 0:
        case 1: {
          const value = { name: `set ${made++}` };
          expect(map.set(key, value)).toBe(map);
          oracle.set(key, value);
          asLoaded.delete(key);
          break;
        }
        case 2:
          expect(map.delete(key)).toBe(oracle.delete(key));
          asLoaded.delete(key);
          break;
        default: {
          const value = map.get(key);
          expect(value).toEqual(oracle.get(key));
          expect(map.get(key)).toBe(value);
          expect(map.has(key)).toBe(oracle.has(key));
        }
      }
    };
    const iterations: { mine: Iterator<unknown>; theirs: Iterator<unknown>; done: boolean }[] = [];
    for (let step = 0; step < 3000; step++) {
      change();
      // Keys alone make no rows: the rows not reached stay so through most of the run.
      if (pick(50) === 0) iterations.push(pick(3) === 0 ? { mine: map.entries(), theirs: oracle.entries(), done: false } : { mine: map.keys(), theirs: oracle.keys(), done: false });
      for (const it of iterations) {
        if (it.done || pick(2) === 0) continue;
        const a = it.mine.next();
        const b = it.theirs.next();
        expect(a).toEqual(b);
        it.done = a.done === true;
      }
      if (step % 100 === 0) {
        expect(map.size).toBe(oracle.size);
        expect([...map.keys()]).toEqual([...oracle.keys()]);
        // madeValues: every value but rows not reached yet, in iteration order.
        const reached = (v: Value) => !v.name.startsWith('row ') || (rows.makes[Number(v.name.slice(4))] as number) > 0;
        expect([...map.madeValues()]).toEqual([...oracle.values()].filter(reached));
        // By id: the keys still as their table made them through the ids' hashes, every other
        // key with its value's id (its name here); none made.
        const makes = rows.makes.join();
        for (let n = 0; n < 8; n++) {
          const wanted = [...asLoaded].filter((k) => idOfRow(Number((oracle.get(k) as Value).name.slice(4))) === `id ${n}`);
          expect([...map.rowKeysWithId(`id ${n}`)].sort()).toEqual(wanted.sort());
        }
        expect([...map.laterKeyIds((v) => v.name)]).toEqual([...oracle].filter(([k]) => !asLoaded.has(k)).map(([k, v]) => [k, v.name]));
        expect(rows.makes.join()).toBe(makes);
      }
      if (step === 2000) expect([...map]).toEqual([...oracle]);
    }
    expect([...map.values()]).toEqual([...oracle.values()]);
    expect(iterations.length).toBeGreaterThan(10);
    expect(rows.makes.every((n) => n <= 1)).toBe(true);
  });

  it("tells a key's own string and stamp without making its row (a made value says its own)", () => {
    const folders = Array.from({ length: 100 }, (_, i) => keyOf(i));
    const rows = rowsOf(folders);
    const map = new FolderMap(rows);
    const knownOf = (v: Value) => ({ folder: v.name, stamp: { dirMtimeMs: -1, werSize: null, werMtimeMs: null } });
    const key = [...keyOf(7)].join(''); // another string of the same path
    expect(map.known(key, knownOf)).toEqual({ folder: keyOf(7), stamp: { dirMtimeMs: 7, werSize: null, werMtimeMs: null } });
    expect(map.known(key, knownOf)?.folder).toBe(folders[7]);
    expect(rows.makes.every((n) => n === 0)).toBe(true);
    map.get(keyOf(8));
    expect(map.known(keyOf(8), knownOf)?.folder).toBe('row 8');
    map.set(keyOf(9), { name: 'set 9' });
    map.set('C:\\elsewhere', { name: 'added' });
    expect([map.known(keyOf(9), knownOf)?.folder, map.known('C:\\elsewhere', knownOf)?.folder, map.known('C:\\none', knownOf)]).toEqual(['set 9', 'added', undefined]);
    map.delete(keyOf(7));
    expect(map.known(keyOf(7), knownOf)).toBeUndefined();
    expect(rows.makes.filter((n) => n > 0)).toHaveLength(1);
  });

  it('starts empty without rows and then is a Map', () => {
    const map = new FolderMap<Value>();
    expect(map.size).toBe(0);
    expect(map.get('x')).toBeUndefined();
    expect(map.delete('x')).toBe(false);
    map.set('x', { name: 'x' });
    map.set('y', { name: 'y' });
    map.set('x', { name: 'x2' });
    expect([...map]).toEqual([
      ['x', { name: 'x2' }],
      ['y', { name: 'y' }],
    ]);
    expect(map.size).toBe(2);
  });
});
