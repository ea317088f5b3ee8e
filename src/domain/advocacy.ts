// Independent advocacy (V1–V5): the referral to a provider, the advocate they name, a person's decline, and the word to
// the journey waiting on it that the care and support process may begin.
import { z } from 'zod';
import { block, line } from './text';
import { messagePractitioner, type MessageDeps } from './messages';

export const ADVOCATE_KINDS = ['care-act', 'imca', 'imha'] as const;
export type AdvocateKind = (typeof ADVOCATE_KINDS)[number];
export const CARE_AND_SUPPORT_PROCESSES = ['assessment', 'review', 'reassessment', 'safeguarding'] as const;

export interface AdvocacyReferral {
  id: string;
  caseId: string;
  /** The referral or review the advocate supports. */
  forId: string;
  process: (typeof CARE_AND_SUPPORT_PROCESSES)[number];
  kind: AdvocateKind;
  providerId: string | null;
  status: 'requested' | 'no-provider' | 'advocate-named' | 'declined' | 'withdrawn';
  advocateName: string | null;
  advocatePhone: string | null;
  declinedReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface AdvocacyProvider {
  id: string;
  name: string;
  email: string;
  phone: string;
  kinds: AdvocateKind[];
  accepting: boolean;
}

export interface AdvocacyStore {
  /**
   * The advocacy referral for this referral or review, made the first time with a provider accepting this kind of
   * advocate (or none, when none is); later calls find it. A provider that stopped accepting is not a reason to lose it.
   */
  refer(r: Pick<AdvocacyReferral, 'caseId' | 'forId' | 'process' | 'kind'>): Promise<AdvocacyReferral>;
  find(id: string): Promise<AdvocacyReferral | undefined>;
  /** The advocacy referrals made for this referral or review. */
  madeFor(forId: string): Promise<AdvocacyReferral[]>;
  /** The advocacy referrals still waiting for an advocate (requested, or with no provider), the longest waiting first. */
  waitingForAdvocate(limit: number): Promise<AdvocacyReferral[]>;
  /** The advocate is in place: from 'requested' or 'no-provider' only; undefined when there is no such referral. */
  nameAdvocate(id: string, a: { providerId: string; name: string; phone: string }): Promise<AdvocacyReferral | undefined>;
  decline(id: string, reason: string): Promise<AdvocacyReferral | undefined>;
  /** Withdraws the referrals still waiting for an advocate for this referral or review; returns those withdrawn. */
  withdraw(forId: string): Promise<AdvocacyReferral[]>;
  providers(): Promise<AdvocacyProvider[]>;
  findProvider(id: string): Promise<AdvocacyProvider | undefined>;
  setAccepting(id: string, accepting: boolean): Promise<AdvocacyProvider | undefined>;
}

export interface AdvocacyEngine {
  advocateNamed(advocacyId: string): Promise<void>;
  /** The wait for an advocate is over without one: the person declined, or the advocacy is no longer needed. */
  ended(advocacyId: string): Promise<void>;
  /** Tells the journey waiting on this advocacy that its care and support process may begin (V3). */
  settled(forId: string, process: string): Promise<void>;
}

export interface AdvocacyDeps {
  advocacy: AdvocacyStore;
  advocacyEngine: AdvocacyEngine;
  messages: MessageDeps;
}

export class AdvocacyProblem extends Error {
  constructor(readonly status: 404 | 409 | 400, readonly title: string, detail: string, readonly pointer?: string) {
    super(detail);
    this.name = 'AdvocacyProblem';
  }
}

/**
 * V2, V4: the referral to an advocacy provider, made as soon as the duty applies. The provider hears by e-mail, with a
 * reference to quote and the front door's number: the person's details go to them on the phone, not in an e-mail.
 * With no provider accepting, the duty stands and the journey escalates it to the commissioner.
 */
export async function referForAdvocacy(
  deps: Omit<AdvocacyDeps, 'advocacyEngine'>, r: Pick<AdvocacyReferral, 'caseId' | 'forId' | 'process' | 'kind'>,
): Promise<{ advocacyId: string; providerFound: boolean }> {
  const referral = await deps.advocacy.refer(r);
  const provider = referral.providerId ? await deps.advocacy.findProvider(referral.providerId) : undefined;
  if (provider) {
    await messagePractitioner(deps.messages, {
      key: `${referral.id}:advocacy-referral`,
      caseId: referral.caseId,
      to: { practitionerId: `advocacy-provider:${provider.id}`, email: provider.email },
      subject: `Referral for independent advocacy (${KIND_WORDS[referral.kind]})`,
      body: [
        `The council refers a person for ${KIND_WORDS[referral.kind]} to support them through a care and support ${referral.process}.`,
        `The ${referral.process} cannot begin until an advocate is in place, so please name one as soon as you can.`,
        `Reference: ${referral.id}. Ring the adult social care front door for the person's details and to name the advocate.`,
      ].join('\n'),
    });
  }
  return { advocacyId: referral.id, providerFound: provider !== undefined };
}

const KIND_WORDS: Record<AdvocateKind, string> = {
  'care-act': 'a Care Act independent advocate',
  imca: 'an independent advocate who is also an IMCA (Mental Capacity Act 2005)',
  imha: 'an independent advocate who is also an IMHA (Mental Health Act 1983)',
};

async function advocacyOrThrow(deps: Pick<AdvocacyDeps, 'advocacy'>, id: string): Promise<AdvocacyReferral> {
  const a = await deps.advocacy.find(id);
  if (!a) throw new AdvocacyProblem(404, 'No such advocacy referral', `There is no advocacy referral ${id}.`);
  return a;
}

export const namedAdvocateSchema = z.object({
  providerId: z.string().regex(/^[a-z0-9-]+$/, 'is not a provider id'),
  name: line(200),
  phone: z.string().trim().regex(/^\+?[\d\s()-]{7,20}$/, 'is not a phone number'),
}).strict();

/** V3: the provider has named the advocate; the process waiting on it may begin. Naming the same advocate again is safe. */
export async function nameAdvocate(deps: AdvocacyDeps, id: string, a: z.infer<typeof namedAdvocateSchema>): Promise<AdvocacyReferral> {
  const was = await advocacyOrThrow(deps, id);
  if (!(await deps.advocacy.findProvider(a.providerId))) throw new AdvocacyProblem(400, 'The request has invalid fields', `${a.providerId} is not an advocacy provider.`, '#/providerId');
  if (was.status === 'declined') throw new AdvocacyProblem(409, 'The person declined advocacy', `Advocacy referral ${id} was declined; it stays available if they change their mind: make a new referral.`);
  const named = was.status === 'advocate-named' ? was : await deps.advocacy.nameAdvocate(id, a);
  if (!named) throw new AdvocacyProblem(404, 'No such advocacy referral', `There is no advocacy referral ${id}.`);
  await deps.advocacyEngine.advocateNamed(id);
  return named;
}

/** How many waiting advocacy referrals one list shows: far more than wait at once in a council's front door. */
export const WAITING_LIMIT = 500;

/**
 * V3, V4: the advocacy referrals still waiting for an advocate, the longest waiting first: what commissioners chase
 * providers for, and where practitioners record the advocate named or the person's decline.
 */
export async function waitingForAnAdvocate(deps: Pick<AdvocacyDeps, 'advocacy'>): Promise<AdvocacyReferral[]> {
  return deps.advocacy.waitingForAdvocate(WAITING_LIMIT);
}

export const declineSchema = z.object({ reason: block(2000) }).strict();

/** V4: the person may decline; advocacy was made available, and the decline is recorded with their reason. */
export async function declineAdvocacy(deps: AdvocacyDeps, id: string, reason: string): Promise<AdvocacyReferral> {
  const was = await advocacyOrThrow(deps, id);
  if (was.status === 'advocate-named') throw new AdvocacyProblem(409, 'An advocate is already in place', `Advocacy referral ${id} already has an advocate; record that they no longer want them with the provider.`);
  const declined = was.status === 'declined' ? was : await deps.advocacy.decline(id, reason);
  if (!declined) throw new AdvocacyProblem(404, 'No such advocacy referral', `There is no advocacy referral ${id}.`);
  await deps.advocacyEngine.ended(id);
  return declined;
}

/**
 * What the advocacy supported will not happen (the RAC meeting closed the referral): the advocacy still waiting for an
 * advocate is withdrawn, so nobody chases a provider or the commissioner for it. A named advocate's provider is told
 * by the practitioner; that is not this.
 */
export async function withdrawAdvocacy(deps: Pick<AdvocacyDeps, 'advocacy' | 'advocacyEngine'>, forId: string): Promise<void> {
  for (const a of await deps.advocacy.withdraw(forId)) await deps.advocacyEngine.ended(a.id);
}
