/** FILETIME and SYSTEMTIME rendering as Windows' XML export writes them. */

const EPOCH_DIFF_TICKS = 116444736000000000n;
const TICKS_PER_MS = 10000n;
/** Date's range is ±8.64e15 ms; anything outside cannot be rendered. */
const MAX_DATE_MS = 8_640_000_000_000_000n;

/** A FILETIME (100 ns ticks since 1601) as `YYYY-MM-DDTHH:MM:SS.fffffffZ`, or null when out of range. */
export function fileTimeToIso(ticks: bigint): string | null {
  // A record's header time and its TimeCreated are the same value: render it once.
  if (ticks === lastTicks) return lastIso;
  lastTicks = ticks;
  lastIso = render(ticks);
  return lastIso;
}

let lastTicks = -1n;
let lastIso: string | null = null;

function render(ticks: bigint): string | null {
  const sinceUnix = ticks - EPOCH_DIFF_TICKS;
  let ms = sinceUnix / TICKS_PER_MS;
  let rest = sinceUnix % TICKS_PER_MS;
  // BigInt division truncates toward zero; pre-1970 times need the floor.
  if (rest < 0n) {
    ms -= 1n;
    rest += TICKS_PER_MS;
  }
  if (ms > MAX_DATE_MS || ms < -MAX_DATE_MS) return null;
  const iso = new Date(Number(ms)).toISOString();
  if (!iso.startsWith('1') && !iso.startsWith('2')) return null;
  const fraction = iso.slice(20, 23) + rest.toString().padStart(4, '0');
  return `${iso.slice(0, 19)}.${fraction}Z`;
}

/** A 16-byte SYSTEMTIME as ISO-8601 UTC with milliseconds, or null when its fields are impossible. */
export function systemTimeToIso(bytes: Uint8Array, at: number): string | null {
  if (at + 16 > bytes.length) return null;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + at, 16);
  const year = dv.getUint16(0, true);
  const month = dv.getUint16(2, true);
  const day = dv.getUint16(6, true);
  const hour = dv.getUint16(8, true);
  const minute = dv.getUint16(10, true);
  const second = dv.getUint16(12, true);
  const ms = dv.getUint16(14, true);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59 || ms > 999) return null;
  const pad = (n: number, w: number): string => n.toString().padStart(w, '0');
  return `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}.${pad(ms, 3)}Z`;
}
