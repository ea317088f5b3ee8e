// Which part of a list to show: one definition of a page number, a page size and a limit, bounded so no offset overflows.
import { z } from 'zod';

/** The last page anyone may ask for: with the largest page size (500) an offset of 5 million rows at most. */
export const MAX_PAGE = 10_000;

/**
 * A whole number from `min` to `max` written in a query string ("2"), with `fallback` when it is left out. Output: a
 * number. Error: "must be a whole number from 1 to 200". Signs, decimals, exponents ("1e3"), hexadecimal and numbers
 * past 64 bits are refused here rather than reaching the database.
 */
export function wholeNumber(min: number, max: number, fallback: number) {
  const words = `must be a whole number from ${min} to ${max}`;
  return z
    .string({ invalid_type_error: words })
    .regex(/^\d{1,16}$/, words)
    .transform(Number)
    .refine((n) => n >= min && n <= max, words)
    .optional()
    .transform((n) => n ?? fallback);
}

/** ?page=: 1 (the default) to MAX_PAGE. */
export const pageNumber = () => wholeNumber(1, MAX_PAGE, 1);
