// How the staff app writes dates and times: the GOV.UK style ("1 March 2027, 2:30pm"), in London's time.
import { DateTime } from 'luxon';

/**
 * A moment as staff read it, in Europe/London: "1 March 2027, 2:30pm", "1 March 2027, 2pm", "1 March 2027, midday",
 * "1 March 2027, midnight" (GOV.UK style guide, "Times": 5:30pm, not 17:30; midday and midnight, not 12pm or 00:00).
 */
export function ukDateTime(at: Date): string {
  const t = DateTime.fromJSDate(at, { zone: 'Europe/London' });
  const day = t.toFormat('d MMMM yyyy');
  let time: string;
  if (t.hour === 12 && t.minute === 0) time = 'midday';
  else if (t.hour === 0 && t.minute === 0) time = 'midnight';
  else time = `${t.hour % 12 === 0 ? 12 : t.hour % 12}${t.minute === 0 ? '' : `:${String(t.minute).padStart(2, '0')}`}${t.hour < 12 ? 'am' : 'pm'}`;
  return `${day}, ${time}`;
}

/** Words as the start of a sentence: "e-mail to m…" → "E-mail to m…". */
export function sentence(words: string): string {
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** An engine key in words, for what has no name of its own: "receiving-a-contact" → "Receiving a contact". */
export function keyInWords(key: string): string {
  return sentence(key.replace(/[-_]+/g, ' ').trim());
}
