// Use cases of the referral journey (F1–F7): make it from the contact, say what is missing, record what was decided.
import type { RecordedDecision } from './communications';
import { ContactNotFound, contactOrThrow, linkToCase, reach, type ContactRepository } from './contacts';
import { advocacyFactsOf, atRiskOnRecord, groundsOf, itemsFromContact, mergeItems, missingItems, type MissingItem, type Referral, type ReferralRepository, type ReferralUpdate } from './referral';

export interface ReferralEngine {
  /** Starts the referral journey once per referral, however often it is asked. */
  startReferral(referralId: string, contactId: string): Promise<void>;
  /** Tells a referral waiting for the RAC meeting that the person's situation changed, so it is re-prioritised (A3). */
  situationChanged(referralId: string): Promise<void>;
}

export interface ReferralDeps {
  contacts: ContactRepository;
  referrals: ReferralRepository;
  decisions: { decisionsFor(contactId: string): Promise<RecordedDecision[]> };
  referralEngine: ReferralEngine;
}

export class ReferralNotFound extends Error {
  constructor(readonly referralId: string) {
    super(`No referral ${referralId}`);
    this.name = 'ReferralNotFound';
  }
}

/** C12, F2: the first contact ends in a referral that starts from what the contact already holds. */
export async function makeReferral(deps: ReferralDeps, contactId: string): Promise<string> {
  const c = await contactOrThrow(deps.contacts, contactId);
  const decisions = await deps.decisions.decisionsFor(contactId);
  const referral = await deps.referrals.createForContact(contactId, itemsFromContact(c, decisions), { kind: 'assessment', facts: { atRiskOfAbuseOrNeglect: atRiskOnRecord(c, decisions) } });
  if (!referral) throw new ContactNotFound(contactId);
  await deps.referralEngine.startReferral(referral.id, contactId);
  await reach(deps.contacts, contactId, 'passed-on', { outcome: 'referral-for-assessment', referralId: referral.id });
  return referral.id;
}

async function referralAndContact(deps: Pick<ReferralDeps, 'contacts' | 'referrals'>, referralId: string) {
  const r = await deps.referrals.find(referralId);
  if (!r) throw new ReferralNotFound(referralId);
  const c = await contactOrThrow(deps.contacts, r.contactId);
  return { r, madeByThePerson: c.madeBy.kind === 'the-person' };
}

/** F1 inputs, F2 completeness, and the facts F3, F4 and F7 decide on: routing facts only, never the items themselves. */
export async function checkReferral(deps: Pick<ReferralDeps, 'contacts' | 'referrals'>, referralId: string, journey: string) {
  const { r, madeByThePerson } = await referralAndContact(deps, referralId);
  await linkToCase(deps.contacts, r.contactId, journey);
  const missing = missingItems(r, { madeByThePerson });
  return {
    ...r.facts,
    ...groundsOf(r, { madeByThePerson }),
    /** V1: the care and support process the person will be involved in, and what the duty turns on. */
    careAndSupportProcess: r.kind,
    ...advocacyFactsOf(r),
    referralComplete: missing.length === 0,
    missingItems: missing.map((m) => m.description),
  };
}

/**
 * Gathering the missing information (F2) and updating the person's situation: the items given replace those of the
 * same name. A change to the facts of someone waiting for allocation re-prioritises them (A3).
 */
export async function updateReferral(deps: Pick<ReferralDeps, 'referrals' | 'referralEngine'>, referralId: string, change: ReferralUpdate): Promise<Referral> {
  const r = await deps.referrals.update(referralId, change);
  if (!r) throw new ReferralNotFound(referralId);
  if (r.status === 'waiting-for-allocation' && Object.keys(change.facts).length) await deps.referralEngine.situationChanged(referralId);
  return r;
}

/** F2: gathering was to be finished, but parts are still blank: none of it was recorded. */
export class ItemsStillMissing extends Error {
  constructor(readonly referralId: string, readonly missing: MissingItem[]) {
    super(`Referral ${referralId} still misses ${missing.map((m) => m.description).join('; ')}`);
    this.name = 'ItemsStillMissing';
  }
}

/** What the referral misses, part by part, in plain words. */
export async function whatIsMissing(deps: Pick<ReferralDeps, 'contacts' | 'referrals'>, referralId: string): Promise<{ referral: Referral; missing: MissingItem[] }> {
  const { r, madeByThePerson } = await referralAndContact(deps, referralId);
  return { referral: r, missing: missingItems(r, { madeByThePerson }) };
}

/**
 * F2: the gathering task is finished with what was gathered. The items given (if any) are recorded on the referral;
 * if a part is still blank afterwards, nothing is recorded and ItemsStillMissing names each part, so the journey does
 * not check again only to ask again. A part nobody can give is answered "not known" or "none".
 */
export async function finishGathering(deps: Pick<ReferralDeps, 'contacts' | 'referrals' | 'referralEngine'>, referralId: string, change: ReferralUpdate): Promise<void> {
  const { r, madeByThePerson } = await referralAndContact(deps, referralId);
  const missing = missingItems({ items: mergeItems(r.items, change.items) }, { madeByThePerson });
  if (missing.length) throw new ItemsStillMissing(referralId, missing);
  if (Object.keys(change.items).length || Object.keys(change.facts).length) await updateReferral(deps, referralId, change);
}

/** A3: someone checked on the person while they wait. */
export async function recordRecheck(deps: Pick<ReferralDeps, 'referrals'>, referralId: string): Promise<void> {
  if (!(await deps.referrals.markRechecked(referralId))) throw new ReferralNotFound(referralId);
}

/** What the journey decided: declined (F1), signposted to their own authority (F3), or waiting for the RAC meeting with a team (F4). */
export async function recordReferralStatus(
  deps: Pick<ReferralDeps, 'referrals'>, referralId: string, status: Parameters<ReferralRepository['setStatus']>[1], team?: string, priority?: { band: string; score: number },
): Promise<void> {
  if (!(await deps.referrals.setStatus(referralId, status, team, priority))) throw new ReferralNotFound(referralId);
}
