// A referral for a Care Act assessment (seed 001 §2, seed 003): the 14 items it must hold, what is missing, and the
// routing facts the referral journey decides on (F1 grounds, F3 ordinary residence, F4 team, F7 carer).
import { z } from 'zod';
import { block } from './text';
import type { ContactRecord } from './contact';
import type { RecordedDecision } from './communications';
import { calendarDateIn, DATE_OF_BIRTH } from './calendar-date';
import { nhsNumberSchema } from './nhs-number';
import { answer } from './not-known';

const text = block(4000);
const yesNo = z.boolean();

/**
 * The 14 items of seed 001 §2, in its order and words. Every part of an item holds its value or, when nobody can give
 * it, "not known" or "none" (`answer`, src/domain/not-known.ts); a part left out is blank, still to be gathered.
 */
export const referralItemsSchema = z.object({
  /**
   * 1. Full name (and preferred or previous name), address, preferred contact details, date of birth, NI and NHS numbers.
   * The date of birth and NHS number are checked as at intake: YYYY-MM-DD within DATE_OF_BIRTH, and an issued NHS number.
   */
  personalDetails: z.object({
    fullName: answer(text).optional(),
    preferredName: answer(text).optional(),
    address: answer(text).optional(),
    preferredContact: answer(text).optional(),
    dateOfBirth: answer(calendarDateIn(DATE_OF_BIRTH)).optional(),
    nationalInsuranceNumber: answer(z.string().trim().regex(/^[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$/i, 'is not a National Insurance number')).optional(),
    nhsNumber: answer(nhsNumberSchema).optional(),
  }).strict(),
  /** 2. Name, relationship and contact details of whoever made the referral, when not the person. */
  referrer: z.object({ name: answer(text).optional(), relationship: answer(text).optional(), contactDetails: answer(text).optional() }).strict(),
  /** 3. When and how the person consented. */
  consent: z.object({ when: answer(text).optional(), how: answer(text).optional() }).strict(),
  /** 4. Without consent: was capacity assessed, and is the referral made in their best interests. */
  bestInterests: z.object({
    capacityAssessed: answer(yesNo).optional(), lacksCapacity: answer(yesNo).optional(), bestInterestsDecision: answer(yesNo).optional(), detail: answer(text).optional(),
  }).strict(),
  /** 5. The presenting issue from the person's perspective, and what they would like to happen. */
  personsView: answer(text),
  /** 6. The presenting issue from the referrer's point of view and what they recommend (when not the person). */
  referrersView: answer(text),
  /** 7. Options considered so far, including support from family and community networks. */
  optionsConsidered: answer(text),
  /** 8. Information and advice given, or needed. */
  informationAndAdvice: answer(text),
  /** 9. Prevention services used, considered or of possible benefit (F5). */
  prevention: answer(text),
  /** 10. Communication needs for taking part in any care and support process. */
  communicationNeeds: answer(text),
  /** 11. Likely substantial difficulty in taking part, and whether an independent advocate has been considered. */
  substantialDifficulty: z.object({ likely: answer(yesNo).optional(), advocateConsidered: answer(yesNo).optional() }).strict(),
  /** 12. Previous or current care and support services, whoever provides them. */
  careAndSupportServices: answer(text),
  /** 13. With consent, who else should be involved in the assessment. */
  peopleToInvolve: answer(text),
  /** 14. Anything else relevant, e.g. that it is part of a safeguarding plan. */
  otherInformation: answer(text),
}).partial().strict();
export type ReferralItems = z.infer<typeof referralItemsSchema>;
export type ReferralItem = keyof ReferralItems;

export const ITEM_NAMES: Record<ReferralItem, string> = {
  personalDetails: '1. personal details', referrer: '2. who made the referral', consent: '3. when and how the person consented',
  bestInterests: '4. capacity and best interests', personsView: "5. the person's view", referrersView: "6. the referrer's view",
  optionsConsidered: '7. options considered', informationAndAdvice: '8. information and advice', prevention: '9. prevention services',
  communicationNeeds: '10. communication needs', substantialDifficulty: '11. substantial difficulty and advocacy',
  careAndSupportServices: '12. care and support services', peopleToInvolve: '13. people to involve', otherInformation: '14. other information',
};

/** The parts of the items that have several, in the seed's order and words; every other item is one part. */
export const ITEM_PARTS: Partial<Record<ReferralItem, Record<string, string>>> = {
  personalDetails: {
    fullName: 'full name', preferredName: 'preferred or previous name', address: 'address', preferredContact: 'preferred contact details',
    dateOfBirth: 'date of birth', nationalInsuranceNumber: 'National Insurance number', nhsNumber: 'NHS number',
  },
  referrer: { name: 'name', relationship: 'relationship', contactDetails: 'contact details' },
  consent: { when: 'when', how: 'how' },
  bestInterests: {
    capacityAssessed: 'whether capacity was assessed', lacksCapacity: 'whether the person lacks capacity',
    bestInterestsDecision: 'whether a best-interests decision supports the referral', detail: 'what was decided and why',
  },
  substantialDifficulty: { likely: 'whether substantial difficulty is likely', advocateConsidered: 'whether an advocate has been considered' },
};

/** What the journey needs beyond the 14 items: where the person lives for care purposes, their needs, their wishes, a carer's needs. */
export const referralFactsSchema = z.object({
  ordinaryResidence: z.enum(['resident', 'not-resident', 'unknown']).default('unknown'),
  learningDisability: yesNo.default(false),
  mentalHealth: yesNo.default(false),
  /** The team the person would like, if they have said (F4: their wishes are weighed). */
  preferredTeam: z.string().regex(/^[a-z0-9-]+$/, 'is a team id').nullable().default(null),
  /** A5: skills the person's particular needs call for in a worker, e.g. dementia, autism, british-sign-language. */
  skillsNeeded: z.array(z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'is a skill, lower-case words joined by hyphens')).max(10).default([]),
  /** A5: the worker the person would like, if they have said (their own views on who would best support them). */
  preferredWorker: z.string().regex(/^[a-z0-9]+([._-][a-z0-9]+)*$/, 'is a practitioner id').nullable().default(null),
  /** F7: the referrer or someone in the person's life provides care and shows support needs of their own. */
  carerShowingNeeds: yesNo.default(false),
  /** F1: the person is at risk of abuse or neglect. */
  atRiskOfAbuseOrNeglect: yesNo.default(false),
  /** V1: someone appropriate (not paid to care for them) who can support and represent them. */
  appropriateOtherPerson: yesNo.default(false),
  /** V5: the person is subject to the Mental Health Act 1983, so an IMHA may also be due. */
  detainedUnderMentalHealthAct: yesNo.default(false),
  /** A2: what the waiting list is ordered on (seed 001 §2, the six things prioritisation weighs). */
  risk: z.enum(['low', 'medium', 'high']).default('medium'),
  need: z.enum(['low', 'medium', 'high']).default('medium'),
  currentSupport: z.enum(['none', 'some', 'substantial']).default('some'),
  supportSustainable: yesNo.default(true),
  urgent: yesNo.default(false),
  deteriorationLikely: yesNo.default(false),
  fluctuating: yesNo.default(false),
}).strict();

export type ReferralFacts = z.infer<typeof referralFactsSchema>;

export const referralUpdateSchema = z.object({ items: referralItemsSchema.default({}), facts: referralFactsSchema.partial().default({}) }).strict();
export type ReferralUpdate = z.infer<typeof referralUpdateSchema>;

export type ReferralStatus = 'gathering' | 'declined' | 'signposted-elsewhere' | 'waiting-for-allocation' | 'allocated' | 'closed';

export interface Referral {
  id: string;
  contactId: string;
  /** An assessment after a first contact, or a proportionate reassessment after a review (U4). */
  kind: 'assessment' | 'reassessment';
  items: ReferralItems;
  facts: ReferralFacts;
  status: ReferralStatus;
  team: string | null;
  priority: { band: string; score: number; at: Date } | null;
  /** A1: set only by a decision of the RAC meeting. */
  allocatedWorker: string | null;
  closedReason: string | null;
  /** A3: when someone last checked on the person while they wait. */
  recheckedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
}

/** F2: an item still missing, with the parts of it that are blank (none for an item of one part), in plain words. */
export interface MissingItem {
  item: ReferralItem;
  name: string;
  parts: { part: string; name: string }[];
  /** "1. personal details: National Insurance number, NHS number", or the item's name alone. */
  description: string;
}

/**
 * F2: the items still missing, part by part: a part is missing while blank; "not known" or "none" is an answer. Items 2
 * and 6 only when someone else referred, with 3 (consent) or else 4 (best interests); a person referring themselves
 * consents by doing so. 13 only with consent.
 */
export function missingItems(r: Pick<Referral, 'items'>, ctx: { madeByThePerson: boolean }): MissingItem[] {
  const consented = ctx.madeByThePerson || r.items.consent !== undefined;
  const needed = (Object.keys(ITEM_NAMES) as ReferralItem[]).filter((item) => {
    if (item === 'referrer' || item === 'referrersView') return !ctx.madeByThePerson;
    if (item === 'consent') return !ctx.madeByThePerson && !r.items.bestInterests;
    if (item === 'bestInterests') return !consented;
    if (item === 'peopleToInvolve') return consented;
    return true;
  });
  return needed.flatMap((item): MissingItem[] => {
    const name = ITEM_NAMES[item];
    const parts = ITEM_PARTS[item];
    const value = r.items[item] as Record<string, unknown> | undefined;
    if (!parts) return value === undefined ? [{ item, name, parts: [], description: name }] : [];
    const blank = Object.entries(parts).filter(([part]) => value?.[part] === undefined).map(([part, partName]) => ({ part, name: partName }));
    return blank.length ? [{ item, name, parts: blank, description: `${name}: ${blank.map((p) => p.name).join(', ')}` }] : [];
  });
}

/** Items given replace those of the same name; for an item of several parts, part by part, so one part can be added alone. */
export function mergeItems(current: ReferralItems, change: ReferralItems): ReferralItems {
  const merged: ReferralItems & Record<string, unknown> = { ...current };
  for (const [item, value] of Object.entries(change)) {
    merged[item] = ITEM_PARTS[item as ReferralItem] ? { ...(current[item as ReferralItem] as object | undefined), ...(value as object) } : value;
  }
  return merged;
}

/**
 * U4: what a reassessment starts from: the last referral's items, so nobody is asked again (seed 003), except those that
 * describe the presenting issue, which the changed need makes out of date: the person's and the referrer's view (5, 6) and
 * the options considered (7) are gathered afresh.
 */
export function itemsForReassessment(last: ReferralItems | undefined): ReferralItems {
  const lasting: ReferralItems = { ...last };
  for (const item of ['personsView', 'referrersView', 'optionsConsidered'] as const) delete lasting[item];
  return lasting;
}

/** V1: what the advocacy duty turns on, as a referral records it; nothing on record when there is no referral. */
export function advocacyFactsOf(r: Pick<Referral, 'items' | 'facts'> | undefined) {
  return {
    substantialDifficulty: r?.items.substantialDifficulty?.likely === true,
    appropriateOtherPerson: r?.facts.appropriateOtherPerson ?? false,
    detainedUnderMentalHealthAct: r?.facts.detainedUnderMentalHealthAct ?? false,
    lacksCapacity: r?.items.bestInterests?.lacksCapacity === true,
  };
}

/** F1 inputs: the grounds on which a referral may be taken. */
export function groundsOf(r: Pick<Referral, 'items' | 'facts'>, ctx: { madeByThePerson: boolean }) {
  return {
    madeByThePerson: ctx.madeByThePerson,
    consented: r.items.consent !== undefined,
    lacksCapacity: advocacyFactsOf(r).lacksCapacity,
    bestInterestsSupports: r.items.bestInterests?.bestInterestsDecision === true,
    atRiskOfAbuseOrNeglect: r.facts.atRiskOfAbuseOrNeglect,
  };
}

/** What the first contact already holds, so nobody is asked twice (seed 003: "not make the person … repeat information"). */
export function itemsFromContact(c: ContactRecord, decisions: RecordedDecision[]): ReferralItems {
  const triage = decisions.find((d) => d.formId === 'triage-contact')?.data ?? {};
  const items: ReferralItems = {
    personalDetails: {
      fullName: c.person.name,
      address: [...c.person.address.lines, c.person.address.postcode].filter(Boolean).join(', '),
      preferredContact: [c.person.preferredContactMethod, c.person.phone ?? c.person.email].filter(Boolean).join(': '),
      dateOfBirth: c.person.dateOfBirth,
      ...(c.person.nhsNumber ? { nhsNumber: c.person.nhsNumber } : {}),
    },
    personsView: c.presentingIssue,
    communicationNeeds: c.person.communicationNeeds.length ? [...c.person.communicationNeeds, c.person.communicationNotes].filter(Boolean).join('; ') : 'None known',
  };
  if (typeof triage.informationAndAdvice === 'string') items.informationAndAdvice = triage.informationAndAdvice;
  if (typeof triage.prevention === 'string') items.prevention = triage.prevention;
  Object.assign(items, consentItemsFrom(c, decisions));
  if (c.madeBy.kind === 'someone-else') {
    const contactDetails = [c.madeBy.replyTo?.phone, c.madeBy.replyTo?.email, c.madeBy.replyTo?.addressLines?.join(', ')].filter(Boolean).join('; ');
    if (contactDetails) items.referrer = { name: c.madeBy.name, relationship: c.madeBy.relationship, contactDetails };
  }
  return items;
}

/**
 * Items 3 and 4 from the contact's decisions (C1, F1): consent or legal authority confirmed at triage, or given when the
 * person was asked; otherwise the best-interests decision the latest decision recorded, with its capacity assessment.
 */
export function consentItemsFrom(c: ContactRecord, decisions: RecordedDecision[]): Pick<ReferralItems, 'consent' | 'bestInterests'> {
  const triage = decisions.find((d) => d.formId === 'triage-contact');
  const asked = decisions.findLast((d) => d.formId === 'ask-for-consent' && d.data.consentAnswer === 'given');
  const day = (d: RecordedDecision) => d.completedAt.toISOString().slice(0, 10);
  if (asked) return { consent: { when: day(asked), how: `Asked by the contact advisor: ${String(asked.data.how)}` } };
  if (triage && (triage.data.consentConfirmed === 'consent' || triage.data.consentConfirmed === 'legal-authority')) {
    return {
      consent: {
        when: day(triage),
        how: triage.data.consentConfirmed === 'consent'
          ? 'Confirmed with the person by the contact advisor at triage'
          : `Given under legal authority: ${c.madeBy.kind === 'someone-else' ? c.madeBy.authorityDetail ?? 'named on the contact' : ''}`,
      },
    };
  }
  const ground = decisions.findLast((d) => d.formId !== 'ask-for-consent' && d.data.withoutConsent);
  if (ground?.data.withoutConsent === 'best-interests') {
    return {
      bestInterests: {
        capacityAssessed: true, lacksCapacity: true, bestInterestsDecision: true,
        detail: `Capacity assessment: ${String(ground.data.capacityAssessment)}. Best-interests decision by ${String(ground.data.bestInterestsDecidedBy)} on ${String(ground.data.bestInterestsDecidedOn)}.`,
      },
    };
  }
  return {};
}

/**
 * F1 ground 4: the person is at risk of abuse or neglect when a concern was raised as the contact arrived, or the
 * decision to pass it on rests on that risk.
 */
export function atRiskOnRecord(c: ContactRecord, decisions: RecordedDecision[]): boolean {
  return c.flags.safeguardingConcern || c.flags.imminentDanger || decisions.some((d) => d.data.withoutConsent === 'at-risk');
}

/** The referrals store (src/store/referrals.ts). */
export interface ReferralRepository {
  /** The contact's referral, made with these items the first time; undefined when there is no such contact. */
  createForContact(
    contactId: string, items: ReferralItems,
    from?: { kind: 'reassessment'; origin: string; facts: Partial<ReferralFacts> } | { kind: 'assessment'; facts: Partial<ReferralFacts> },
  ): Promise<Referral | undefined>;
  /** The contact's referrals, oldest first. */
  forContact(contactId: string): Promise<Referral[]>;
  find(id: string): Promise<Referral | undefined>;
  /** Items and facts given replace those of the same name (an item of several parts, part by part: `mergeItems`). */
  update(id: string, change: ReferralUpdate): Promise<Referral | undefined>;
  /**
   * What the journey decided before the RAC meeting; false when there is no such referral. A referral the meeting
   * has allocated or closed keeps that status (A1): a late re-check records its priority only.
   */
  setStatus(id: string, status: 'declined' | 'signposted-elsewhere' | 'waiting-for-allocation', team?: string, priority?: { band: string; score: number }): Promise<boolean>;
  /** A3: someone checked on the person while they wait; false when there is no such referral. */
  markRechecked(id: string): Promise<boolean>;
  /** A2: the waiting list, highest priority first, then longest waiting. */
  waitingList(page: { limit: number; offset: number }): Promise<{ referrals: Referral[]; total: number }>;
}
