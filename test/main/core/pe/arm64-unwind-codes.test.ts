/**
 * ARM64 unwind codes that LLVM 14 cannot emit (so llvm-readobj cannot check them here), decoded
 * from byte patterns taken from the bit layouts in Microsoft's "ARM64 exception handling" table.
 */
import { arm64CodeLength, decodeArm64UnwindCodes } from '../../../../electron/main/core/pe/arm64-unwind-codes';
import { parseArm64XData } from '../../../../electron/main/core/pe/arm64-xdata';

function decode(bytes: number[]): { codes: ReturnType<typeof decodeArm64UnwindCodes>; problems: string[] } {
  const problems: string[] = [];
  return { codes: decodeArm64UnwindCodes(new Uint8Array(bytes), 0, problems), problems };
}

it('decodes pac_sign_lr, end_c, ec_context, alloc_z and save_any_reg', () => {
  // save_any_reg: 11100111 0pxrrrrr ffoooooo → p=1 (pair), x=0, r=19; ff=01 (D registers), o=2.
  const { codes, problems } = decode([0xfc, 0xe5, 0xeb, 0xdf, 0x03, 0xe7, 0x53, 0x42, 0xe4]);
  expect(problems).toEqual([]);
  expect(codes.map((c) => c.kind)).toEqual(['pac-sign-lr', 'end-c', 'ec-context', 'alloc-z', 'save-any-reg', 'end']);
  expect(codes[3]).toMatchObject({ kind: 'alloc-z', vectors: 3, bytes: [0xdf, 0x03] });
  expect(codes[4]).toMatchObject({ kind: 'save-any-reg', pair: true, writeback: false, register: 19, registerClass: 1, offsetField: 2, index: 5 });
});

it('keeps reserved codes in step by their documented lengths', () => {
  expect([0xf0, 0xf7, 0xf8, 0xf9, 0xfa, 0xfb, 0xfd, 0xff].map(arm64CodeLength)).toEqual([1, 1, 2, 3, 4, 5, 1, 1]);
  const { codes } = decode([0xf8, 0xaa, 0xfb, 1, 2, 3, 4, 0x01, 0xe4]);
  expect(codes.map((c) => [c.kind, c.index])).toEqual([
    ['reserved', 0],
    ['reserved', 2],
    ['alloc-s', 7],
    ['end', 8],
  ]);
});

it('reports a code cut off by the end of the array', () => {
  const { codes, problems } = decode([0x01, 0xe0, 0x00]);
  expect(codes.map((c) => c.kind)).toEqual(['alloc-s']);
  expect(problems).toEqual(['an unwind code at byte 1 is cut off by the end of the code array']);
});

it('bounds a record with 65,535 epilog scopes over a full code array', () => {
  // Extended header: EpilogCount = CodeWords = 0 in the first word, then 65,535 scopes and 255 words.
  const scopes = 65535;
  const words = 255;
  const bytes = new Uint8Array(8 + scopes * 4 + words * 4);
  const dv = new DataView(bytes.buffer);
  dv.setUint32(0, 100, true);
  dv.setUint32(4, scopes | (words << 16), true);
  for (let i = 0; i < scopes; i++) dv.setUint32(8 + i * 4, ((i % 1020) << 22) | i, true);
  // No `end` anywhere: every scope would decode to the end of the array.
  bytes.fill(0xe3, 8 + scopes * 4);
  const problems: string[] = [];
  const started = Date.now();
  const x = parseArm64XData(bytes, 0x1000, problems);
  expect(Date.now() - started).toBeLessThan(2000);
  expect(x?.epilogScopes).toHaveLength(scopes);
  expect(x?.extendedHeader).toBe(true);
  expect(problems).toContainEqual(expect.stringMatching(/more than 16384 epilog codes/));
});
