/**
 * Mutation fuzzing of the text parsers over the real fixture files: truncation, byte flips,
 * encoding swaps, NULs, megabyte lines, duplicated keys. Every mutation must come back as a
 * result (never a throw) and quickly. Each iteration has its own seed (BASE_SEED + i), so a
 * failure reproduces with `mulberry32(seed)` alone.
 */
import { readFileSync } from 'node:fs';
import { decodeText, encodeText } from '../../../../electron/main/core/text/decode-text';
import { parseReportWer } from '../../../../electron/main/core/report/parse-report-wer';
import { parseMetadataXml } from '../../../../electron/main/core/report/parse-metadata-xml';
import { parseMemoryCsv } from '../../../../electron/main/core/report/parse-memory-csv';
import { parseSysinfo } from '../../../../electron/main/core/report/parse-sysinfo';
import { fixtureFiles, fixturePath } from '../../../support/fixtures';
import { mulberry32, type Prng } from '../../../support/prng';

const BASE_SEED = 0x5eed_0000;
const MUTATIONS_TOTAL = 10_000;
const TIME_LIMIT_MS = 100;
const HUGE_LINE_BYTES = 1_000_000;

interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

function seeds(): Seed[] {
  const folders = ['reportwer', 'metadata', 'other', 'invalid'];
  return folders.flatMap((folder) =>
    fixtureFiles(folder).map((name) => ({ name: `${folder}/${name}`, bytes: new Uint8Array(readFileSync(fixturePath(folder, name))) })),
  );
}

type Mutation = (bytes: Uint8Array, rng: Prng) => Uint8Array;

const truncate: Mutation = (b, rng) => b.slice(0, rng.int(b.length + 1));

const flipBytes: Mutation = (b, rng) => {
  const out = b.slice();
  for (let n = 1 + rng.int(16); n > 0 && out.length > 0; n--) out[rng.int(out.length)] = rng.int(256);
  return out;
};

const insertNuls: Mutation = (b, rng) => {
  let out = b;
  for (let n = 1 + rng.int(32); n > 0; n--) {
    const at = rng.int(out.length + 1);
    out = concat(out.subarray(0, at), new Uint8Array(1 + rng.int(3)), out.subarray(at));
  }
  return out;
};

const swapEncoding: Mutation = (b, rng) => {
  const { text } = decodeText(b);
  const target = rng.pick(['utf-16le', 'utf-16be', 'utf-8', 'windows-1252', 'gbk']);
  return encodeText(text, target, rng.next() < 0.5);
};

/** Reads the bytes in the wrong byte order or width: what a careless copy tool does. */
const misreadEncoding: Mutation = (b, rng) => {
  const out = b.slice();
  if (rng.next() < 0.5) for (let i = 0; i + 1 < out.length; i += 2) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!];
  else return out.subarray(1);
  return out;
};

const hugeLine: Mutation = (b, rng) => {
  const { text, encoding, bom } = decodeText(b);
  const lines = text.split('\n');
  const unit = rng.pick(['A', '=', '<', 'é', '\0', '中']);
  // About a megabyte once encoded, whatever the width of the character.
  const filler = unit.repeat(Math.floor(HUGE_LINE_BYTES / encodeText(unit, encoding, false).length));
  const line = rng.pick([`AppPath=${filler}`, filler, `<x>${filler}</x>`, `EventTime=${filler}`]);
  lines.splice(rng.int(lines.length + 1), 0, line);
  return encodeText(lines.join('\n'), encoding, bom);
};

const duplicateLines: Mutation = (b, rng) => {
  const { text, encoding, bom } = decodeText(b);
  const lines = text.split(/\r?\n/);
  for (let n = 1 + rng.int(20); n > 0; n--) {
    const line = lines[rng.int(lines.length)] ?? '';
    // Copying an inserted megabyte line 20 times would test size, not duplication.
    if (line.length < 4096) lines.splice(rng.int(lines.length + 1), 0, line);
  }
  return encodeText(lines.join(rng.pick(['\r\n', '\n', '\r'])), encoding, bom);
};

const spliceChunk: Mutation = (b, rng) => {
  const from = rng.int(b.length + 1);
  const chunk = b.subarray(from, from + rng.int(512));
  const at = rng.int(b.length + 1);
  return concat(b.subarray(0, at), chunk, b.subarray(at));
};

// Huge lines are costly to build and parse, so they are drawn rarely (still about 100 of them).
const MUTATIONS: readonly (readonly [string, Mutation, number])[] = [
  ['truncate', truncate, 20],
  ['flipBytes', flipBytes, 20],
  ['insertNuls', insertNuls, 12],
  ['swapEncoding', swapEncoding, 12],
  ['misreadEncoding', misreadEncoding, 8],
  ['duplicateLines', duplicateLines, 12],
  ['spliceChunk', spliceChunk, 15],
  ['hugeLine', hugeLine, 1],
];
const TOTAL_WEIGHT = MUTATIONS.reduce((s, [, , w]) => s + w, 0);

function drawMutation(rng: Prng): readonly [string, Mutation, number] {
  let r = rng.int(TOTAL_WEIGHT);
  for (const m of MUTATIONS) {
    if (r < m[2]) return m;
    r -= m[2];
  }
  return MUTATIONS[0]!;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface Timing {
  /** decodeText + parseReportWer + parseMetadataXml: what every report file goes through. */
  readonly pipelineMs: number;
  /** parseMemoryCsv + parseSysinfo, run on the same text for good measure. */
  readonly attachmentsMs: number;
  readonly detail: string;
}

function parseAll(bytes: Uint8Array): Timing {
  const t0 = performance.now();
  const { text } = decodeText(bytes);
  const t1 = performance.now();
  const wer = parseReportWer(text);
  const t2 = performance.now();
  const xml = parseMetadataXml(text);
  const t3 = performance.now();
  const csv = parseMemoryCsv(text);
  const sysinfo = parseSysinfo(text);
  const t4 = performance.now();
  if (!Array.isArray(wer.problems) || !Array.isArray(xml.problems) || !Array.isArray(csv.problems) || !Array.isArray(sysinfo)) {
    throw new Error('a parser returned a malformed result');
  }
  const ms = (a: number, b: number): string => (b - a).toFixed(1);
  return {
    pipelineMs: t3 - t0,
    attachmentsMs: t4 - t3,
    detail: `${bytes.length} bytes; decode ${ms(t0, t1)} ms, wer ${ms(t1, t2)} ms, xml ${ms(t2, t3)} ms, csv+sysinfo ${ms(t3, t4)} ms`,
  };
}

function fastest(a: Timing, b: Timing): Timing {
  return {
    pipelineMs: Math.min(a.pipelineMs, b.pipelineMs),
    attachmentsMs: Math.min(a.attachmentsMs, b.attachmentsMs),
    detail: a.pipelineMs + a.attachmentsMs <= b.pipelineMs + b.attachmentsMs ? a.detail : b.detail,
  };
}

describe('fuzzing the text parsers with mutated real files', () => {
  it(`survives ${MUTATIONS_TOTAL} mutations, each input well under ${TIME_LIMIT_MS} ms`, () => {
    const inputs = seeds();
    const slowest = { pipeline: { ms: 0, what: '' }, attachments: { ms: 0, what: '' } };
    const counts = new Map<string, number>();
    for (let i = 0, applied = 0; applied < MUTATIONS_TOTAL; i++) {
      const seed = BASE_SEED + i;
      const rng = mulberry32(seed);
      const input = rng.pick(inputs);
      let bytes = input.bytes;
      const names: string[] = [];
      for (let n = 1 + rng.int(3); n > 0; n--) {
        const [name, mutate] = drawMutation(rng);
        bytes = mutate(bytes, rng);
        names.push(name);
        counts.set(name, (counts.get(name) ?? 0) + 1);
      }
      applied += names.length;
      const what = `seed ${seed}: ${input.name} after ${names.join(' + ')}`;
      let timing: Timing;
      try {
        timing = parseAll(bytes);
        // A slow first run is timed again: a GC pause or a busy CPU (other test workers) is
        // not the parser's fault, while super-linear work is slow every time.
        if (Math.max(timing.pipelineMs, timing.attachmentsMs) > TIME_LIMIT_MS / 2) timing = fastest(timing, parseAll(bytes));
      } catch (e) {
        throw new Error(`${what} threw: ${e instanceof Error ? e.stack : String(e)}`);
      }
      if (timing.pipelineMs > slowest.pipeline.ms) slowest.pipeline = { ms: timing.pipelineMs, what: `${what} (${timing.detail})` };
      if (timing.attachmentsMs > slowest.attachments.ms) {
        slowest.attachments = { ms: timing.attachmentsMs, what: `${what} (${timing.detail})` };
      }
    }
    expect(counts.get('hugeLine')).toBeGreaterThan(40);
    // The slowest inputs are named (with their seeds) so a regression points at its cause.
    for (const worst of [slowest.pipeline, slowest.attachments]) {
      expect({ slowest: worst.what, under: worst.ms < TIME_LIMIT_MS }).toEqual({ slowest: worst.what, under: true });
    }
  }, 60_000);
});
