// Messages to people (GOV.UK Notify or a local outbox) and to practitioners (in-app inbox and e-mail): each sent once per key and recorded against the case.
import { z } from 'zod';
import { wholeNumber } from './paging';
import { block, line } from './text';
import type { AccessLog, ContactRepository } from './contacts';
import { emailAddressSchema, isDeliverableEmailAddress, languageSchema, letterAddress, phoneNumberSchema, textMessageProblem } from './contact-details';

/** The letters, e-mails and texts a person may be sent; each needs a Notify template per method (NOTIFY_TEMPLATES). */
export const PERSON_TEMPLATES = [
  'acknowledgement', 'outcome', 'information-and-advice', 'practitioner-unavailable', 'delayed-answer', 'assessment-coordinator', 'funding-decision',
] as const;
export type PersonTemplate = (typeof PERSON_TEMPLATES)[number];

export const DELIVERY_METHODS = ['email', 'text', 'letter'] as const;
export type DeliveryMethod = (typeof DELIVERY_METHODS)[number];

/** C9/G2: the formats a person may need their messages in. */
export const FORMATS = ['standard', 'large-print', 'easy-read', 'braille', 'audio'] as const;
export type Format = (typeof FORMATS)[number];

export const MESSAGE_STATUSES = ['pending', 'sent', 'not-sent', 'failed', 'needs-alternative-format'] as const;
export type MessageStatus = (typeof MESSAGE_STATUSES)[number];

/** Every base template key, "<template>-<method>": the ones a Notify service must have templates for. */
export const BASE_TEMPLATE_KEYS = PERSON_TEMPLATES.flatMap((t) => DELIVERY_METHODS.map((m) => `${t}-${m}`));

/** "<template>-<method>" with optional variants ("-easy-read", "-large-print", "-<language>"), as named in NOTIFY_TEMPLATES. */
export const TEMPLATE_KEY = new RegExp(`^(${PERSON_TEMPLATES.join('|')})-(${DELIVERY_METHODS.join('|')})(-[a-z0-9-]+)?$`);

// The caller's idempotency key, e.g. "<caseId>:acknowledgement". It is also Notify's reference, so it must not carry personal data.
const keySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\w.:/@-]+$/, 'is letters, digits and . : / @ _ - only');

export const signatureSchema = z.object({
  name: line(100),
  role: line(100),
  phone: phoneNumberSchema,
});
export type Signature = z.infer<typeof signatureSchema>;

export const accessibilitySchema = z.object({
  format: z.enum(FORMATS).default('standard'),
  /** The language the person needs an interpreter or translation for; absent for English. */
  language: languageSchema.optional(),
});
export type Accessibility = z.infer<typeof accessibilitySchema>;

export const personMessageSchema = z
  .object({
    key: keySchema,
    caseId: z.string().uuid('is not a case id'),
    template: z.enum(PERSON_TEMPLATES),
    method: z.enum(DELIVERY_METHODS),
    /**
     * The recipient's details as the case holds them. Whether they are enough for the method is `recipientProblem`:
     * a person's details that cannot be used are a business outcome (another way to reach them), not a fault.
     */
    to: z.object({
      email: z.string().optional(),
      phone: z.string().optional(),
      name: line(200).optional(),
      addressLines: z.array(z.string()).optional(),
      postcode: z.string().optional(),
    }),
    personalisation: z.record(z.union([z.string(), z.array(z.string())])).default({}),
    /** C5: every response to a person is signed with the practitioner's name, role and contact number. */
    signedBy: signatureSchema,
    accessibility: accessibilitySchema.default({}),
  });
export type PersonMessage = z.output<typeof personMessageSchema>;

/**
 * Why GOV.UK Notify would refuse to send this message to these details, in words for the member of staff who must
 * reach the person another way; undefined when it would send it. Only what the method needs is checked (Notify's
 * rules, src/domain/contact-details.ts): an e-mail address for e-mail, a UK mobile for a text, a postal address for a
 * letter.
 */
export function recipientProblem(m: Pick<PersonMessage, 'method' | 'to'>): string | undefined {
  if (m.method === 'email') {
    if (!m.to.email) return 'There is no e-mail address to send it to.';
    return isDeliverableEmailAddress(m.to.email) ? undefined : 'The e-mail address cannot be sent to as it is written.';
  }
  if (m.method === 'text') {
    if (!m.to.phone) return 'There is no mobile number to text.';
    const problem = textMessageProblem(m.to.phone);
    return problem && `The number ${problem}.`;
  }
  if (!m.to.name) return 'There is no name to address the letter to.';
  const letter = letterAddress(m.to.name, { lines: m.to.addressLines ?? [], postcode: m.to.postcode });
  return 'problem' in letter ? `The address ${letter.problem}.` : undefined;
}
export type PersonMessageInput = z.input<typeof personMessageSchema>;

export const practitionerMessageSchema = z.object({
  key: keySchema,
  caseId: z.string().uuid('is not a case id'),
  to: z.object({
    /** The practitioner's user id: the sub of their sign-in token, whose inbox shows the message. */
    practitionerId: z.string().trim().min(1).max(200),
    email: emailAddressSchema,
  }),
  subject: line(200),
  body: block(20_000),
});
export type PractitionerMessage = z.output<typeof practitionerMessageSchema>;
export type PractitionerMessageInput = z.input<typeof practitionerMessageSchema>;

/** What is recorded against the case for one key. */
export interface SentMessage {
  id: string;
  key: string;
  caseId: string;
  audience: 'person' | 'practitioner';
  /** notify or outbox for people; smtp for practitioners (the inbox entry is always written). */
  channel: 'notify' | 'outbox' | 'smtp';
  status: MessageStatus;
  /** Why it was not sent, failed, or needs another format. */
  statusReason: string | null;
  template: PersonTemplate | null;
  method: DeliveryMethod | null;
  /** The configured template chosen, e.g. "outcome-letter-easy-read", and the provider's id for it (a Notify template id). */
  templateKey: string | null;
  templateId: string | null;
  accessibility: Accessibility | null;
  signedBy: Signature | null;
  practitionerId: string | null;
  subject: string | null;
  /** Where it went, with no more personal data than staff need to say so: "e-mail to m…@example.org", "letter to LS6 2AB". */
  destination: string;
  /** Notify's notification id, the outbox row, or the e-mail's Message-ID. */
  providerReference: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

/** A row about to be recorded: pending, or already settled (needs another format) without a send. */
export type NewMessageRecord =
  | {
      audience: 'person';
      channel: 'notify' | 'outbox';
      status: 'pending' | 'needs-alternative-format' | 'not-sent';
      statusReason: string | null;
      templateKey: string | null;
      templateId: string | null;
      message: PersonMessage;
    }
  | { audience: 'practitioner'; channel: 'smtp'; status: 'pending'; message: PractitionerMessage };

export interface Settlement {
  status: Exclude<MessageStatus, 'pending'>;
  statusReason?: string;
  providerReference?: string;
}

/** The message records (src/store/messages.ts). */
export interface MessageStore {
  /**
   * Records the message under its key unless the key is taken, and says which: the record is committed
   * before anything is sent, so a crash after sending leaves a pending row that a retry can resolve.
   */
  claim(record: NewMessageRecord): Promise<{ record: SentMessage; created: boolean }>;
  /**
   * Runs `work` as the key's one sending attempt and records what it settles. The attempt holds a lease on the row
   * (a minute), not a database connection: another attempt at the same key (a job re-activated while the first is
   * still sending) waits until it settles and returns that; a lease left by a crash lapses. When the row is no longer
   * pending, `work` is not run. If `work` throws, the lease is released and the row stays pending for the retry.
   */
  settle(key: string, work: (record: SentMessage) => Promise<Settlement>): Promise<SentMessage>;
}

export interface PersonSendRequest {
  /** The idempotency key, sent as Notify's reference. */
  reference: string;
  caseId: string;
  templateKey: string;
  templateId: string;
  method: DeliveryMethod;
  /** The e-mail address or phone number; letters carry their address in the personalisation. */
  to: string | undefined;
  personalisation: Record<string, string | string[]>;
}

export type SendResult = { accepted: true; providerReference: string } | { accepted: false; reason: string };

/** GOV.UK Notify, or the local outbox when no Notify key is configured. */
export interface PersonChannel {
  readonly name: 'notify' | 'outbox';
  /** The provider's template for a key such as "outcome-letter-easy-read", or undefined when there is none. */
  templateId(templateKey: string): string | undefined;
  /** A notification the provider already holds under this reference: a send whose recording was lost. */
  findByReference(reference: string): Promise<{ providerReference: string } | undefined>;
  /** Sends; a rejection of the message itself (bad number, bad address) is `accepted: false`; a fault to retry throws. */
  send(request: PersonSendRequest): Promise<SendResult>;
}

/** E-mail to practitioners (SMTP), or none configured. */
export interface PractitionerMailer {
  /** Sends with a Message-ID derived from the key; `accepted: false` when there is no mail server or it refuses the recipient. */
  send(mail: { key: string; to: string; subject: string; text: string }): Promise<SendResult>;
}

export interface MessageDeps {
  store: MessageStore;
  person: PersonChannel;
  mailer: PractitionerMailer;
}

/** An in-app message as its recipient sees it. */
export interface InboxEntry {
  id: string;
  caseId: string;
  subject: string;
  body: string;
  createdAt: Date;
  readAt: Date | null;
  /** Whether the e-mail copy went: sent, not-sent (no mail server, with the reason), pending, failed. */
  email: { status: MessageStatus; reason: string | null };
}

/** A person's message as the local outbox holds it: exactly what would have gone to Notify. */
export interface OutboxEntry {
  id: string;
  reference: string;
  caseId: string;
  templateKey: string;
  method: DeliveryMethod;
  to: string | null;
  personalisation: Record<string, string | string[]>;
  createdAt: Date;
}

export const inboxQuerySchema = z.object({
  unread: z.enum(['true', 'false'], { message: 'is true or false' }).transform((v) => v === 'true').optional(),
  limit: wholeNumber(1, 200, 50),
});
export type InboxQuery = z.output<typeof inboxQuerySchema>;

export const outboxQuerySchema = z.object({
  caseId: z.string().uuid('is not a case id').optional(),
  limit: wholeNumber(1, 200, 50),
});
export type OutboxQuery = z.output<typeof outboxQuerySchema>;

/** What the API reads (src/store/messages.ts). */
/**
 * What staff see of a case's messages: what was sent, to whom in masked form ("letter to LS6 2AB"), in which
 * format and language, signed by whom, and whether it went. Not the personalisation or a practitioner
 * message's body, which may repeat anything from the case record: the record itself is the place to read
 * that, and the person's full contact details are on it. Every read is in the access log (G1).
 */
export const caseMessageView = (m: SentMessage) => ({
  id: m.id,
  key: m.key,
  audience: m.audience,
  channel: m.channel,
  status: m.status,
  statusReason: m.statusReason,
  template: m.template,
  method: m.method,
  templateKey: m.templateKey,
  accessibility: m.accessibility,
  signedBy: m.signedBy,
  practitionerId: m.practitionerId,
  subject: m.subject,
  destination: m.destination,
  createdAt: m.createdAt,
  sentAt: m.sentAt,
});

export type CaseMessage = ReturnType<typeof caseMessageView>;

/**
 * What a case was sent (caseMessageView), oldest first; the read is in the access log first (G1),
 * with the reader's purpose. Undefined when there is no such case.
 */
export async function readCaseMessages(
  deps: { messages: Pick<MessageViews, 'forCase'>; contacts: Pick<ContactRepository, 'find'>; accessLog: Pick<AccessLog, 'record'> },
  caseId: string, reader: { userId: string; why: string },
): Promise<CaseMessage[] | undefined> {
  if (!(await deps.contacts.find(caseId))) return undefined;
  await deps.accessLog.record({ subject: { contactId: caseId }, userId: reader.userId, what: 'the messages sent', why: reader.why });
  return (await deps.messages.forCase(caseId)).map(caseMessageView);
}

export interface MessageViews {
  inbox(practitionerId: string, query: InboxQuery): Promise<InboxEntry[]>;
  /** Marks the entry read by its recipient, once: 'not-found', 'not-recipient', or the entry. */
  markRead(id: string, userId: string): Promise<InboxEntry | 'not-found' | 'not-recipient'>;
  forCase(caseId: string): Promise<SentMessage[]>;
  outbox(query: OutboxQuery): Promise<OutboxEntry[]>;
}

function maskEmail(email: string): string {
  const [local = '', domain = ''] = email.split('@');
  return `${local.slice(0, 1)}…@${domain}`;
}

/** The destination in words, masked to what staff need to confirm it went to the right place. */
export function destinationOf(record: NewMessageRecord): string {
  if (record.audience === 'practitioner') return `in-app inbox of ${record.message.to.practitionerId}, and e-mail to ${record.message.to.email}`;
  const { method, to } = record.message;
  if (method === 'email') return `e-mail to ${maskEmail(to.email ?? '')}`;
  if (method === 'text') return `text to …${(to.phone ?? '').replace(/\D/g, '').slice(-4)}`;
  const letter = letterAddress(to.name ?? '', { lines: to.addressLines ?? [], postcode: to.postcode });
  return 'problem' in letter ? 'letter (not sendable as addressed)' : `letter to ${letter.country === 'United Kingdom' ? letter.lines[letter.lines.length - 1] : letter.country}`;
}

/** A key was reused for another case or another kind of message: a caller's bug, never to be retried. */
export class IdempotencyKeyConflict extends Error {
  constructor(readonly key: string) {
    super(`The message key ${key} was already used for a different message`);
    this.name = 'IdempotencyKeyConflict';
  }
}

const slug = (s: string) => s.trim().toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/**
 * The template keys to try, most specific first (C9/G2). A format or language variant is used when the
 * council has one ("outcome-letter-easy-read", "outcome-letter-polish"). Otherwise:
 * - standard wording is acceptable for large print, braille and audio by e-mail or text, because the
 *   person's own device enlarges, reads aloud or brailles electronic text;
 * - on paper, only standard print is standard: large print needs its own letter template, and braille and
 *   audio cannot be produced by Notify at all;
 * - easy read is different wording, so it always needs its own template.
 * An empty list means the message cannot be sent as asked: it is recorded as needs-alternative-format for
 * the caller to raise a task (transcription, an audio recording, an easy-read version), rather than sending
 * standard print the person cannot read. A language with no variant still sends the standard template, with
 * the language in the personalisation so the template can offer an interpreter in it.
 */
export function templateCandidates(m: Pick<PersonMessage, 'template' | 'method' | 'accessibility'>): string[] {
  const base = `${m.template}-${m.method}`;
  const { format, language } = m.accessibility;
  const lang = language && !/^(en|english)$/i.test(language) ? slug(language) : undefined;
  const variants = (key: string) => (lang ? [`${key}-${lang}`, key] : [key]);
  const onPaper = m.method === 'letter';
  if (onPaper && (format === 'braille' || format === 'audio')) return [];
  const candidates = format === 'standard' ? [] : variants(`${base}-${format}`);
  const standardWillDo = format === 'standard' || (!onPaper && format !== 'easy-read');
  return standardWillDo ? [...candidates, ...variants(base)] : candidates;
}

/** What the template is given: the caller's fields, the signature (C5), the format and language (C9), a letter's address. */
export function personalisationFor(m: PersonMessage): Record<string, string | string[]> {
  const p: Record<string, string | string[]> = {
    ...m.personalisation,
    signed_by_name: m.signedBy.name,
    signed_by_role: m.signedBy.role,
    signed_by_phone: m.signedBy.phone,
    format: m.accessibility.format,
    language: m.accessibility.language ?? '',
    // Notify shows optional content ((interpreter??…)) when the value is "yes".
    interpreter: m.accessibility.language && !/^(en|english)$/i.test(m.accessibility.language) ? 'yes' : 'no',
  };
  if (m.method === 'letter') {
    // As Notify prints it: the postcode or country last, whatever the case store's shape.
    const letter = letterAddress(m.to.name ?? '', { lines: m.to.addressLines ?? [], postcode: m.to.postcode });
    if ('problem' in letter) throw new Error(`A letter whose address ${letter.problem} cannot be personalised`);
    letter.lines.forEach((line, i) => (p[`address_line_${i + 1}`] = line));
  }
  return p;
}

function sameMessage(record: SentMessage, audience: SentMessage['audience'], caseId: string, template: string | null): boolean {
  return record.audience === audience && record.caseId === caseId && record.template === template;
}

/**
 * Sends a message to the person once per key. A second call with the same key returns what was recorded.
 * A pending record means an earlier attempt may have reached Notify before it could be recorded, so the
 * provider is asked about the reference before anything is sent again. What remains: an earlier request that
 * Notify is still processing when the retry asks (ours timed out, theirs has not finished) is not yet
 * found and would be sent twice; NOTIFY_TIMEOUT_MS far below the job's timeout and retry back-off keeps that
 * apart, and concurrent attempts inside this service wait on the row's sending lease instead.
 */
export async function sendToPerson(deps: MessageDeps, input: PersonMessageInput): Promise<SentMessage> {
  const message = personMessageSchema.parse(input);
  const templateKey = templateCandidates(message).find((k) => deps.person.templateId(k) !== undefined);
  const undeliverable = recipientProblem(message);
  const { record, created } = await deps.store.claim({
    audience: 'person',
    channel: deps.person.name,
    status: undeliverable ? 'not-sent' : templateKey ? 'pending' : 'needs-alternative-format',
    statusReason: undeliverable
      ? `${undeliverable} Reach the person another way.`
      : templateKey
      ? null
      : `No ${message.accessibility.format} template for a ${message.method} can be sent; produce it in ${message.accessibility.format} and send it another way.`,
    templateKey: templateKey ?? null,
    templateId: templateKey ? (deps.person.templateId(templateKey) ?? null) : null,
    message,
  });
  if (!sameMessage(record, 'person', message.caseId, message.template)) throw new IdempotencyKeyConflict(message.key);
  if (record.status !== 'pending') return record;
  return deps.store.settle(message.key, async (current) => {
    // Only a retry can find its own earlier send: the attempt that created the row has sent nothing yet.
    if (!created) {
      const already = await deps.person.findByReference(message.key);
      if (already) return { status: 'sent', providerReference: already.providerReference };
    }
    // The template chosen when the key was first claimed, so a retry sends what was recorded.
    if (current.templateKey === null || current.templateId === null) throw new Error(`The pending message ${message.key} names no template`);
    const result = await deps.person.send({
      reference: message.key,
      caseId: message.caseId,
      templateKey: current.templateKey,
      templateId: current.templateId,
      method: message.method,
      to: message.method === 'email' ? message.to.email : message.method === 'text' ? message.to.phone : undefined,
      personalisation: personalisationFor(message),
    });
    return result.accepted ? { status: 'sent', providerReference: result.providerReference } : { status: 'failed', statusReason: result.reason };
  });
}

/**
 * Tells a practitioner once per key: the in-app inbox entry is written with the record, then the e-mail
 * goes out. With no mail server configured the e-mail is recorded as not sent, with the reason.
 */
export async function messagePractitioner(deps: MessageDeps, input: PractitionerMessageInput): Promise<SentMessage> {
  const message = practitionerMessageSchema.parse(input);
  const { record } = await deps.store.claim({ audience: 'practitioner', channel: 'smtp', status: 'pending', message });
  if (!sameMessage(record, 'practitioner', message.caseId, null)) throw new IdempotencyKeyConflict(message.key);
  if (record.status !== 'pending') return record;
  return deps.store.settle(message.key, async () => {
    const result = await deps.mailer.send({ key: message.key, to: message.to.email, subject: message.subject, text: message.body });
    return result.accepted ? { status: 'sent', providerReference: result.providerReference } : { status: 'not-sent', statusReason: result.reason };
  });
}
