// Dates and times on the London calendar: how every day-based deadline ("N days later at 09:00") is worked out.
import { DateTime, Duration } from 'luxon';

/**
 * The council's time zone. Deadlines given in days are counted in London calendar days and keep their London wall-clock
 * time, so a day is 23 or 25 hours long across a clock change (the last Sundays of March and October: Summer Time Act
 * 1972 as amended by SI 2002/262).
 */
export const LONDON_ZONE = 'Europe/London';

const inLondon = (at: Date) => DateTime.fromMillis(at.getTime(), { zone: LONDON_ZONE });

function calendarDay(day: string): DateTime {
  const d = /^\d{4}-\d{2}-\d{2}$/.test(day) ? DateTime.fromISO(day, { zone: LONDON_ZONE }) : DateTime.invalid('not YYYY-MM-DD');
  if (!d.isValid) throw new RangeError(`"${day}" is not a calendar date (YYYY-MM-DD)`);
  return d;
}

/**
 * The instant that is `hour`:`minute` London time on a calendar day (YYYY-MM-DD), in winter (GMT) and in summer (BST).
 * A time the clocks skip (01:30 on the March change day) is read as the time after the skip. Throws a RangeError when
 * the day is not a calendar date or the time not a time of day.
 */
export function atLondonTime(day: string, hour: number, minute = 0): Date {
  const ok = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;
  if (!ok(hour, 23) || !ok(minute, 59)) throw new RangeError(`${hour}:${minute} is not a time of day`);
  return calendarDay(day).set({ hour, minute }).toJSDate();
}

/** The London calendar day (YYYY-MM-DD) an instant falls on. */
export function londonDay(at: Date): string {
  return inLondon(at).toISODate()!;
}

/** The calendar day `days` after (or, negative, before) a calendar day (YYYY-MM-DD). */
export function addDays(day: string, days: number): string {
  return calendarDay(day).plus({ days }).toISODate()!;
}

const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$/;

/**
 * An ISO 8601 duration after `at` (P14D, P2D, PT4H, P1DT12H, P1W, P1M): years, months, weeks and days on the London
 * calendar, keeping the London time of day; hours, minutes and seconds as elapsed time. So P1D from 10:00 on the
 * Saturday before a clock change is 10:00 on the Sunday, 23 or 25 hours later, while PT24H is exactly 24 hours.
 * Throws a RangeError for anything that is not such a duration.
 */
export function addDuration(at: Date, duration: string): Date {
  const d = DURATION.test(duration) ? Duration.fromISO(duration) : Duration.invalid('not an ISO 8601 duration');
  if (!d.isValid) throw new RangeError(`"${duration}" is not an ISO 8601 duration (such as P14D or PT4H)`);
  // Luxon adds the calendar units first, keeping the wall-clock time, then the clock units as elapsed time.
  return inLondon(at).plus(d).toJSDate();
}

