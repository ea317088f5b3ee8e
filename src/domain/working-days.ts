// Working days in England and Wales: Monday to Friday, except the bank holidays GOV.UK publishes. The list is a copy of
// GOV.UK's bank holidays JSON (src/domain/data/bank-holidays.json), refreshed with `npm run bank-holidays`.
import { DateTime } from 'luxon';
import { z } from 'zod';
import published from './data/bank-holidays.json';
import { addDays, atLondonTime, LONDON_ZONE, londonDay } from './london-calendar';

/** GOV.UK's bank holidays JSON, the division this council is in; also what the refresh command checks it receives. */
export const bankHolidaysSchema = z.object({
  'england-and-wales': z.object({
    division: z.literal('england-and-wales'),
    events: z.array(z.object({ title: z.string().min(1), date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/), notes: z.string(), bunting: z.boolean() })).min(1),
  }),
}).passthrough();

const events = bankHolidaysSchema.parse(published)['england-and-wales'].events;
// "Boxing Day (substitute day)": the day off given when the holiday itself falls on a weekend.
const BANK_HOLIDAYS = new Map(events.map((e) => [e.date, e.notes ? `${e.title} (${e.notes.toLowerCase()})` : e.title]));

/** The last bank holiday in the copy (YYYY-MM-DD): past it, only weekends are known not to be working days. */
export const BANK_HOLIDAYS_KNOWN_UNTIL = events.map((e) => e.date).sort().at(-1) as string;

const WEEKDAY = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const dayOfWeek = (day: string) => new Date(`${day}T12:00:00Z`).getUTCDay();

/** Why a calendar day (YYYY-MM-DD) is not a working day, in words ("a Saturday", "Christmas Day"); undefined when it is one. */
export function notAWorkingDay(day: string): string | undefined {
  const holiday = BANK_HOLIDAYS.get(day);
  if (holiday) return `${holiday}, a bank holiday`;
  const weekday = dayOfWeek(day);
  return weekday === 0 || weekday === 6 ? `a ${WEEKDAY[weekday]}` : undefined;
}

/** The day itself when it is a working day, otherwise the next one (YYYY-MM-DD → YYYY-MM-DD). */
export function nextWorkingDay(day: string): string {
  let d = day;
  while (notAWorkingDay(d)) d = addDays(d, 1);
  return d;
}

/**
 * A deadline for a person or a practitioner, moved to the same London time on the next working day when it falls on a
 * weekend or a bank holiday (a follow-up due on Christmas Day falls due on the 29th at the same hour). Deadlines that
 * must never wait (safeguarding, 999) do not come through here.
 */
export function onAWorkingDay(at: Date): Date {
  const day = londonDay(at);
  const worked = nextWorkingDay(day);
  if (worked === day) return at;
  const time = DateTime.fromJSDate(at, { zone: LONDON_ZONE });
  return atLondonTime(worked, time.hour, time.minute);
}
