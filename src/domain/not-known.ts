// "Not known" and "none": answers a record can hold for a part nobody can give, kept apart from a part left blank (F2).
import { z } from 'zod';
import { block } from './text';

const reason = block(1000);

/**
 * The answer for a part nobody can give: `{ "notKnown": true }` when it cannot be found out now (the person does not
 * know their National Insurance number), `{ "none": true }` when there is nothing to give (no previous name). Either may
 * say why (`reason`). A part left out is blank: still to be gathered.
 */
export const notKnownOrNoneSchema = z.union([
  z.object({ notKnown: z.literal(true), reason: reason.optional() }).strict(),
  z.object({ none: z.literal(true), reason: reason.optional() }).strict(),
]);
export type NotKnownOrNone = z.infer<typeof notKnownOrNoneSchema>;

const NEEDS_AN_ANSWER = 'needs an answer, or "not known" ({ "notKnown": true }) or "none" ({ "none": true }) when there is none to give';

/**
 * One part of a record: its value, checked by the value's own schema, or "not known" or "none". The one shape every
 * such part takes. A wrong value is told what its own schema says ("is not a valid NHS number …"), not that it matches
 * neither shape.
 */
export function answer<T extends z.ZodTypeAny>(value: T) {
  return z.union([value, notKnownOrNoneSchema], {
    errorMap: (issue, ctx) => {
      if (issue.code !== z.ZodIssueCode.invalid_union) return { message: ctx.defaultError };
      const givenAValue = typeof ctx.data !== 'object' || ctx.data === null;
      const valueProblem = givenAValue ? issue.unionErrors[0]?.issues[0] : undefined;
      return { message: valueProblem && valueProblem.path.length === issue.path.length ? valueProblem.message : NEEDS_AN_ANSWER };
    },
  });
}

export const isNotKnownOrNone = (v: unknown): v is NotKnownOrNone => notKnownOrNoneSchema.safeParse(v).success;
