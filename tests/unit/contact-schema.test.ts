// The contact schema: what a contact must say before anything is recorded (C1, the person, flags).
import { newContactSchema, describeMadeBy, describeStage, describeDuration, durationMs } from '../../src/domain/contact';
import { aContact } from '../support/contacts';

function problems(input: unknown): string[] {
  const parsed = newContactSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
}

test('when a complete contact from the person arrives, then it is accepted and flags default to false', () => {
  const parsed = newContactSchema.parse(aContact());
  expect(parsed.flags).toEqual({ urgent: false, safeguardingConcern: false, imminentDanger: false, namedWorkerAskedFor: false });
  expect(parsed.person.nhsNumber).toBe('4010232137');
});

test('when a neighbour rings about someone and nobody yet knows whether the person consents, then the contact is taken, its basis "not yet known" for triage to establish (C1)', () => {
  const parsed = newContactSchema.parse(aContact({ madeBy: { kind: 'someone-else', name: 'Pat Neighbour', relationship: 'Neighbour' } }));
  expect(parsed.madeBy).toMatchObject({ kind: 'someone-else', basis: 'not-yet-known' });
  expect(describeMadeBy(parsed.madeBy)).toBe('Neighbour (consent not yet known)');
  expect(problems(aContact({ madeBy: { kind: 'someone-else', name: 'Pat Neighbour', relationship: 'Neighbour', basis: 'asked-nobody' } as never })))
    .toEqual(['madeBy.basis: must be consent, legal-authority or not-yet-known']);
});

test('when someone else claims legal authority but names none, then the authority is asked for (C1)', () => {
  const out = problems(
    aContact({ madeBy: { kind: 'someone-else', name: 'A Solicitor', relationship: 'solicitor', basis: 'legal-authority' } }),
  );
  expect(out).toEqual([expect.stringMatching(/^madeBy\.authorityDetail: name the legal authority/)]);
});

test('when someone else makes contact with the person\'s consent, then it is accepted (C1)', () => {
  expect(problems(aContact({ madeBy: { kind: 'someone-else', name: 'Jo Daughter', relationship: 'daughter', basis: 'consent' } }))).toEqual([]);
});

test.each([
  ['an invalid NHS number', { nhsNumber: '4010232138' }, 'person.nhsNumber'],
  ['a birth date in the future', { dateOfBirth: '2999-01-01' }, 'person.dateOfBirth'],
  ['e-mail preferred but no address', { preferredContactMethod: 'email' }, 'person.email'],
  ['an interpreter but no language', { communicationNeeds: ['interpreter'] }, 'person.interpreterLanguage'],
])('when the person has %s, then that field is named', (_what, change, field) => {
  const contact = aContact();
  const out = problems({ ...contact, person: { ...contact.person, ...change } });
  expect(out.map((p) => p.split(':')[0])).toEqual([field]);
});

test('when a named worker is asked for without a name, then the name is asked for', () => {
  expect(problems(aContact({ flags: { namedWorkerAskedFor: true } }))).toEqual([expect.stringMatching(/^namedWorkerOrTeam:/)]);
});

test('when unknown fields are sent, then they are refused rather than silently kept', () => {
  expect(problems({ ...aContact(), favouriteColour: 'blue' })).toEqual([expect.stringMatching(/Unrecognized key/)]);
});

test.each([
  ['P14D', '14 days'],
  ['P1D', '1 day'],
  ['P2W', '2 weeks'],
  ['PT2H', '2 hours'],
])('when a follow-up is %s away, then it reads "%s"', (iso, words) => {
  expect(describeDuration(iso)).toBe(words);
});

test.each([
  ['PT4H', 4 * 3_600_000],
  ['P1D', 86_400_000],
  ['P1W', 7 * 86_400_000],
  ['PT90M', 90 * 60_000],
])('when a window is %s, then it lasts %d ms', (iso, ms) => {
  expect(durationMs(iso)).toBe(ms);
});

test('when advice has been given, then the journey says when the follow-up is due and at what risk', () => {
  const text = describeStage({
    stage: 'information-and-advice-given',
    history: [{ stage: 'information-and-advice-given', at: new Date(), detail: { risk: 'low', followUpAfter: 'P14D' } }],
  });
  expect(text).toBe('Information and advice given; a follow-up call is due in 14 days (low risk), by the contact team.');
});
