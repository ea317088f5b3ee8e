// The right of access (UK GDPR Art. 15, Data Protection Act 2018 s45): a copy of everything held about one person.
import type { AccessLog } from './contacts';

/** One section of what is held: its heading in plain words and its records as kept. */
export interface HeldSection {
  heading: string;
  records: Record<string, unknown>[];
}

/**
 * Everything held about one person: every case of theirs (the contacts sharing their NHS number, or just this one
 * when none is known) and what hangs off each, with who has read it.
 */
export interface SubjectAccessExport {
  /** What was asked for and when; the request's own reference, e.g. the council's SAR case number. */
  request: { contactId: string; reference: string; exportedBy: string; exportedAt: Date };
  caseIds: string[];
  sections: HeldSection[];
  /** What the information governance team must consider before release (exemptions, third parties). */
  beforeRelease: string[];
}

/** The case store's view of one person's data (src/store/subject-access.ts). */
export interface SubjectAccessStore {
  /** The person's cases: this contact's, and every other with the same NHS number; undefined when there is no such contact. */
  casesOf(contactId: string): Promise<{ caseIds: string[]; nhsNumber: string | null } | undefined>;
  heldAbout(caseIds: string[], nhsNumber: string | null): Promise<HeldSection[]>;
}

export class NoSuchPerson extends Error {
  constructor(readonly contactId: string) {
    super(`No contact ${contactId}`);
    this.name = 'NoSuchPerson';
  }
}

const BEFORE_RELEASE = [
  'Other people named here (whoever made a contact, a referrer, family) are third parties: consider their rights before release (DPA 2018 Sch. 2 para 16).',
  'A safeguarding concern, or information whose release would be likely to cause serious harm, may be withheld under the social work exemption (DPA 2018 Sch. 3 Part 3).',
  'The journeys\' steps (what the engine did) are in each case\'s timeline, which holds no personal details.',
];

/**
 * Exports everything held about the person whose case `contactId` is, for the information governance team. The export
 * is itself a read of their record and is written to the access log before it is handed over. Throws NoSuchPerson.
 */
export async function exportHeldData(
  deps: { subjectAccess: SubjectAccessStore; accessLog: AccessLog },
  contactId: string,
  request: { reference: string; exportedBy: string; at: Date },
): Promise<SubjectAccessExport> {
  const person = await deps.subjectAccess.casesOf(contactId);
  if (!person) throw new NoSuchPerson(contactId);
  for (const caseId of person.caseIds) {
    await deps.accessLog.record({ subject: { contactId: caseId }, userId: request.exportedBy, what: 'everything held (subject access)', why: `subject access request ${request.reference}` });
  }
  // The access log itself is read after this export's own entries are written, so the copy shows them too.
  const sections = await deps.subjectAccess.heldAbout(person.caseIds, person.nhsNumber);
  return {
    request: { contactId, reference: request.reference, exportedBy: request.exportedBy, exportedAt: request.at },
    caseIds: person.caseIds,
    sections,
    beforeRelease: BEFORE_RELEASE,
  };
}
