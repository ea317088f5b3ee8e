// A contact with adult social care: its schema (the API's and the store's type), routing facts, and journey stages in plain words.
import { z } from 'zod';
import { block, line } from './text';
import { calendarDateIn, DATE_OF_BIRTH, LETTER_RECEIVED } from './calendar-date';
import { addressLineSchema, emailAddressSchema, languageSchema, letterAddress, phoneNumberSchema, postcodeSchema, textMessageProblem } from './contact-details';
import { nhsNumberSchema } from './nhs-number';

export const CHANNELS = ['phone', 'email', 'text', 'letter', 'web-form', 'partner-checklist'] as const;
export const CONTACT_METHODS = ['phone', 'email', 'text', 'letter', 'face-to-face'] as const;
export const COMMUNICATION_NEEDS = [
  'interpreter', 'british-sign-language', 'easy-read', 'large-print', 'braille', 'audio', 'hearing-loop', 'other',
] as const;

/**
 * C1: on what basis someone other than the person acts for them. Recording a contact does not wait for it (seed 002:
 * establishing consent or authority is a step of the contact, not a condition of hearing it): "not-yet-known" until
 * triage establishes it.
 */
export const BASES = ['consent', 'legal-authority', 'not-yet-known'] as const;
const BASIS_WORDS: Record<(typeof BASES)[number], string> = {
  consent: 'with the person\'s consent', 'legal-authority': 'with legal authority to act for them', 'not-yet-known': 'consent not yet known',
};

/** "Daughter (consent not yet known)": who made a contact, in words, for staff. */
export function describeMadeBy(m: MadeBy): string {
  return m.kind === 'the-person' ? 'the person' : `${m.relationship} (${BASIS_WORDS[m.basis]})`;
}

/** C1: the person, or someone else acting with their consent, with legal authority, or on a basis not yet known. */
export const madeBySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('the-person') }),
  z.object({
    kind: z.literal('someone-else'),
    name: line(200),
    relationship: line(100),
    organisation: line(200).optional(),
    basis: z.enum(BASES, { message: 'must be consent, legal-authority or not-yet-known' }).default('not-yet-known'),
    authorityDetail: block(500).optional(),
    /** Where to acknowledge a written contact from someone other than the person (C3, C4). */
    replyTo: z.object({
      email: emailAddressSchema.optional(),
      phone: phoneNumberSchema.optional(),
      addressLines: z.array(addressLineSchema).min(1).max(5).optional(),
      postcode: postcodeSchema.optional(),
    }).strict().optional(),
  }),
]).refine((m) => m.kind !== 'someone-else' || m.basis !== 'legal-authority' || m.authorityDetail, {
  message: 'name the legal authority (for example a lasting power of attorney or a deputyship order)',
  path: ['authorityDetail'],
});

export type MadeBy = z.output<typeof madeBySchema>;

export const personSchema = z
  .object({
    name: line(200),
    /** YYYY-MM-DD, not in the future and not more than 130 years ago (DATE_OF_BIRTH). */
    dateOfBirth: calendarDateIn(DATE_OF_BIRTH),
    /** Where the person lives. A UK address has a postcode; an address abroad ends with its country instead. */
    address: z.object({ lines: z.array(addressLineSchema).min(1).max(5), postcode: postcodeSchema.optional() }),
    nhsNumber: nhsNumberSchema.optional(),
    phone: phoneNumberSchema.optional(),
    email: emailAddressSchema.optional(),
    preferredContactMethod: z.enum(CONTACT_METHODS),
    communicationNeeds: z.array(z.enum(COMMUNICATION_NEEDS)).max(COMMUNICATION_NEEDS.length).default([]),
    interpreterLanguage: languageSchema.optional(),
    communicationNotes: block(1000).optional(),
  })
  .superRefine((p, ctx) => {
    const needs: Record<string, keyof typeof p> = { phone: 'phone', text: 'phone', email: 'email' };
    const field = needs[p.preferredContactMethod];
    if (field && !p[field]) {
      ctx.addIssue({ code: 'custom', path: [field], message: `is needed to contact the person by ${p.preferredContactMethod}` });
    }
    // Only what the chosen way needs is checked further: a landline recorded beside an e-mail address is just a note.
    const untextable = p.preferredContactMethod === 'text' && p.phone ? textMessageProblem(p.phone) : undefined;
    if (untextable) ctx.addIssue({ code: 'custom', path: ['phone'], message: `${untextable}; choose another way to contact the person` });
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

/** C4: a letter is logged the day it arrives; what it asks for decides its acknowledgement and urgency. */
export const letterSchema = z.object({
  /** YYYY-MM-DD, not in the future and not more than a year ago (LETTER_RECEIVED). */
  receivedOn: calendarDateIn(LETTER_RECEIVED),
  markedUrgent: z.boolean().default(false),
  acknowledgementRequested: z.boolean().default(false),
  formal: z.enum(['no', 'solicitor', 'court', 'other-formal']).default('no'),
}).strict();

/** The detail a reply on the contact's own channel needs: an e-mail is answered by e-mail, a text by text, a letter by post. */
const REPLY_FIELD = { email: 'email', text: 'phone', letter: 'addressLines' } as const;

export const newContactSchema = z
  .object({
    channel: z.enum(CHANNELS),
    madeBy: madeBySchema,
    person: personSchema,
    presentingIssue: block(4000),
    flags: flagsSchema,
    namedWorkerOrTeam: line(200).optional(),
    letter: letterSchema.optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.flags.namedWorkerAskedFor && !c.namedWorkerOrTeam) {
      ctx.addIssue({ code: 'custom', path: ['namedWorkerOrTeam'], message: 'name the worker or team that was asked for' });
    }
    if (c.channel === 'letter' && !c.letter) {
      ctx.addIssue({ code: 'custom', path: ['letter'], message: 'a letter needs the day it arrived and what it asks for' });
    }
    if (c.channel !== 'letter' && c.letter) {
      ctx.addIssue({ code: 'custom', path: ['letter'], message: 'only a contact by letter has letter details' });
    }
    const field = REPLY_FIELD[c.channel as keyof typeof REPLY_FIELD];
    const someoneElse = c.madeBy.kind === 'someone-else';
    if (field && c.madeBy.kind === 'someone-else' && !c.madeBy.replyTo?.[field]) {
      ctx.addIssue({ code: 'custom', path: ['madeBy', 'replyTo', field], message: `is needed to acknowledge a ${c.channel} from someone other than the person` });
    }
    // Whoever may be written to or texted must have details Notify can send to; nobody else's are checked further.
    if ((c.channel === 'letter' && !someoneElse) || c.person.preferredContactMethod === 'letter') {
      const letter = letterAddress(c.person.name, c.person.address);
      if ('problem' in letter) ctx.addIssue({ code: 'custom', path: ['person', 'address'], message: `${letter.problem} (needed to write to the person)` });
    }
    if (c.channel === 'letter' && c.madeBy.kind === 'someone-else' && c.madeBy.replyTo?.addressLines) {
      const letter = letterAddress(c.madeBy.name, { lines: c.madeBy.replyTo.addressLines, postcode: c.madeBy.replyTo.postcode });
      if ('problem' in letter) ctx.addIssue({ code: 'custom', path: ['madeBy', 'replyTo', 'addressLines'], message: `${letter.problem} (needed to acknowledge the letter)` });
    }
    const textTo = c.channel !== 'text' ? undefined : c.madeBy.kind === 'someone-else' ? { phone: c.madeBy.replyTo?.phone, path: ['madeBy', 'replyTo', 'phone'] } : { phone: c.person.phone, path: ['person', 'phone'] };
    const untextable = textTo?.phone ? textMessageProblem(textTo.phone) : undefined;
    if (textTo && untextable) ctx.addIssue({ code: 'custom', path: textTo.path, message: `${untextable} (needed to acknowledge the text)` });
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
  /** C1: when false, the advisor confirms consent or legal authority at triage. */
  madeByThePerson: z.boolean(),
  acknowledgementRequested: z.boolean(),
  formalLetter: z.boolean(),
});
export type RoutingFacts = z.infer<typeof routingFactsSchema>;

export function routingFacts(contactId: string, c: NewContact): RoutingFacts {
  return {
    contactId,
    channel: c.channel,
    ...c.flags,
    // C4: a letter marked urgent is treated as urgent until there is evidence it is not.
    urgent: c.flags.urgent || c.letter?.markedUrgent === true,
    madeByThePerson: c.madeBy.kind === 'the-person',
    acknowledgementRequested: c.letter?.acknowledgementRequested === true,
    formalLetter: c.letter !== undefined && c.letter.formal !== 'no',
  };
}

export const STAGES = [
  'received', 'recorded', 'acknowledged', 'safeguarding-concern-raised', 'outcome-sent', 'outcome-to-be-told', 'allocated-worker-alerted',
  'transferred', 'managed-by-the-service', 'response-standard-missed', 'information-and-advice-given', 'follow-up-due', 'passed-on',
  'allocated-for-assessment', 'funding-decision-sent', 'consent-given', 'consent-refused', 'consent-not-reached', 'urgency-lowered',
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
  /** The signed-in user or system that recorded it (C5: replies are signed by a named practitioner). */
  recordedBy: string | null;
  stage: Stage;
  processInstanceKey?: string;
  history: StageEvent[];
}

/** C4: whether a contact is treated as urgent now, why it was, and the evidence that lowered it. */
export interface Urgency {
  urgent: boolean;
  /** Why it was urgent: flagged when it was recorded, or a letter marked urgent; null when it never was. */
  markedBy: 'flagged-when-recorded' | 'letter-marked-urgent' | null;
  lowered: { evidence: string; by: string; at: Date } | null;
}

/** C4: a letter marked urgent is treated as urgent until there is evidence that it is not; so is a contact flagged urgent. */
export function urgencyOf(record: Pick<ContactRecord, 'flags' | 'letter' | 'history'>): Urgency {
  const markedBy = record.letter?.markedUrgent ? 'letter-marked-urgent' : record.flags.urgent ? 'flagged-when-recorded' : null;
  const lowered = record.history.find((e) => e.stage === 'urgency-lowered');
  return {
    urgent: markedBy !== null && !lowered,
    markedBy,
    lowered: lowered ? { evidence: String(lowered.detail.evidence), by: String(lowered.detail.by), at: lowered.at } : null,
  };
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

/** The longest window anyone may ask about: 10 years, longer than anything the service keeps (ENGINE_HISTORY_TTL). */
export const MAX_DURATION_MS = 3660 * 86_400_000;

/**
 * A window given in a query: an ISO 8601 duration in weeks, days, hours and minutes (DURATION: "PT4H", "P7D"), at most
 * 10 years (MAX_DURATION_MS), so the date it is added to or taken from stays a date. Output: the string. Errors: how to
 * write one (with `example`), or that it is longer than 10 years.
 */
export function durationSchema(example: string) {
  return z
    .string()
    .regex(DURATION, `must be an ISO 8601 duration such as ${example}`)
    .refine((d) => durationMs(d) <= MAX_DURATION_MS, 'can be at most 10 years, e.g. P520W or P3650D');
}

const FOLLOW_UP_WORDS: Record<string, string> = {
  'contact-team': 'by the contact team',
  'allocated-worker': "by the person's allocated worker",
  'another-organisation': 'by another organisation, checked by the contact team',
};

/** Where the journey stands, in the words a contact advisor would use. */
export function describeStage(record: Pick<ContactRecord, 'stage' | 'history'>): string {
  const detail = record.history.find((e) => e.stage === record.stage)?.detail ?? {};
  switch (record.stage) {
    case 'received':
      return 'Contact received; it is being recorded.';
    case 'recorded':
      return 'Contact recorded; waiting for screening and triage.';
    case 'acknowledged':
      return detail.status === 'sent' || detail.status === undefined
        ? `Acknowledged by ${String(detail.method)}; waiting for triage.`
        : `Acknowledgement by ${String(detail.method)} could not be sent as it was; an advisor will acknowledge it another way.`;
    case 'outcome-sent':
      return `Outcome (${String(detail.outcome).replace(/-/g, ' ')}) sent to the person by ${String(detail.method)}.`;
    case 'outcome-to-be-told':
      return `Outcome (${String(detail.outcome).replace(/-/g, ' ')}) to be told to the person by an advisor: ${typeof detail.reason === 'string' ? detail.reason : 'it needs another format'}.`;
    case 'allocated-worker-alerted':
      return 'The allocated worker has been told what was done on their behalf.';
    case 'transferred':
      return `Transferred to ${String(detail.to)}.`;
    case 'managed-by-the-service':
      // The table's case number ("Managed 2:") is for process owners, not for staff reading the case.
      return `Managed by the front door: ${String(detail.reason).replace(/^Managed \d+: /, '')}.`;
    case 'safeguarding-concern-raised':
      return detail.imminentDanger
        ? 'Safeguarding concern raised at once: the person is in imminent danger, so the police (999) and medical help are needed now.'
        : 'Safeguarding concern raised.';
    case 'information-and-advice-given':
      return `Information and advice given; a follow-up call is due in ${describeDuration(String(detail.followUpAfter))} (${String(detail.risk)} risk), ${FOLLOW_UP_WORDS[String(detail.followUpBy)] ?? FOLLOW_UP_WORDS['contact-team']}.`;
    case 'follow-up-due':
      return 'The follow-up call is due.';
    case 'response-standard-missed':
      return 'Not triaged within the 2-hour standard; a team manager is chasing it.';
    case 'passed-on':
      return `Passed on: ${String(detail.outcome).replace(/-/g, ' ')}.`;
    case 'allocated-for-assessment':
      return `Allocated at the RAC meeting to ${String(detail.to)}, who will lead the assessment${detail.personTold ? '; the person has been told in writing' : '; they will ring the person'}.`;
    case 'urgency-lowered':
      return 'No longer treated as urgent: there is evidence that it is not.';
    case 'consent-given':
      return 'The person consented to their details being passed on.';
    case 'consent-refused':
      return 'The person refused their consent: their wishes are respected, and they are given information and advice instead.';
    case 'consent-not-reached':
      return 'The person could not be reached to ask for their consent; a team manager decides the next steps.';
    case 'funding-decision-sent':
      return detail.status === 'sent'
        ? `The funding decision for urgent support was sent to the person by ${String(detail.method)}.`
        : `The funding decision for urgent support could not be sent by ${String(detail.method)} as it was; a team manager sends it another way.`;
  }
}
