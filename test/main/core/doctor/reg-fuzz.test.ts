/**
 * Seeded fuzz of the .reg reader and the doctor behind it: 10,000 mutations of a regedit-style
 * export (UTF-16LE with BOM). None may throw or hang; problems stay bounded. A failure names its seed.
 */
import { diagnose } from '../../../../electron/main/core/doctor/run-doctor';
import { parseRegFile } from '../../../../electron/main/core/doctor/parse-reg-file';
import { MAX_PROBLEMS } from '../../../../electron/main/core/doctor/registry-snapshot';
import { mulberry32, type Prng } from '../../../support/prng';
import { REG_PATHS, regFileBytes, regText } from '../../../support/reg-writer';

const BASE_KEYS = [
  { path: REG_PATHS.policy, values: [{ name: 'Disabled', kind: 'dword', data: 0 }, { name: 'MaxQueueSize', kind: 'dword', data: 100 }] },
  { path: REG_PATHS.pchealth, values: [{ name: 'DoReport', kind: 'dword', data: 0 }] },
  { path: `${REG_PATHS.pchealth}\\ExclusionList`, values: [{ name: 'legacy.exe', kind: 'dword', data: 1 }] },
  {
    path: REG_PATHS.machine,
    values: [
      { name: 'Disabled', kind: 'dword', data: 1 },
      { name: 'CorporateWERServer', kind: 'sz', data: 'cer.example.com' },
      { name: 'Multi', kind: 'multi', data: ['a', 'b', 'c'] },
      { name: 'Q', kind: 'qword', data: 7n },
    ],
  },
  { path: `${REG_PATHS.machine}\\Consent`, values: [{ name: 'DefaultConsent', kind: 'dword', data: 1 }] },
  { path: `${REG_PATHS.machine}\\ExcludedApplications`, values: [{ name: 'skip.exe', kind: 'dword', data: 1 }] },
  { path: `${REG_PATHS.machine}\\LocalDumps\\crashy.exe`, values: [{ name: 'DumpFolder', kind: 'expand', data: '%LOCALAPPDATA%\\CrashDumps\\crashy with a long folder name' }, { name: 'DumpType', kind: 'dword', data: 2 }] },
  { path: `${REG_PATHS.user}\\LocalDumps`, values: [{ name: 'DumpCount', kind: 'dword', data: 3 }] },
  { path: `${REG_PATHS.machine}\\Old`, deleted: true },
] as const;

const TOKENS = ['\\', '"', '[', ']', '[-', '=', '=-', 'hex(2):', 'hex(7):', 'hex:', 'dword:', ',', '\r\n', '\n', '\0', ';', '@', '\\\r\n  ', 'ff,', 'HKEY_LOCAL_MACHINE\\'];

function mutate(base: Buffer, rng: Prng): Buffer {
  let b = Buffer.from(base);
  const rounds = 1 + rng.int(4);
  for (let r = 0; r < rounds; r++) {
    const at = rng.int(b.length + 1);
    switch (rng.int(6)) {
      case 0:
        if (b.length > 0) b[Math.min(at, b.length - 1)] = rng.int(256);
        break;
      case 1:
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + rng.int(64)))]);
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + rng.int(200)), b.subarray(at)]);
        break;
      case 3:
        // Tokens in the file's own encoding, usually, so they reach the parser's branches.
        b = Buffer.concat([b.subarray(0, at & ~1), Buffer.from(rng.pick(TOKENS), rng.int(4) === 0 ? 'latin1' : 'utf16le'), b.subarray(at & ~1)]);
        break;
      case 4:
        b = b.subarray(0, at);
        break;
      default:
        b = Buffer.concat([b.subarray(0, at), Buffer.from(Array.from({ length: 1 + rng.int(16) }, () => rng.int(256))), b.subarray(at)]);
    }
  }
  return b;
}

describe('.reg fuzz', () => {
  test('10,000 seeded mutations: no throw, no hang, bounded problems', () => {
    const utf16 = regFileBytes(BASE_KEYS);
    const ansi = Buffer.from(regText(BASE_KEYS, 4), 'latin1');
    const started = performance.now();
    let parsedCount = 0;
    for (let seed = 1; seed <= 10_000; seed++) {
      const rng = mulberry32(seed);
      const input = mutate(seed % 5 === 0 ? ansi : utf16, rng);
      try {
        const r = parseRegFile(input);
        if (!r.ok) continue;
        parsedCount++;
        // Plain checks, not expect(): 10,000 matcher calls would cost more than the parsing.
        if (r.value.snapshot.problems.length > MAX_PROBLEMS + 1) throw new Error(`${r.value.snapshot.problems.length} problems`);
        const report = diagnose(r.value.snapshot, 'fuzz');
        if (typeof JSON.stringify(report) !== 'string' || report.findings.some((f) => !f.message || !f.fix)) throw new Error('a finding without message or fix');
      } catch (e) {
        throw new Error(`seed ${seed}: ${(e as Error).message}`);
      }
    }
    expect(parsedCount).toBeGreaterThan(9000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });
});
