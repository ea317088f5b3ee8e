// Transferring a contact (seed 001 §1 §5, T1–T7): what the checks tell the engine, and the messages a transfer sends.
import { LONDON, personRecipient, writtenMethod } from './communications';
import { contactOrThrow, reach, type ContactRepository } from './contacts';
import { addDuration } from './london-calendar';
import { onAWorkingDay } from './working-days';
import { messagePractitioner, sendToPerson, type MessageDeps, type Signature } from './messages';
import { checkNamedWorker, type PractitionerLookup } from './practitioners';

export interface TransferDeps {
  contacts: ContactRepository;
  practitioners: PractitionerLookup;
  messages: MessageDeps;
  frontDoor: Signature;
}

/** The routing facts the transfer-or-manage table reads: ids and booleans, never the person. */
export interface TransferFacts {
  knownToCouncil: boolean;
  askedFor: 'worker' | 'team' | 'nothing';
  askedWorkerVerified: boolean;
  askedTeamVerified: boolean;
  hasAllocatedWorker: boolean;
  workerAvailable: boolean;
  returnKnown: boolean;
  returnsAt: string | null;
  colleagueAvailable: boolean;
  allocatedWorkerId: string | null;
  colleagueId: string | null;
  askedTeamId: string | null;
}

/** T1, T2: checks the worker or team the contact asked for against the person's allocation and the calendars, at `at`. */
export async function checkTransfer(deps: Pick<TransferDeps, 'contacts' | 'practitioners'>, contactId: string, at: Date): Promise<TransferFacts> {
  const c = await contactOrThrow(deps.contacts, contactId);
  const check = await checkNamedWorker(deps, { ...(c.person.nhsNumber ? { nhsNumber: c.person.nhsNumber } : {}), ...(c.namedWorkerOrTeam ? { asked: c.namedWorkerOrTeam } : {}), at });
  return {
    knownToCouncil: check.knownToCouncil,
    askedFor: check.askedFor,
    askedWorkerVerified: check.askedWorkerVerified,
    askedTeamVerified: check.askedTeamVerified,
    hasAllocatedWorker: check.hasAllocatedWorker,
    workerAvailable: check.workerAvailable,
    returnKnown: check.returnKnown,
    returnsAt: check.returnsAt?.toISOString() ?? null,
    colleagueAvailable: check.colleagueAvailable,
    allocatedWorkerId: check.allocatedWorker?.id ?? null,
    colleagueId: check.colleague?.id ?? null,
    askedTeamId: check.askedTeamVerified && check.askedMatch?.kind === 'team' ? check.askedMatch.id : null,
  };
}

export type TransferTarget = 'allocated-worker' | 'colleague' | 'responsible-team';

const whereRecorded = (contactId: string) => `The contact is recorded at /api/contacts/${contactId}; its journey at /api/cases/${contactId}/timeline.`;

/**
 * T5, T3: the contact goes over by a message that says where it is recorded (never the original by e-mail); when a
 * colleague takes it because the allocated worker is away, the allocated worker is told too. Once per contact.
 */
export async function passContactOn(
  deps: TransferDeps,
  contactId: string,
  to: { target: TransferTarget; allocatedWorkerId: string | null; colleagueId: string | null; askedTeamId: string | null; reason: string },
): Promise<string> {
  const c = await contactOrThrow(deps.contacts, contactId);
  const recipientId = to.target === 'allocated-worker' ? to.allocatedWorkerId : to.target === 'colleague' ? to.colleagueId : to.askedTeamId;
  if (!recipientId) throw new Error(`The ${to.target} to transfer contact ${contactId} to is missing`);
  const recipient = to.target === 'responsible-team' ? await deps.practitioners.findTeam(recipientId) : await deps.practitioners.findPractitioner(recipientId);
  if (!recipient) throw new Error(`${to.target} ${recipientId} is not in the practitioner directory`);
  if (!recipient.email) throw new Error(`${to.target} ${recipientId} has no e-mail address in the directory to send the transfer to`);
  const written = c.channel === 'letter' || c.channel === 'email' || c.channel === 'text';
  await messagePractitioner(deps.messages, {
    key: `${contactId}:transfer:${recipientId}`,
    caseId: contactId,
    to: { practitionerId: recipientId, email: recipient.email },
    subject: `A ${c.channel} contact has been transferred to you`,
    body: [
      `${to.reason}.`,
      whereRecorded(contactId),
      written
        ? 'It was written: what you agreed about the original and its acknowledgement is on the case.'
        : 'The person is expecting to speak with you.',
    ].join('\n'),
  });
  if (to.target === 'colleague' && to.allocatedWorkerId) {
    const worker = await deps.practitioners.findPractitioner(to.allocatedWorkerId);
    if (worker) {
      await messagePractitioner(deps.messages, {
        key: `${contactId}:transfer-notice:${worker.id}`,
        caseId: contactId,
        to: { practitionerId: worker.id, email: worker.email },
        subject: 'A contact for you was passed to a colleague while you were away',
        body: [`${to.reason}. Your colleague ${recipient.name} is managing it.`, whereRecorded(contactId)].join('\n'),
      });
    }
  }
  await reach(deps.contacts, contactId, 'transferred', { to: recipientId, target: to.target, reason: to.reason });
  return recipientId;
}

/**
 * T3, T4: when the person should expect the away worker's call: the wait the call-back-time table decided, after the
 * worker's return when it is known, otherwise from now (the engine's time as the person is told). Days are London
 * calendar days: P2D is two days later at the same London time, across a clock change too; a time that falls on a
 * weekend or bank holiday moves to the same time on the next working day.
 */
export function callBackDeadline(returnsAt: Date | null, now: Date, within: string): Date {
  return onAWorkingDay(addDuration(returnsAt ?? now, within));
}

/**
 * T3, T4: the allocated worker is away. They are left a message (the contact, what was done, the call-back time) and
 * the person is told when to expect the call and what to do if none comes, in writing when they asked for writing;
 * on the phone the advisor tells them during the call.
 */
export async function tellWorkerUnavailable(deps: TransferDeps, contactId: string, workerId: string, callBackBy: Date, reason: string): Promise<void> {
  const c = await contactOrThrow(deps.contacts, contactId);
  const worker = await deps.practitioners.findPractitioner(workerId);
  if (!worker) throw new Error(`Allocated worker ${workerId} is not in the practitioner directory`);
  const by = LONDON.format(callBackBy);
  await messagePractitioner(deps.messages, {
    key: `${contactId}:away:${workerId}`,
    caseId: contactId,
    to: { practitionerId: workerId, email: worker.email },
    subject: 'A person you are allocated to asked for you while you were away',
    body: [
      `A ${c.channel} contact asked for you. ${reason}.`,
      `The front door is doing what it can meanwhile. The person has been told to expect your call by ${by}.`,
      whereRecorded(contactId),
    ].join('\n'),
  });
  const method = writtenMethod(c.person.preferredContactMethod);
  if (method) {
    await sendToPerson(deps.messages, {
      key: `${contactId}:practitioner-unavailable`,
      caseId: contactId,
      template: 'practitioner-unavailable',
      method,
      to: personRecipient(c),
      personalisation: {
        name: c.person.name,
        practitioner: worker.name,
        callBackBy: by,
        ifNoCall: `If you have not heard by then, call us on ${deps.frontDoor.phone} and we will arrange it.`,
      },
      signedBy: deps.frontDoor,
      accessibility: { format: 'standard', ...(c.person.interpreterLanguage ? { language: c.person.interpreterLanguage } : {}) },
    });
  }
  await reach(deps.contacts, contactId, 'managed-by-the-service', { reason, allocatedWorker: workerId, callBackBy: callBackBy.toISOString() });
}

/** T6: the front door manages the contact itself (seed 001 §5, one of the five cases to manage); the case says which. */
export async function recordManagedHere(deps: Pick<TransferDeps, 'contacts'>, contactId: string, reason: string): Promise<void> {
  await contactOrThrow(deps.contacts, contactId);
  await reach(deps.contacts, contactId, 'managed-by-the-service', { reason });
}
