// A contact with adult social care: its schema (the API's and the store's type), routing facts, and journey stages in plain words.
import { z } from 'zod';
import { isValidNhsNumber, normaliseNhsNumber } from './nhs-number';

export const CHANNELS = ['phone', 'email', 'text', 'letter', 'web-form', 'partner-checklist'] as const;
export const CONTACT_METHODS = ['phone', 'email', 'text', 'letter', 'face-to-face'] as const;
export const COMMUNICATION_NEEDS = [
  'interpreter', 'british-sign-language', 'easy-read', 'large-print', 'braille', 'audio', 'hearing-loop', 'other',
] as const;

const text = (max: number) => z.string().trim().min(1).max(max);
/** A calendar date in the past, with one message for whatever is wrong with it. */
const pastDate = z.string().superRefine((s, ctx) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s))) ctx.addIssue({ code: 'custom', message: 'must be a real date, YYYY-MM-DD' });
  else if (Date.parse(s) > Date.now()) ctx.addIssue({ code: 'custom', message: 'cannot be in the future' });
});

/** C1: someone other than the person needs the person's consent or legal authority to act for them. */
export const madeBySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('the-person') }),
  z.object({
    kind: z.literal('someone-else'),
    name: text(200),
    relationship: text(100),
    organisation: text(200).optional(),
    basis: z.enum(['consent', 'legal-authority'], { message: 'say whether the person consented or what legal authority there is' }),
    authorityDetail: text(500).optional(),
  }),
]).refine((m) => m.kind !== 'someone-else' || m.basis !== 'legal-authority' || m.authorityDetail, {
  message: 'name the legal authority (for example a lasting power of attorney or a deputyship order)',
  path: ['authorityDetail'],
});

export const personSchema = z
  .object({
    name: text(200),
    dateOfBirth: pastDate,
    address: z.object({ lines: z.array(text(200)).min(1).max(5), postcode: text(10).optional() }),
    nhsNumber: z
      .string()
      .refine(isValidNhsNumber, 'is not a valid NHS number (10 digits with a correct check digit)')
      .transform(normaliseNhsNumber)
      .optional(),
    phone: z.string().trim().regex(/^\+?[\d\s()-]{7,20}$/, 'is not a phone number').optional(),
    email: z.string().trim().email().optional(),
    preferredContactMethod: z.enum(CONTACT_METHODS),
    communicationNeeds: z.array(z.enum(COMMUNICATION_NEEDS)).max(COMMUNICATION_NEEDS.length).default([]),
    interpreterLanguage: text(100).optional(),
    communicationNotes: text(1000).optional(),
  })
  .superRefine((p, ctx) => {
    const needs: Record<string, keyof typeof p> = { phone: 'phone', text: 'phone', email: 'email' };
    const field = needs[p.preferredContactMethod];
    if (field && !p[field]) {
      ctx.addIssue({ code: 'custom', path: [field], message: `is needed to contact the person by ${p.preferredContactMethod}` });
    }
    if (p.communicationNeeds.includes('interpreter') && !p.interpreterLanguage) {
      ctx.addIssue({ code: 'custom', path: ['interpreterLanguage'], message: 'say which language the interpreter is for' });
    }
  });

export const flagsSchema = z
  .object({
    urgent: z.boolean().default(false),
    safeguardingConcern: z.boolean().default(false),
    imminentDanger: z.boolean().default(false),
    namedWorkerAskedFor: z.boolean().default(false),
  })
  .default({});

export const newContactSchema = z
  .object({
    channel: z.enum(CHANNELS),
    madeBy: madeBySchema,
    person: personSchema,
    presentingIssue: text(4000),
    flags: flagsSchema,
    namedWorkerOrTeam: text(200).optional(),
  })
  .strict()
  .refine((c) => !c.flags.namedWorkerAskedFor || c.namedWorkerOrTeam, {
    message: 'name the worker or team that was asked for',
    path: ['namedWorkerOrTeam'],
  });

export type NewContact = z.infer<typeof newContactSchema>;
export type NewContactInput = z.input<typeof newContactSchema>;

/** What the process may know: ids and routing facts, never the person (Caldicott: minimum necessary). */
export const routingFactsSchema = z.object({
  contactId: z.string().uuid(),
  channel: z.enum(CHANNELS),
  urgent: z.boolean(),
  safeguardingConcern: z.boolean(),
  imminentDanger: z.boolean(),
  namedWorkerAskedFor: z.boolean(),
});
export type RoutingFacts = z.infer<typeof routingFactsSchema>;

export function routingFacts(contactId: string, c: NewContact): RoutingFacts {
  return { contactId, channel: c.channel, ...c.flags };
}

export const STAGES = [
  'received', 'recorded', 'safeguarding-concern-raised', 'response-standard-missed', 'information-and-advice-given', 'follow-up-due', 'passed-on',
] as const;
export type Stage = (typeof STAGES)[number];

export const RISKS = ['immediate', 'high', 'low'] as const;
export type Risk = (typeof RISKS)[number];

export interface StageEvent {
  stage: Stage;
  at: Date;
  detail: Record<string, unknown>;
}

export interface ContactRecord extends NewContact {
  id: string;
  receivedAt: Date;
  stage: Stage;
  processInstanceKey?: string;
  history: StageEvent[];
}

/** The ISO 8601 durations decision tables and queries use: weeks, days, hours, minutes. */
export const DURATION = /^P(?=\d|T\d)(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/;

function durationParts(iso: string): [number, number, number, number] | undefined {
  const m = DURATION.exec(iso);
  return m ? [Number(m[1] ?? 0), Number(m[2] ?? 0), Number(m[3] ?? 0), Number(m[4] ?? 0)] : undefined;
}

/** "P14D" → "14 days". */
export function describeDuration(iso: string): string {
  const parts = durationParts(iso);
  if (!parts) return iso;
  const units = ['week', 'day', 'hour', 'minute'];
  const words = parts.flatMap((n, i) => (n ? [`${n} ${units[i]}${n === 1 ? '' : 's'}`] : []));
  return words.join(' ') || 'now';
}

/** "PT4H" → 14 400 000. */
export function durationMs(iso: string): number {
  const [w, d, h, m] = durationParts(iso) ?? [0, 0, 0, 0];
  return (((w * 7 + d) * 24 + h) * 60 + m) * 60_000;
}

/** Where the journey stands, in the words a contact advisor would use. */
export function describeStage(record: Pick<ContactRecord, 'stage' | 'history'>): string {
  const detail = record.history.find((e) => e.stage === record.stage)?.detail ?? {};
  switch (record.stage) {
    case 'received':
      return 'Contact received; it is being recorded.';
    case 'recorded':
      return 'Contact recorded; waiting for screening and triage.';
    case 'safeguarding-concern-raised':
      return detail.imminentDanger
        ? 'Safeguarding concern raised at once: the person is in imminent danger, so the police (999) and medical help are needed now.'
        : 'Safeguarding concern raised.';
    case 'information-and-advice-given':
      return `Information and advice given; a follow-up call is due in ${describeDuration(String(detail.followUpAfter))} (${String(detail.risk)} risk).`;
    case 'follow-up-due':
      return 'The follow-up call is due.';
    case 'response-standard-missed':
      return 'Not triaged within the 2-hour standard; a team manager is chasing it.';
    case 'passed-on':
      return `Passed on: ${String(detail.outcome).replace(/-/g, ' ')}.`;
  }
}
