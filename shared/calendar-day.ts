/**
 * Calendar days as 'YYYY-MM-DD' strings in a fixed UTC offset. Pure arithmetic on UTC dates, so
 * the result never depends on the time zone of the machine that runs it (UI, CLI or tests).
 */

/** A calendar day, 'YYYY-MM-DD'. */
export type CalendarDay = string;

const DAY_MS = 86_400_000;
// Real offsets lie between UTC-12 and UTC+14; anything else is a caller bug, not a time zone.
const MAX_OFFSET_MINUTES = 14 * 60;
const MAX_DATE_MS = 8.64e15;
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A usable UTC offset in minutes: finite, whole and within ±14 h, else 0. */
export function normalizeUtcOffset(minutes: number | undefined): number {
  if (minutes === undefined || !Number.isFinite(minutes)) return 0;
  return Math.max(-MAX_OFFSET_MINUTES, Math.min(MAX_OFFSET_MINUTES, Math.round(minutes)));
}

function dayOfMs(ms: number): CalendarDay | null {
  const d = new Date(ms);
  return Number.isNaN(d.getTime()) ? null : d.toISOString().slice(0, 10);
}

function msOfDay(day: CalendarDay): number {
  const m = DAY_PATTERN.exec(day);
  if (!m) return Number.NaN;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

/**
 * The days instants fall on at one UTC offset, as `localDay` gives them for their ISO text, each
 * day's text made once: counting a million reports by day makes a few hundred day strings.
 */
export class DayNames {
  private readonly offsetMs: number;
  private readonly names = new Map<number, CalendarDay>();

  constructor(utcOffsetMinutes?: number) {
    this.offsetMs = normalizeUtcOffset(utcOffsetMinutes) * 60_000;
  }

  /** The first instant (ms since 1970) of a day at this offset; NaN when it is not a day. */
  startOf(day: CalendarDay): number {
    return msOfDay(day) - this.offsetMs;
  }

  /** The day of an instant (ms since 1970); null when it is not a time. */
  of(ms: number): CalendarDay | null {
    const day = this.numberOf(ms);
    return Number.isNaN(day) ? null : this.nameOf(day);
  }

  /** The number of the day of an instant (whole days since 1970-01-01 at this offset); NaN when it is not a time. */
  numberOf(ms: number): number {
    const local = ms + this.offsetMs;
    // Beyond ±8.64e15 ms a Date is invalid; every whole day within it is valid.
    return Math.abs(local) <= MAX_DATE_MS ? Math.floor(local / DAY_MS) : Number.NaN;
  }

  /** The day a number of `numberOf` stands for. */
  nameOf(day: number): CalendarDay {
    let name = this.names.get(day);
    if (name === undefined) {
      name = dayOfMs(day * DAY_MS) as CalendarDay;
      this.names.set(day, name);
    }
    return name;
  }
}

/** Whether a string is a real 'YYYY-MM-DD' day (not 2026-02-30). */
export function isCalendarDay(value: string): boolean {
  const ms = msOfDay(value);
  return !Number.isNaN(ms) && dayOfMs(ms) === value;
}

/** The day an ISO-8601 instant falls on at the given UTC offset; null when it is not a time. */
export function localDay(iso: string, utcOffsetMinutes = 0): CalendarDay | null {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return dayOfMs(ms + normalizeUtcOffset(utcOffsetMinutes) * 60_000);
}

/** A 'YYYY-MM-DD' day taken as is, or an ISO instant converted to its day at the offset. */
export function toCalendarDay(value: string, utcOffsetMinutes = 0): CalendarDay | null {
  const v = value.trim();
  if (DAY_PATTERN.test(v)) return isCalendarDay(v) ? v : null;
  return localDay(v, utcOffsetMinutes);
}

/** The day `n` days after (or before, for negative n) the given day. */
export function addDays(day: CalendarDay, n: number): CalendarDay {
  return dayOfMs(msOfDay(day) + n * DAY_MS) ?? day;
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: CalendarDay, b: CalendarDay): number {
  return Math.round((msOfDay(b) - msOfDay(a)) / DAY_MS);
}

/** The Monday that starts the ISO week the day belongs to. */
export function weekStart(day: CalendarDay): CalendarDay {
  const weekday = new Date(msOfDay(day)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}
