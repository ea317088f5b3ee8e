// What the contact journey tells people and practitioners: acknowledgements (C3, C4), the outcome (C9, G2, F6), alerts (T7); always signed (C5).
import type { ContactRecord } from './contact';
import { contactOrThrow, reach, type ContactRepository } from './contacts';
import type { DirectoryService } from './directory';
import { addDuration, LONDON_ZONE } from './london-calendar';
import { messagePractitioner, sendToPerson, type DeliveryMethod, type Format, type MessageDeps, type MessageStatus, type PersonMessageInput, type Signature } from './messages';
import type { PractitionerLookup } from './practitioners';
import { OUTCOMES } from './tasks';

/** A triage or manager's decision as it was recorded when its task was completed. */
/** A decision about the contact: the triage, a manager's decision, or the person's answer when asked for consent (C1). */
export interface RecordedDecision {
  formId: 'triage-contact' | 'decide-next-steps' | 'ask-for-consent';
  completedBy: string;
  completedAt: Date;
  data: Record<string, unknown>;
}

export interface CommunicationDeps {
  contacts: ContactRepository;
  messages: MessageDeps;
  /** Staff by sign-in id, for the signature every response carries (C5). */
  practitioners: Pick<PractitionerLookup, 'findPractitioner'>;
  decisions: { decisionsFor(contactId: string): Promise<RecordedDecision[]> };
  directory: { find(id: string): Promise<DirectoryService | undefined> };
  /** Signs what is sent for a contact no practitioner recorded (a web form, an e-mail gateway). */
  frontDoor: Signature;
}

export type OutcomeDelivery = 'sent' | 'tell-in-person' | 'needs-alternative-format';

const OUTCOME_WORDS: Record<(typeof OUTCOMES)[number], string> = {
  'information-and-advice': 'We have given you information and advice that we hope will help.',
  'prevention-service': 'We are putting you in touch with a service that can help you stay well and independent.',
  'referral-for-assessment': 'We are referring you for a Care Act assessment of your needs.',
  'review-or-reassessment': 'We are arranging a review of your care and support.',
  'safeguarding-concern': 'We are acting to keep you safe.',
};

/** F6: given whenever what follows may lead to an assessment, review or reassessment. */
export const FINANCIAL_INFORMATION = [
  'Charging: most care and support is means-tested; we will explain what you may be asked to pay before any service starts.',
  'Financial assessment: we will look at your income and savings with you to work out any contribution, and tell you the result in writing.',
  'Direct payments: you can choose to receive money to arrange your own support; People Plus (01270 251 570) can help you manage them.',
];
const MAY_LEAD_TO_ASSESSMENT: readonly string[] = ['referral-for-assessment', 'review-or-reassessment'];

const FORMAT_OF_NEED: Partial<Record<string, Format>> = { braille: 'braille', audio: 'audio', 'easy-read': 'easy-read', 'large-print': 'large-print' };

/** Times and days as a person in England reads them. */
export const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON_ZONE, dateStyle: 'full', timeStyle: 'short' });
export const LONDON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: LONDON_ZONE, dateStyle: 'full' });

async function signatureOf(deps: Pick<CommunicationDeps, 'practitioners'>, userId: string): Promise<Signature | undefined> {
  const p = await deps.practitioners.findPractitioner(userId);
  return p && { name: p.name, role: p.role, phone: p.phone };
}

/** Who gets a reply on the contact's own channel: the person, or whoever wrote on their behalf (C3, C4). */
type Recipient = { name: string } & Pick<PersonMessageInput['to'], 'email' | 'phone' | 'addressLines' | 'postcode'>;

function sender(c: ContactRecord): Recipient {
  if (c.madeBy.kind === 'someone-else') {
    const r = c.madeBy.replyTo ?? {};
    return { name: c.madeBy.name, ...r };
  }
  return personRecipient(c);
}

/** The person themselves, as a message to them is addressed. */
export function personRecipient(c: ContactRecord): Recipient {
  return { name: c.person.name, email: c.person.email, phone: c.person.phone, addressLines: c.person.address.lines, postcode: c.person.address.postcode };
}

const WRITTEN: Partial<Record<string, DeliveryMethod>> = { email: 'email', text: 'text', letter: 'letter' };
/** How to write to someone who contacted us, or asked to hear from us, this way; undefined for phone, face to face, web. */
export const writtenMethod = (way: string): DeliveryMethod | undefined => WRITTEN[way];

/**
 * C3, C4, C5: acknowledges on the channel the contact came by, with what happens next and by when; once per contact.
 * Says whether it went, or an advisor must acknowledge it another way (a format Notify cannot produce, a refused number).
 */
export async function acknowledgeContact(deps: CommunicationDeps, contactId: string): Promise<OutcomeDelivery> {
  const c = await contactOrThrow(deps.contacts, contactId);
  const method = writtenMethod(c.channel);
  if (!method) throw new Error(`A ${c.channel} contact is not acknowledged in writing: the acknowledgement table should not have asked`);
  const to = sender(c);
  const replyBy = new Date(c.receivedAt.getTime() + 2 * 60 * 60_000);
  const sent = await sendToPerson(deps.messages, {
    key: `${contactId}:acknowledgement`,
    caseId: contactId,
    template: 'acknowledgement',
    method,
    to,
    personalisation: {
      name: to.name,
      received: LONDON.format(c.receivedAt),
      nextStep: 'A contact advisor will read what you sent, decide with you what happens next, and reply.',
      replyBy: LONDON.format(replyBy),
    },
    signedBy: (c.recordedBy && (await signatureOf(deps, c.recordedBy))) || deps.frontDoor,
    // The person's communication needs are theirs: a solicitor writing for them gets a standard letter.
    accessibility: c.madeBy.kind === 'the-person' ? accessibilityOf(c) : { format: 'standard' },
  });
  const delivery = deliveryOf(sent.status);
  await reach(deps.contacts, contactId, 'acknowledged', { method, status: sent.status, ...(sent.statusReason ? { reason: sent.statusReason } : {}) });
  return delivery;
}

/** Sent, or for a person to do: in another format, or another way when the provider refused it. */
function deliveryOf(status: MessageStatus): OutcomeDelivery {
  return status === 'sent' ? 'sent' : status === 'needs-alternative-format' ? 'needs-alternative-format' : 'tell-in-person';
}

/**
 * C3, C4: the 2-hour standard was missed, so a written contact's sender is told the answer is delayed, what happens
 * next and when, on the channel they used; once per contact. Phone and web contacts are chased by the manager instead.
 */
export async function tellSenderOfDelay(deps: CommunicationDeps, contactId: string): Promise<void> {
  const c = await contactOrThrow(deps.contacts, contactId);
  const method = writtenMethod(c.channel);
  if (!method) return;
  const to = sender(c);
  await sendToPerson(deps.messages, {
    key: `${contactId}:delayed-answer`,
    caseId: contactId,
    template: 'delayed-answer',
    method,
    to,
    personalisation: {
      name: to.name,
      received: LONDON.format(c.receivedAt),
      nextStep: 'We have not been able to answer as quickly as we aim to. A team manager is making sure it is dealt with.',
      // A day later at the same London time, across a clock change too.
      replyBy: LONDON.format(addDuration(c.receivedAt, 'P1D')),
    },
    signedBy: deps.frontDoor,
    accessibility: c.madeBy.kind === 'the-person' ? accessibilityOf(c) : { format: 'standard' },
  });
}

export function accessibilityOf(c: ContactRecord): PersonMessageInput['accessibility'] {
  const format = c.person.communicationNeeds.map((n) => FORMAT_OF_NEED[n]).find((f) => f !== undefined) ?? 'standard';
  return { format, ...(c.person.interpreterLanguage ? { language: c.person.interpreterLanguage } : {}) };
}


/**
 * C9, G2, C5, C8, F6: the outcome goes to the person in the method they asked for and the format they need, signed by
 * whoever decided it, with the information and advice, the organisations signposted, financial information when an
 * assessment or review may follow, and the date they will next hear. Phone and face to face are for a person to do.
 */
export async function communicateOutcome(deps: CommunicationDeps, contactId: string, outcome: (typeof OUTCOMES)[number]): Promise<OutcomeDelivery> {
  const c = await contactOrThrow(deps.contacts, contactId);
  const decisions = await deps.decisions.decisionsFor(contactId);
  const triage = decisions.find((d) => d.formId === 'triage-contact');
  // Signed by whoever dealt with the person last: the advisor who asked for their consent, or who decided (C5, C9).
  const latest = decisions[decisions.length - 1];
  // The task completion is recorded before the engine hears of it, so this only happens for a task completed elsewhere.
  if (!triage || !latest) throw new Error(`No recorded triage for contact ${contactId}: complete the triage through the service's task API`);
  const method = writtenMethod(c.person.preferredContactMethod);
  if (!method) {
    await reach(deps.contacts, contactId, 'outcome-to-be-told', { outcome, reason: `the person asked for ${c.person.preferredContactMethod}` });
    return 'tell-in-person';
  }
  const signedBy = await signatureOf(deps, latest.completedBy);
  if (!signedBy) throw new Error(`${latest.completedBy} is not in the practitioner directory: the outcome must carry their name, role and number (C5)`);
  const signposted: string[] = [];
  for (const id of (triage.data.signposting as string[] | undefined) ?? []) {
    const s = await deps.directory.find(id);
    if (s) signposted.push([s.organization.name === s.name ? s.name : `${s.organization.name}: ${s.name}`, ...s.phones].join(', '));
  }
  const nextContactBy = String(triage.data.nextContactBy);
  const sent = await sendToPerson(deps.messages, {
    key: `${contactId}:outcome`,
    caseId: contactId,
    template: outcome === 'information-and-advice' ? 'information-and-advice' : 'outcome',
    method,
    to: personRecipient(c),
    personalisation: {
      name: c.person.name,
      outcome: OUTCOME_WORDS[outcome],
      informationAndAdvice: String(triage.data.informationAndAdvice),
      signposting: signposted.length ? signposted : ['None'],
      financialInformation: MAY_LEAD_TO_ASSESSMENT.includes(outcome) ? FINANCIAL_INFORMATION : ['None'],
      nextContactBy: LONDON_DAY.format(new Date(`${nextContactBy}T12:00:00Z`)),
      viewsHeard: 'What you told us has been heard and will be considered in every decision we make.',
    },
    signedBy,
    accessibility: accessibilityOf(c),
  });
  const delivery = deliveryOf(sent.status);
  await reach(deps.contacts, contactId, delivery === 'sent' ? 'outcome-sent' : 'outcome-to-be-told', {
    outcome, method, status: sent.status, ...(sent.statusReason ? { reason: sent.statusReason } : {}),
  });
  return delivery;
}

/** T7: the allocated worker hears what was done on their behalf and how follow-up will happen; the message says where the record is. */
export async function alertAllocatedWorker(deps: CommunicationDeps, contactId: string, workerId: string): Promise<void> {
  const c = await contactOrThrow(deps.contacts, contactId);
  const worker = await deps.practitioners.findPractitioner(workerId);
  if (!worker) throw new Error(`Allocated worker ${workerId} is not in the practitioner directory`);
  const decisions = await deps.decisions.decisionsFor(contactId);
  const latest = decisions.filter((d) => d.formId !== 'ask-for-consent').at(-1);
  const triage = decisions.find((d) => d.formId === 'triage-contact');
  const outcome = latest ? String(latest.data.outcome).replace(/-/g, ' ') : 'not yet decided';
  await messagePractitioner(deps.messages, {
    key: `${contactId}:alert:${workerId}`,
    caseId: contactId,
    to: { practitionerId: workerId, email: worker.email },
    subject: 'A contact about someone allocated to you was managed by the front door',
    body: [
      `A ${c.channel} contact received ${LONDON.format(c.receivedAt)} about a person allocated to you was managed by the front door.`,
      `Outcome: ${outcome}${latest ? ` (decided by ${(await deps.practitioners.findPractitioner(latest.completedBy))?.name ?? latest.completedBy})` : ''}.`,
      `Follow-up: the person was told they will next hear from us by ${triage ? LONDON_DAY.format(new Date(`${String(triage.data.nextContactBy)}T12:00:00Z`)) : 'a date still to be agreed'}.`,
      `The record: /api/contacts/${contactId} (and its timeline at /api/cases/${contactId}/timeline).`,
    ].join('\n'),
  });
  await reach(deps.contacts, contactId, 'allocated-worker-alerted', { workerId });
}
