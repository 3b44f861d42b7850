/** Bytes read before a candidate return address: the longest call form (FF /2 SIB disp32) is 7. */
export const CALL_WINDOW = 7;

/**
 * Whether the bytes just before a return address end with a call instruction: `E8 rel32`, or
 * `FF /2` in any ModRM form (register, [reg], [reg+disp8], [reg+disp32], [rip+disp32], with or
 * without SIB). `before` holds the CALL_WINDOW bytes that precede the address (fewer near the
 * start of the image). A REX prefix needs no check: it sits before the opcode.
 */
export function followsCall(before: Uint8Array): boolean {
  const n = before.length;
  const at = (back: number): number => (back <= n ? before[n - back]! : -1);
  if (at(5) === 0xe8) return true;
  // FF with ModRM.reg = 2, at each possible instruction length.
  const modrmIs = (back: number, mod: number, rm: ((r: number) => boolean) | null): boolean => {
    const m = at(back);
    return at(back + 1) === 0xff && m >= 0 && ((m >> 3) & 7) === 2 && m >> 6 === mod && (rm === null || rm(m & 7));
  };
  const noSibNoRip = (r: number): boolean => r !== 4 && r !== 5;
  if (modrmIs(1, 3, null)) return true; // call reg
  if (modrmIs(1, 0, noSibNoRip)) return true; // call [reg]
  if (modrmIs(2, 0, (r) => r === 4) && (at(1) & 7) !== 5) return true; // call [sib]
  if (modrmIs(5, 0, (r) => r === 5)) return true; // call [rip+disp32]
  if (modrmIs(6, 0, (r) => r === 4) && (at(5) & 7) === 5) return true; // call [sib with disp32, no base]
  if (modrmIs(2, 1, (r) => r !== 4)) return true; // call [reg+disp8]
  if (modrmIs(3, 1, (r) => r === 4)) return true; // call [sib+disp8]
  if (modrmIs(5, 2, (r) => r !== 4)) return true; // call [reg+disp32]
  if (modrmIs(6, 2, (r) => r === 4)) return true; // call [sib+disp32]
  return false;
}
