// Calendar dates as people and staff give them: a day that exists, never rolled over, within the range its field allows on London's calendar.
import { DateTime } from 'luxon';
import { z } from 'zod';
import { londonDay } from './london-calendar';

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/**
 * Why a text is not a calendar date, in words staff can act on: "write the date as YYYY-MM-DD …" for another format,
 * "there is no 29 February in 1943" for a day the calendar does not have; undefined for a real day.
 */
export function notACalendarDate(s: string): string | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return 'write the date as year, month and day, YYYY-MM-DD, such as 1941-05-17';
  if (z.string().date().safeParse(s).success) return undefined;
  const [, year, month, day] = m as unknown as [string, string, string, string];
  const name = MONTHS[Number(month) - 1];
  if (!name) return `is not a date: there is no month ${month}`;
  return `is not a date: there is no ${Number(day)} ${name} in ${year}`;
}

/**
 * A calendar date, YYYY-MM-DD (ISO 8601), strictly: a day that is not on the calendar (2027-02-29, 2026-04-31) is
 * refused, never rolled over into the next month as `Date.parse` does. Zod's own date check, which knows leap years.
 * Alone, for dates handed back by the engine, already checked against their range when they entered.
 */
export const calendarDateSchema = z.string().superRefine((s, ctx) => {
  const problem = notACalendarDate(s);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
});
export type CalendarDate = z.output<typeof calendarDateSchema>;

/** The same day `n` years after (before, when negative) `day`; 29 February becomes the 28th in a year without one. */
export function addYears(day: CalendarDate, n: number): CalendarDate {
  // Luxon keeps the day of the month where it can and otherwise takes the month's last day.
  return DateTime.fromISO(day, { zone: 'utc' }).plus({ years: n }).toISODate()!;
}

const LONG = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
/** A day as staff read it: "1 March 2027". */
export const describeDay = (day: CalendarDate): string => LONG.format(new Date(`${day}T00:00:00Z`));

/** The days a date field accepts, relative to London's today, and what staff are told when a date falls outside them. */
export interface DateRange {
  earliest(today: CalendarDate): CalendarDate;
  latest(today: CalendarDate): CalendarDate;
  /** The field error for a day before `earliest` (given as "1 March 2027"). */
  tooEarly(earliest: string): string;
  tooLate(latest: string): string;
}

/** A date of birth: not in the future, and not more than 130 years ago (nobody living is older: the year is mistyped). */
export const DATE_OF_BIRTH: DateRange = {
  earliest: (today) => addYears(today, -130),
  latest: (today) => today,
  tooEarly: (d) => `cannot be before ${d} (more than 130 years ago): check the year`,
  tooLate: () => 'cannot be in the future: check the year',
};

/** C4: the day a letter arrived: not in the future, and not more than a year ago, since letters are logged as they arrive. */
export const LETTER_RECEIVED: DateRange = {
  earliest: (today) => addYears(today, -1),
  latest: (today) => today,
  tooEarly: (d) => `cannot be before ${d} (more than a year ago): check the year`,
  tooLate: () => 'cannot be in the future: give the day the letter arrived',
};

/** C8: the day the person is told they will next hear from us: today or later, and not more than a year ahead. */
export const PROMISED_CONTACT: DateRange = {
  earliest: (today) => today,
  latest: (today) => addYears(today, 1),
  tooEarly: () => 'cannot be in the past: agree today or a later day with the person',
  tooLate: (d) => `cannot be after ${d} (more than a year ahead): agree a nearer day with the person`,
};

/** F1: the day a best-interests decision for the person was made: not in the future, and within the past year. */
export const BEST_INTERESTS_DECIDED: DateRange = {
  earliest: (today) => addYears(today, -1),
  latest: (today) => today,
  tooEarly: (d) => `cannot be before ${d} (more than a year ago): a decision for this contact is recent; check the year`,
  tooLate: () => 'cannot be in the future: give the day the decision was made',
};

/** U2: the day support starts, from which its reviews are scheduled: within a year before or after today. */
export const SUPPORT_STARTS: DateRange = {
  earliest: (today) => addYears(today, -1),
  latest: (today) => addYears(today, 1),
  tooEarly: (d) => `cannot be before ${d} (more than a year ago): check the year`,
  tooLate: (d) => `cannot be after ${d} (more than a year ahead): check the year`,
};

/** Why `day` is not a date the range accepts on London's `today`, in words staff can act on; undefined when it is. */
export function dateProblem(range: DateRange, day: string, today: CalendarDate): string | undefined {
  const notADay = notACalendarDate(day);
  if (notADay) return notADay;
  const earliest = range.earliest(today);
  const latest = range.latest(today);
  if (day < earliest) return range.tooEarly(describeDay(earliest));
  if (day > latest) return range.tooLate(describeDay(latest));
  return undefined;
}

/**
 * A calendar date within `range`, judged on London's day today: by the service's clock unless `today` is given. For
 * fields of a request's body; a completed form's dates are judged on the engine's day instead (see `completionProblems`).
 */
export function calendarDateIn(range: DateRange, today: () => CalendarDate = () => londonDay(new Date())) {
  return z.string().superRefine((day, ctx) => {
    const problem = dateProblem(range, day, today());
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
  });
}
