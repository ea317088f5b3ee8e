// The NHS number as the service takes it in, wherever it enters (contacts, referrals, the directory, look-ups): one rule.
import { z } from 'zod';

/** Spaces and dashes dropped: "401 023 2137" and "401-023-2137" are 4010232137. */
export function normaliseNhsNumber(input: string): string {
  return input.replace(/[\s-]/g, '');
}

/**
 * The ranges numbers are issued from, by their first nine digits (the tenth is the check digit). Sources:
 * - Scotland: a CHI number starts with the person's date of birth as DDMMYY (NHS Data Dictionary, "COMMUNITY HEALTH
 *   INDEX NUMBER"), so 010 100 000 to 311 299 999.
 * - England: numbers beginning 3 are issued in England as well (the "NHS number" article on Wikipedia, and the
 *   `nhs-number` crate's range notes that follow it), below Northern Ireland's range.
 * - Northern Ireland: H&C numbers 320 000 001 to 399 999 999 plus the check digit (NHS Data Dictionary, "HEALTH AND
 *   CARE NUMBER").
 * - England, Wales and the Isle of Man: 400 000 000 to 499 999 999 and 600 000 000 to 799 999 999 (the same article,
 *   citing NHS Digital).
 * Everything else is never issued to a person: numbers below 010 100 000 (such as 000 000 0000), 5xx, 8xx (812 to 859
 * is reserved for Ireland's health identifiers) and 9xx, including 999 000 0000 to 999 999 9999, kept for test data.
 */
const ISSUED: readonly (readonly [from: number, to: number])[] = [
  [10_100_000, 311_299_999],
  [300_000_000, 320_000_000],
  [320_000_001, 399_999_999],
  [400_000_000, 499_999_999],
  [600_000_000, 799_999_999],
];

/** Why the number cannot be a person's NHS number, in words staff can act on; undefined when it can be. */
export function nhsNumberProblem(input: string): string | undefined {
  const digits = normaliseNhsNumber(input);
  if (!/^\d{10}$/.test(digits)) return 'is not an NHS number, which has 10 digits';
  // Modulus 11 (NHS Data Dictionary, "NHS NUMBER"): a check digit of 10 is never issued.
  const sum = [...digits.slice(0, 9)].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
  const check = 11 - (sum % 11);
  if (check === 10 || (check === 11 ? 0 : check) !== Number(digits[9])) return 'is not a valid NHS number: check it for a mistyped digit';
  // Every number of one repeated digit passes the check digit; they are placeholders, never issued.
  const base = Number(digits.slice(0, 9));
  if (/^(\d)\1{9}$/.test(digits) || !ISSUED.some(([from, to]) => base >= from && base <= to)) {
    return 'is not an NHS number that is ever issued to a person: leave it out if the person does not know it';
  }
  return undefined;
}

export function isValidNhsNumber(input: string): boolean {
  return nhsNumberProblem(input) === undefined;
}

/**
 * An NHS number (England, Wales, Isle of Man), or a Scottish CHI or Northern Irish H&C number, which share its format:
 * 10 digits, spaces or dashes allowed, with a correct modulus 11 check digit, from a range that is issued to people.
 * Output: the 10 digits alone. It is the key of allocation look-ups, so a placeholder would tie unrelated people together.
 */
export const nhsNumberSchema = z.string().superRefine((s, ctx) => {
  const problem = nhsNumberProblem(s);
  if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: problem });
}).transform(normaliseNhsNumber);
export type NhsNumber = z.output<typeof nhsNumberSchema>;
