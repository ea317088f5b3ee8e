// Reviews of care and support (U2–U4): scheduled when support starts, and a proportionate reassessment when a review
// finds need or budget changed, which goes to the RAC meeting like any referral.
import { contactOrThrow, reach, type ContactRepository } from './contacts';
import { addDays, atLondonTime } from './london-calendar';
import { nextWorkingDay } from './working-days';
import { checkNamedWorker, type PractitionerLookup } from './practitioners';
import { advocacyFactsOf, itemsForReassessment, type ReferralRepository } from './referral';
import { ReferralNotFound, type ReferralEngine } from './referrals';

export interface ReviewEngine {
  /** Starts the reviews journey once per referral's support; `initialReviewDueAt` (ISO 8601) is its 6-week timer. */
  supportStarted(s: { referralId: string; contactId: string; allocatedWorker: string; supportStartsOn: string; initialReviewDueAt: string }): Promise<void>;
  /** Starts the reviews journey for a review or reassessment asked for at the front door, once per contact. */
  reviewRequested(contactId: string): Promise<void>;
}

export interface ReviewDeps {
  contacts: ContactRepository;
  referrals: ReferralRepository;
  referralEngine: ReferralEngine;
  reviewEngine: ReviewEngine;
}

/** U2 (seed 000): the initial review is 6 weeks after support starts. */
export const INITIAL_REVIEW_AFTER_DAYS = 42;

/**
 * U2: when the initial review falls due: 09:00 London time on the London calendar day 6 weeks after the day support
 * starts (YYYY-MM-DD), in GMT or BST as that day is, whatever the clocks did in between (support from 20 September
 * 2027 is reviewed at 09:00 GMT on 1 November 2027), or the next working day when that day is a weekend or a bank
 * holiday. Throws a RangeError when the day is not a calendar date.
 */
export function initialReviewDueAt(supportStartsOn: string): Date {
  return atLondonTime(nextWorkingDay(addDays(supportStartsOn, INITIAL_REVIEW_AFTER_DAYS)), 9);
}

/** U2: support arranged at assessment starts its reviews, led by the worker who assessed, the first due 6 weeks on. */
export async function startReviews(deps: Pick<ReviewDeps, 'referrals' | 'reviewEngine'>, referralId: string, supportStartsOn: string): Promise<void> {
  const r = await deps.referrals.find(referralId);
  if (!r) throw new ReferralNotFound(referralId);
  if (!r.allocatedWorker) throw new Error(`Referral ${referralId} has no allocated worker to review the support`);
  await deps.reviewEngine.supportStarted({
    referralId, contactId: r.contactId, allocatedWorker: r.allocatedWorker, supportStartsOn, initialReviewDueAt: initialReviewDueAt(supportStartsOn).toISOString(),
  });
}

/**
 * U4 (seed 003): need or budget changed, so the review leads to a proportionate reassessment, a longer intervention that
 * goes to the RAC meeting. It starts from what the last referral holds, so nobody is asked again, less the views of the
 * presenting issue the change makes out of date (`itemsForReassessment`), which are gathered; once per review.
 */
export async function referForReassessment(deps: Omit<ReviewDeps, 'reviewEngine'>, contactId: string, reviewKey: string): Promise<string> {
  await contactOrThrow(deps.contacts, contactId);
  const last = (await deps.referrals.forContact(contactId)).at(-1);
  const referral = await deps.referrals.createForContact(contactId, itemsForReassessment(last?.items), { kind: 'reassessment', origin: `review:${reviewKey}`, facts: last?.facts ?? {} });
  if (!referral) throw new Error(`No contact ${contactId} to refer for reassessment`);
  await deps.referralEngine.startReferral(referral.id, contactId);
  return referral.id;
}

/** U3: a contact asking for a review or reassessment is passed on to the reviews journey; the contact ends there (C12). */
export async function requestReview(deps: Pick<ReviewDeps, 'contacts' | 'reviewEngine'>, contactId: string): Promise<void> {
  await contactOrThrow(deps.contacts, contactId);
  await deps.reviewEngine.reviewRequested(contactId);
  await reach(deps.contacts, contactId, 'passed-on', { outcome: 'review-or-reassessment' });
}

/**
 * U3 (seed 003): the allocated worker carries out the review unless it is urgent and they are away, when a manager
 * decides; with no allocated worker a manager decides too. Availability is judged on the calendars' wall clock.
 */
export async function checkReviewer(deps: { contacts: ContactRepository; practitioners: PractitionerLookup }, contactId: string, at: Date) {
  const c = await contactOrThrow(deps.contacts, contactId);
  const check = await checkNamedWorker(deps, { ...(c.person.nhsNumber ? { nhsNumber: c.person.nhsNumber } : {}), at });
  return {
    hasAllocatedWorker: check.hasAllocatedWorker,
    allocatedWorkerAvailable: check.workerAvailable,
    ...(check.allocatedWorker ? { allocatedWorker: check.allocatedWorker.id } : {}),
  };
}

/**
 * V1 for a review: what the person's last referral recorded about substantial difficulty (item 11), an appropriate other
 * person, the Mental Health Act and capacity. Someone with no referral here has none of these on record.
 */
export async function reviewAdvocacyFacts(deps: Pick<ReviewDeps, 'referrals'>, contactId: string) {
  const last = (await deps.referrals.forContact(contactId)).at(-1);
  return { careAndSupportProcess: 'review' as const, ...advocacyFactsOf(last) };
}
