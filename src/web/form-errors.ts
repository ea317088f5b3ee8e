// What a page shows when a form is refused: GOV.UK's error summary linked to the fields, and each field's own message.
/** One thing to correct: its words, and the id of the field it is about (none when it is about the whole form). */
export interface Problem {
  text: string;
  /** The field's id on the page; the summary links to it. */
  fieldId?: string;
}

/** The error summary's list and each field's message, as GOV.UK Frontend's macros take them. */
export interface PageErrors {
  summary: { text: string; href?: string }[];
  fields: Record<string, { text: string }>;
}

/** Problems as the error summary and the fields show them; the first problem of a field is the one on it. */
export function pageErrors(problems: Problem[]): PageErrors {
  const fields: Record<string, { text: string }> = {};
  for (const p of problems) if (p.fieldId && !fields[p.fieldId]) fields[p.fieldId] = { text: p.text };
  return {
    summary: problems.map((p) => (p.fieldId ? { text: p.text, href: `#${p.fieldId}` } : { text: p.text })),
    fields,
  };
}

/** GOV.UK's words for a text that is too long: "Why it is deferred must be 2,000 characters or less". */
export function tooLong(what: string, max: number): string {
  return `${what} must be ${max.toLocaleString('en-GB')} characters or less`;
}
