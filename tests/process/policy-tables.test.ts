// Small policy tables, evaluated by the real engine: which contacts are acknowledged (C3, C4), and how long a person
// waits for an away worker's call (T3, T4). Each table has hit policy FIRST: exactly one row decides, and its outputs
// are what the process reads; a duration's words are for the people who read the table.
import type { EngineClient } from '../../src/engine/operaton';
import { deployAll, evaluateDecision, testEngineClient } from '../support/deploy';

let engine: EngineClient;
beforeAll(async () => {
  engine = testEngineClient();
  await deployAll(engine);
});

const no = false;
const yes = true;
test.each([
  // channel, letter asks for one, formal letter → acknowledge
  ['email', no, no, yes],
  ['text', no, no, yes],
  ['letter', yes, no, yes],
  ['letter', no, yes, yes],
  ['letter', no, no, no],
  ['phone', no, no, no],
  ['web-form', no, no, no],
  ['partner-checklist', no, no, no],
])('when a contact comes by %s (acknowledgement asked for: %s, formal: %s), then acknowledge is %s', async (channel, acknowledgementRequested, formalLetter, acknowledge) => {
  expect(await evaluateDecision(engine, 'acknowledgement', { channel, acknowledgementRequested, formalLetter })).toEqual([{ acknowledge }]);
});

test.each([
  // return known, urgent → call back within (after the return when it is known, from now when it is not), and in words
  [true, false, 'PT4H', '4 hours'],
  [true, true, 'PT4H', '4 hours'],
  [false, true, 'PT4H', '4 hours'],
  [false, false, 'P2D', '2 days'],
])('when the return is known: %s and the contact urgent: %s, then the person can expect a call within %s (%s)', async (returnKnown, urgent, within, withinInWords) => {
  expect(await evaluateDecision(engine, 'call-back-time', { returnKnown, urgent })).toEqual([{ within, withinInWords }]);
});

test.each([
  // made by the person, consented, lacks capacity, best interests, at risk → take, ground
  [true, false, false, false, false, true, 'The person makes the referral'],
  [false, true, false, false, false, true, 'The person has consented'],
  [false, false, true, true, false, true, 'The person lacks capacity and it is in their best interests'],
  [false, false, true, false, false, false, 'None of the four grounds'],
  [false, false, false, false, true, true, 'The person is at risk of abuse or neglect'],
  [false, false, false, false, false, false, 'None of the four grounds'],
])('when made by the person: %s, consented: %s, lacking capacity: %s, in their best interests: %s, at risk: %s, then the referral is taken: %s (%s) (F1)',
  async (madeByThePerson, consented, lacksCapacity, bestInterestsSupports, atRiskOfAbuseOrNeglect, take, ground) => {
    expect(await evaluateDecision(engine, 'referral-grounds', { madeByThePerson, consented, lacksCapacity, bestInterestsSupports, atRiskOfAbuseOrNeglect }))
      .toEqual([{ take, ground }]);
  });

test.each([
  // learning disability, mental health, the team the person would like → team
  [true, true, null, 'learning-disability-team'],
  [false, true, 'community-solutions-north', 'community-mental-health-team'],
  [false, false, 'learning-disability-team', 'learning-disability-team'],
  [false, false, null, 'community-solutions-north'],
])('when learning disability is %s, mental health %s and the person would like %s, then %s assesses (F4)', async (learningDisability, mentalHealth, preferredTeam, team) => {
  // A wish not given is absent: the table reads it as null.
  const rows = await evaluateDecision(engine, 'team-suitability', { learningDisability, mentalHealth, ...(preferredTeam ? { preferredTeam } : {}) });
  expect(rows).toEqual([expect.objectContaining({ team })]);
});

test.each([
  // risk, need, current support, sustainable, urgent, deterioration likely, fluctuating → band, score
  ['high', 'high', 'none', true, true, true, true, 'urgent', 140],
  ['high', 'medium', 'some', false, false, false, false, 'high', 70],
  ['medium', 'medium', 'some', true, false, true, false, 'medium', 50],
  ['low', 'low', 'substantial', true, false, false, false, 'low', 0],
])('when risk is %s, need %s, support %s (sustainable: %s), urgent %s, deterioration %s, fluctuation %s, then the band is %s with score %s (A2)',
  async (risk, need, currentSupport, supportSustainable, urgent, deteriorationLikely, fluctuating, band, score) => {
    expect(await evaluateDecision(engine, 'rac-priority', { risk, need, currentSupport, supportSustainable, urgent, deteriorationLikely, fluctuating }))
      .toEqual([{ band, score }]);
  });

test.each([
  // process, substantial difficulty, appropriate other person, IMHA due, lacks capacity → required, choose between
  ['none', true, false, false, false, false, 'none'],
  ['assessment', false, false, true, true, false, 'none'],
  ['review', true, true, false, false, false, 'none'],
  ['reassessment', true, false, true, true, true, 'care-act-or-imha'],
  ['safeguarding', true, false, false, true, true, 'care-act-or-imca'],
  ['assessment', true, false, false, false, true, 'none'],
])('when the process is %s, substantial difficulty %s, an appropriate other person %s, IMHA due %s, lacks capacity %s, then advocacy is required: %s, choosing between %s (V1, V5)',
  async (careAndSupportProcess, substantialDifficulty, appropriateOtherPerson, detainedUnderMentalHealthAct, lacksCapacity, required, chooseBetween) => {
    expect(await evaluateDecision(engine, 'advocacy-duty', { careAndSupportProcess, substantialDifficulty, appropriateOtherPerson, detainedUnderMentalHealthAct, lacksCapacity }))
      .toEqual([{ required, chooseBetween }]);
  });
