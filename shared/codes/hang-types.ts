/**
 * AppHang "Hang Type" decoding (AppHangB1 Sig[4], MoAppHang Sig[5]): a decimal number holding bit
 * flags. Microsoft does not publicly document these flags, so no bit gets a meaning here; each
 * set bit is listed as an undocumented flag. Values seen in real reports (../shared/fixtures):
 * 134742016 (0x08080000, explorer.exe) and 4194304 (0x00400000, MoAppHang Edge); other public
 * reports show 0, 128, 1024, 134217728 and 67246336 (event 1001 pastes). Third-party tools that
 * name these bytes cite no source, so their guesses are not repeated.
 */

/** One line on what a hang is, for display next to hang reports. */
export const HANG_EXPLANATION =
  'A hang means the program stopped responding (its window did not handle input for several seconds) and was then closed; nothing crashed, so there is no exception code.';

/** One line on what the hang signature is. */
export const HANG_SIGNATURE_EXPLANATION =
  'The hang signature is a short hash Windows computes from where the program was stuck; reports with the same value are the same hang, but it is not an address and cannot be turned back into a function name.';

/** Meanings of individual hang-type bits. Empty on purpose: none is publicly documented. */
export const HANG_TYPE_FLAG_MEANINGS: Readonly<Record<number, string>> = {};

/** One set bit of a hang type. */
export interface HangTypeFlag {
  /** Bit index, 0 = least significant. */
  readonly bit: number;
  /** The bit as a value, 8 hex digits with `0x` (`0x08000000`). */
  readonly mask: string;
  /** Documented meaning, or null (all bits today). */
  readonly meaning: string | null;
}

/** A decoded hang type. */
export interface HangTypeDescription {
  /** The value as recorded (trimmed). */
  readonly value: string;
  /** The value as 8 hex digits with `0x`, or null when it is not a 32-bit number. */
  readonly hex: string | null;
  readonly flags: readonly HangTypeFlag[];
  /** One or two plain sentences for display. */
  readonly summary: string;
}

const DECIMAL = /^\d{1,10}$/;
const HEX = /^0x[0-9a-f]{1,8}$/i;
const NOT_DOCUMENTED =
  'Microsoft does not publicly document these flags, so they are shown as recorded; use them to group identical hangs, not to explain them.';

function parseHangType(text: string): number | null {
  const n = DECIMAL.test(text) ? Number(text) : HEX.test(text) ? Number.parseInt(text.slice(2), 16) : NaN;
  return Number.isInteger(n) && n >= 0 && n <= 0xffffffff ? n : null;
}

function mask(bit: number): string {
  return `0x${(2 ** bit).toString(16).padStart(8, '0')}`;
}

/** Decodes a Hang Type value (decimal as WER writes it, or `0x` hex) into its set bits. */
export function describeHangType(value: string): HangTypeDescription {
  const text = value.trim();
  const n = parseHangType(text);
  if (n === null) {
    const summary = `Hang type "${text}" is not a number; it is shown as recorded.`;
    return { value: text, hex: null, flags: [], summary };
  }
  const hex = `0x${n.toString(16).padStart(8, '0')}`;
  const flags: HangTypeFlag[] = [];
  for (let bit = 0; bit < 32; bit++) {
    if (Math.floor(n / 2 ** bit) % 2 === 1) {
      flags.push({ bit, mask: mask(bit), meaning: HANG_TYPE_FLAG_MEANINGS[2 ** bit] ?? null });
    }
  }
  const listed = flags.map((f) => f.meaning ?? `undocumented flag ${f.mask}`).join(', ');
  const head =
    flags.length === 0
      ? `Hang type ${text} (${hex}): no flags set.`
      : `Hang type ${text} (${hex}): ${flags.length} flag${flags.length === 1 ? '' : 's'} set — ${listed}.`;
  return { value: text, hex, flags, summary: `${head} ${NOT_DOCUMENTED}` };
}
