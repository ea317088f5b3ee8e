// What a name or free text may hold: one definition of "a line of text" and "a block of text", for everything that
// reaches letters, e-mails, screens and the case store.
import { z } from 'zod';

/**
 * Characters no text the service takes may hold, whatever it is, each with the words staff read:
 * - C0 and C1 control characters and DEL (NUL, escape sequences that repaint a terminal, form feeds); a block of text
 *   keeps line breaks and tabs (below);
 * - bidirectional controls, which reorder what a reader sees (U+202E RIGHT-TO-LEFT OVERRIDE makes "exe.doc" read
 *   "cod.exe"): embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the marks U+200E, U+200F, U+061C;
 * - invisible characters that make two texts that look the same differ (a name that cannot be found): zero-width space
 *   U+200B, word joiner U+2060, the invisible operators U+2061–U+2064, the byte-order mark U+FEFF, soft hyphen U+00AD,
 *   and the line and paragraph separators U+2028, U+2029, which some screens and e-mails break on and others do not;
 * - a lone half of a surrogate pair: not a character at all.
 * Zero-width non-joiner and joiner (U+200C, U+200D) are spelling in Persian, Urdu and Indic scripts and in emoji, so
 * they are taken between two letters, marks or symbols and refused anywhere else.
 * Sources: Unicode TR 36 (security considerations) and TR 9 (the bidirectional algorithm); GOV.UK Notify refuses
 * control characters in personalisation as well.
 */
const FORBIDDEN: [RegExp, string][] = [
  [/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/u, 'has an invisible character that changes the direction of the text: type it again without it'],
  [/[\u200B\u2060-\u2064\uFEFF\u00AD\u2028\u2029]/u, 'has an invisible character (such as a zero-width space): type it again without it'],
  [/(?<![\p{L}\p{M}\p{S}])[\u200C\u200D]|[\u200C\u200D](?![\p{L}\p{M}\p{S}])/u, 'has an invisible joining character that is not between two letters: type it again without it'],
  [/\p{Cs}/u, 'has a character that is not text: type it again'],
];

// \p{Cc}: C0 (U+0000–U+001F), DEL and C1 (U+0080–U+009F).
const CONTROL_IN_LINE = /\p{Cc}/u;
const CONTROL_IN_BLOCK = /(?![\n\t])\p{Cc}/u;

function check(s: string, control: RegExp, controlWords: string, ctx: z.RefinementCtx): void {
  if (control.test(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: controlWords });
  for (const [pattern, words] of FORBIDDEN) {
    if (pattern.test(s)) ctx.addIssue({ code: z.ZodIssueCode.custom, message: words });
  }
}

const LINE_CONTROL = 'must be one line: it has a line break, a tab or another control character';
const BLOCK_CONTROL = 'has a control character (not a letter, a line break or a tab): type it again without it';

/**
 * A line of text: a name, a relationship, an organisation, a subject, an address line. Surrounding white space is
 * removed; then it must be 1 to `max` characters (`min` 0 lets an empty answer through, as a form's blank field) with
 * no control character at all (no line break or tab either) and none of the invisible characters above. Output: the
 * trimmed string. Errors: "cannot be empty", "can be at most N characters", or what is wrong in plain words.
 */
export function line(max: number, { min = 1 }: { min?: number } = {}) {
  return z.string().trim().min(min).max(max).superRefine((s, ctx) => check(s, CONTROL_IN_LINE, LINE_CONTROL, ctx));
}

/**
 * A block of text: a presenting issue, notes, a rationale, a message's body. Surrounding white space is removed and
 * line endings become "\n" (so "\r\n" from a browser is kept as a line break); then it must be 1 to `max` characters,
 * with line breaks and tabs the only control characters, and none of the invisible characters above. Output: the
 * trimmed string with "\n" line breaks. Errors as for `line`.
 */
export function block(max: number, { min = 1 }: { min?: number } = {}) {
  return z
    .string()
    .trim()
    .transform((s) => s.replace(/\r\n?/g, '\n'))
    .pipe(z.string().min(min).max(max).superRefine((s, ctx) => check(s, CONTROL_IN_BLOCK, BLOCK_CONTROL, ctx)));
}
