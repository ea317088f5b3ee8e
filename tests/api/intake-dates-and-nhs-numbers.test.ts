// POST /api/contacts with dates and NHS numbers as people really give them: only real days within each field's range, and only NHS numbers that are issued.
import request from 'supertest';
import { addYears } from '../../src/domain/calendar-date';
import { addDays, londonDay } from '../../src/domain/london-calendar';
import type { NewContactInput } from '../../src/domain/contact';
import { aContact } from '../support/contacts';
import { as, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

const contactCount = async (): Promise<number> => Number((await h.pool.query<{ n: string }>('SELECT count(*) AS n FROM contacts')).rows[0]?.n);
// Intake judges these dates on the service's clock, as a person's own calendar would.
const today = () => londonDay(new Date());
const person = (change: Partial<NewContactInput['person']>) => aContact({ person: { ...aContact().person, ...change } });
const letter = (receivedOn: string) => aContact({ channel: 'letter', letter: { receivedOn } });

test.each([
  ['a date of birth of 29 February 1943, a day that never was', () => person({ dateOfBirth: '1943-02-29' }), '#/person/dateOfBirth', /^is not a date: there is no 29 February in 1943$/],
  ['a date of birth of 31 April', () => person({ dateOfBirth: '1950-04-31' }), '#/person/dateOfBirth', /^is not a date: there is no 31 April in 1950$/],
  ['a date of birth tomorrow', () => person({ dateOfBirth: addDays(today(), 1) }), '#/person/dateOfBirth', /^cannot be in the future/],
  ['a date of birth 131 years ago', () => person({ dateOfBirth: addYears(today(), -131) }), '#/person/dateOfBirth', /^cannot be before .* \(more than 130 years ago\): check the year$/],
  ['the NHS number 000 000 0000, which passes the check digit', () => person({ nhsNumber: '000 000 0000' }), '#/person/nhsNumber', /is not an NHS number that is ever issued to a person/],
  ['the NHS number 1111111111', () => person({ nhsNumber: '1111111111' }), '#/person/nhsNumber', /is not an NHS number that is ever issued to a person/],
  ['the NHS number 1234567890, which fails the check digit', () => person({ nhsNumber: '1234567890' }), '#/person/nhsNumber', /is not a valid NHS number/],
  ['a letter received on 29 February 2026', () => letter('2026-02-29'), '#/letter/receivedOn', /^is not a date: there is no 29 February in 2026$/],
  ['a letter received tomorrow', () => letter(addDays(today(), 1)), '#/letter/receivedOn', /^cannot be in the future/],
  ['a letter received two years ago', () => letter(addYears(today(), -2)), '#/letter/receivedOn', /^cannot be before .* \(more than a year ago\)/],
] as const)('when a contact has %s, then 400 names that field in words staff can act on, and nothing is stored', async (_what, contact, pointer, detail) => {
  const before = await contactCount();
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact()).expect(400).expect('content-type', /problem\+json/);
  expect(res.body.errors).toEqual([{ pointer, detail: expect.stringMatching(detail) }]);
  expect(await contactCount()).toBe(before);
});

test('when a contact has a date of birth on 29 February of a leap year, an NHS number written with dashes, and a letter received today, then it is taken and the number kept as its 10 digits', async () => {
  const contact = aContact({ channel: 'letter', letter: { receivedOn: today() }, person: { ...aContact().person, dateOfBirth: '1944-02-29', nhsNumber: '401-023-2137' } });
  const res = await request(h.app).post('/api/contacts').set(await as('intake')).send(contact).expect(201);
  const stored = await h.contacts.find(res.body.id);
  expect(stored?.person).toMatchObject({ dateOfBirth: '1944-02-29', nhsNumber: '4010232137' });
});
