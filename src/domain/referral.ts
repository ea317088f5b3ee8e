// A referral for a Care Act assessment (seed 001 §2, seed 003): the 14 items it must hold, what is missing, and the
// routing facts the referral journey decides on (F1 grounds, F3 ordinary residence, F4 team, F7 carer).
import { z } from 'zod';
import type { ContactRecord } from './contact';
import type { RecordedDecision } from './communications';
import { calendarDateIn, DATE_OF_BIRTH } from './calendar-date';
import { nhsNumberSchema } from './nhs-number';

const text = z.string().trim().min(1).max(4000);
const yesNo = z.boolean();

/** The 14 items of seed 001 §2, in its order and words; each is optional until the referral is complete. */
export const referralItemsSchema = z.object({
  /**
   * 1. Full name (and preferred or previous name), address, preferred contact details, date of birth, NI and NHS numbers.
   * The date of birth and NHS number are checked as at intake: YYYY-MM-DD within DATE_OF_BIRTH, and an issued NHS number.
   */
  personalDetails: z.object({
    fullName: text, preferredName: text.optional(), address: text, preferredContact: text, dateOfBirth: calendarDateIn(DATE_OF_BIRTH),
    nationalInsuranceNumber: z.string().trim().regex(/^[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]$/i, 'is not a National Insurance number').optional(),
    nhsNumber: nhsNumberSchema.optional(),
  }).strict(),
  /** 2. Name, relationship and contact details of whoever made the referral, when not the person. */
  referrer: z.object({ name: text, relationship: text, contactDetails: text }).strict(),
  /** 3. When and how the person consented. */
  consent: z.object({ when: text, how: text }).strict(),
  /** 4. Without consent: was capacity assessed, and is the referral made in their best interests. */
  bestInterests: z.object({ capacityAssessed: yesNo, lacksCapacity: yesNo, bestInterestsDecision: yesNo, detail: text }).strict(),
  /** 5. The presenting issue from the person's perspective, and what they would like to happen. */
  personsView: text,
  /** 6. The presenting issue from the referrer's point of view and what they recommend (when not the person). */
  referrersView: text,
  /** 7. Options considered so far, including support from family and community networks. */
  optionsConsidered: text,
  /** 8. Information and advice given, or needed. */
  informationAndAdvice: text,
  /** 9. Prevention services used, considered or of possible benefit (F5). */
  prevention: text,
  /** 10. Communication needs for taking part in any care and support process. */
  communicationNeeds: text,
  /** 11. Likely substantial difficulty in taking part, and whether an independent advocate has been considered. */
  substantialDifficulty: z.object({ likely: yesNo, advocateConsidered: yesNo }).strict(),
  /** 12. Previous or current care and support services, whoever provides them. */
  careAndSupportServices: text,
  /** 13. With consent, who else should be involved in the assessment. */
  peopleToInvolve: text,
  /** 14. Anything else relevant, e.g. that it is part of a safeguarding plan. */
  otherInformation: text,
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

/**
 * F2: the items still missing. Items 2 and 6 only when someone else referred, with 3 (consent) or else 4 (best
 * interests); a person referring themselves consents by doing so. 13 only with consent.
 */
export function missingItems(r: Pick<Referral, 'items'>, ctx: { madeByThePerson: boolean }): ReferralItem[] {
  const consented = ctx.madeByThePerson || r.items.consent !== undefined;
  const needed = (Object.keys(ITEM_NAMES) as ReferralItem[]).filter((item) => {
    if (item === 'referrer' || item === 'referrersView') return !ctx.madeByThePerson;
    if (item === 'consent') return !ctx.madeByThePerson && !r.items.bestInterests;
    if (item === 'bestInterests') return !consented;
    if (item === 'peopleToInvolve') return consented;
    return true;
  });
  return needed.filter((item) => r.items[item] === undefined);
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
