// Contact details by GOV.UK Notify's rules: what intake takes is what can be sent, and only what the chosen way needs is checked.
import fc from 'fast-check';
import { randomUUID } from 'node:crypto';
import { newContactSchema, type NewContactInput } from '../../src/domain/contact';
import { countryNamed, isDeliverableEmailAddress, letterAddress, textMessageProblem, ukPostcode } from '../../src/domain/contact-details';
import { personMessageSchema, personalisationFor, recipientProblem, type PersonMessageInput } from '../../src/domain/messages';
import { personRecipient } from '../../src/domain/communications';
import { aContact, LETTER_RECEIVED_ON } from '../support/contacts';

const person = aContact().person;
/** An ordinary e-mail contact from the person, changed by one detail. */
const anEmail = (change: Partial<NewContactInput['person']> = {}, more: Partial<NewContactInput> = {}): NewContactInput =>
  aContact({ channel: 'email', person: { ...person, preferredContactMethod: 'email', email: 'margaret@example.org', ...change }, ...more });

function problems(input: unknown): string[] {
  const parsed = newContactSchema.safeParse(input);
  return parsed.success ? [] : parsed.error.issues.map((i) => `#/${i.path.join('/')}: ${i.message}`);
}

/** What sending would make of the accepted contact: the person's details as a message addresses them. */
function sendable(input: NewContactInput, method: 'email' | 'text' | 'letter') {
  const c = newContactSchema.parse(input);
  const to = personRecipient({ ...c, id: randomUUID(), receivedAt: new Date(), recordedBy: null, stage: 'received', history: [] });
  const m = personMessageSchema.parse({ key: 'k:1', caseId: randomUUID(), template: 'outcome', method, to, signedBy: { name: 'Sam', role: 'Social worker', phone: '0113 496 0123' } });
  return { problem: recipientProblem(m), personalisation: recipientProblem(m) ? undefined : personalisationFor(m) };
}

describe('what intake accepts can be sent (issue: accepted, then nothing could be sent)', () => {
  test('when a postcode is written "ls7  3qt", then it is kept as Royal Mail prints it and a letter can go to it', () => {
    const input = anEmail({ preferredContactMethod: 'letter', address: { lines: ['3 Chapel Street', 'Leeds'], postcode: 'ls7  3qt' } });
    expect(newContactSchema.parse(input).person.address.postcode).toBe('LS7 3QT');
    expect(sendable(input, 'letter').personalisation).toMatchObject({ address_line_1: 'Margaret Example', address_line_4: 'LS7 3QT' });
  });

  test('when the interpreter language is "Chinese (Cantonese)", then it is accepted and the message can go', () => {
    const input = anEmail({ communicationNeeds: ['interpreter'], interpreterLanguage: 'Chinese (Cantonese)' });
    expect(problems(input)).toEqual([]);
    expect(personMessageSchema.safeParse({
      key: 'k:1', caseId: randomUUID(), template: 'outcome', method: 'email', to: { email: 'margaret@example.org' },
      signedBy: { name: 'Sam', role: 'Social worker', phone: '0113 496 0123' }, accessibility: { language: 'Chinese (Cantonese)' },
    }).success).toBe(true);
  });

  test('when an e-mail contact gives a phone number without its area code, then it is recorded and plays no part in the e-mail', () => {
    const input = anEmail({ phone: '496 0172' });
    expect(problems(input)).toEqual([]);
    expect(sendable(input, 'email').problem).toBeUndefined();
  });

  test('when an address line is a care home\'s full name of 105 characters, then a letter can go to it', () => {
    const home = 'The Sir Humphrey and Lady Beatrice Fortescue-Wolstenholme Memorial Residential and Nursing Care Home Ltd.';
    expect(home.length).toBe(105);
    const input = anEmail({ preferredContactMethod: 'letter', address: { lines: [home, '1 Park Row', 'Leeds'], postcode: 'LS1 5HD' } });
    expect(problems(input)).toEqual([]);
    expect(sendable(input, 'letter').personalisation).toMatchObject({ address_line_2: home });
  });

  test('when a daughter in Ireland writes, with her Eircode in the lines and Ireland last, then the acknowledgement can go to her', () => {
    const input = aContact({
      channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON },
      madeBy: {
        kind: 'someone-else', name: 'Siobhan Example', relationship: 'Daughter', basis: 'consent',
        replyTo: { addressLines: ['4 Grove Road', 'Rathmines', 'Dublin 6', 'D06 X2Y3', 'Ireland'] },
      },
    });
    expect(problems(input)).toEqual([]);
    const address = letterAddress('Siobhan Example', { lines: ['4 Grove Road', 'Rathmines', 'Dublin 6', 'D06 X2Y3', 'Ireland'] });
    expect(address).toEqual({ country: 'Ireland', lines: ['Siobhan Example', '4 Grove Road', 'Rathmines', 'Dublin 6', 'D06 X2Y3', 'Ireland'] });
  });

  test('when an Eircode is given as the postcode, then intake says to put it in the address lines with the country last', () => {
    const input = aContact({
      channel: 'letter', letter: { receivedOn: LETTER_RECEIVED_ON },
      madeBy: { kind: 'someone-else', name: 'Siobhan Example', relationship: 'Daughter', basis: 'consent', replyTo: { addressLines: ['4 Grove Road', 'Dublin 6', 'Ireland'], postcode: 'D06 X2Y3' } },
    });
    expect(problems(input)).toEqual([expect.stringMatching(/^#\/madeBy\/replyTo\/postcode: is not a UK postcode\. For an address abroad, .* country on the last address line/)]);
  });
});

describe('only what the chosen way needs is checked', () => {
  test.each<['letter' | 'text' | 'email', Partial<NewContactInput['person']>, RegExp]>([
    ['letter', { address: { lines: ['No fixed abode'] } }, /#\/person\/address: .*no fixed abode.*another way/],
    ['letter', { address: { lines: ['Leeds'] } }, /#\/person\/address: needs at least two lines besides the name/],
    ['text', { phone: '0113 496 0000' }, /#\/person\/phone: is a landline: texts can only go to mobiles; choose another way/],
    ['text', { phone: '+353 87 123 4567' }, /#\/person\/phone: is not a UK mobile number/],
    ['email', { email: 'margaret@example' }, /#\/person\/email: is not an e-mail address we can send to/],
  ])('when the person asks for %s and the details cannot take it (%j), then intake names the field and says what to do', (method, change, message) => {
    const input = aContact({ person: { ...person, preferredContactMethod: method, email: 'margaret@example.org', phone: '07700 900123', ...change } });
    expect(problems(input)).toEqual([expect.stringMatching(message)]);
  });

  test('when someone with no fixed abode phones and asks to be phoned back, then their contact is recorded as they gave it', () => {
    expect(problems(aContact({ person: { ...person, address: { lines: ['No fixed abode'] } } }))).toEqual([]);
  });

  test('when a text contact comes from a landline, then intake says the acknowledgement cannot be texted to it', () => {
    expect(problems(aContact({ channel: 'text', person: { ...person, phone: '0113 496 0000' } }))).toEqual([
      expect.stringMatching(/^#\/person\/phone: is a landline.*\(needed to acknowledge the text\)/),
    ]);
  });
});

describe('sending refuses what Notify refuses, as a reason to reach the person another way', () => {
  const to = { name: 'Margaret Example' };
  test.each<['letter' | 'text' | 'email', PersonMessageInput['to'], RegExp]>([
    ['letter', { ...to, addressLines: ['No fixed abode', 'Leeds'], postcode: 'LS6 2AB' }, /The address is "no fixed abode"/],
    ['letter', { ...to, addressLines: ['NFA', 'Leeds'], postcode: 'LS6 2AB' }, /no fixed abode/],
    ['letter', { ...to, addressLines: ['12 Acacia Avenue', 'Leeds'] }, /must end with a UK postcode or, for an address abroad, the country/],
    ['letter', { ...to, addressLines: ['(flat) 12 Acacia Avenue', 'Leeds'], postcode: 'LS6 2AB' }, /line starting with one of/],
    ['letter', { ...to, addressLines: ['1', '2', '3', '4', '5', '6'], postcode: 'LS6 2AB' }, /too many lines/],
    ['text', { phone: '0113 496 0000' }, /The number is a landline/],
    ['text', { phone: '496 0172' }, /The number is not a mobile number we can text/],
    ['email', { email: 'margaret@@example.org' }, /e-mail address cannot be sent to/],
    ['email', {}, /no e-mail address/],
  ])('when a %s is to %j, then the reason says so', (method, recipient, reason) => {
    expect(recipientProblem({ method, to: recipient })).toMatch(reason);
  });

  test.each([
    ['a BFPO address', { addressLines: ['Sgt A Smith', 'Unit 1', 'BFPO 105'] }, ['Margaret Example', 'Sgt A Smith', 'Unit 1', 'BFPO 105']],
    ['a BFPO address with its postcode', { addressLines: ['Unit 1', 'BFPO 105'], postcode: 'BF1 4FB' }, ['Margaret Example', 'Unit 1', 'BF1 4FB', 'BFPO 105']],
    ['an address in France', { addressLines: ['12 rue de la Paix', '75002 Paris', 'france'] }, ['Margaret Example', '12 rue de la Paix', '75002 Paris', 'France']],
    ['an address ending "Eire"', { addressLines: ['4 Grove Road', 'Dublin 6', 'Eire'] }, ['Margaret Example', '4 Grove Road', 'Dublin 6', 'Ireland']],
    ['a UK address ending "Scotland"', { addressLines: ['1 High Street', 'Edinburgh', 'EH1 1YZ', 'Scotland'] }, ['Margaret Example', '1 High Street', 'Edinburgh', 'EH1 1YZ']],
  ])('when a letter goes to %s, then Notify\'s address lines are printed', (_what, address, lines) => {
    expect(letterAddress('Margaret Example', { lines: address.addressLines, postcode: (address as { postcode?: string }).postcode })).toMatchObject({ lines });
  });
});

describe('Notify\'s rules, kind by kind', () => {
  test.each([
    ["o'neil@example.org", true], ['a&b+c@example.org', true], ['first.last@sub.example.co.uk', true], ['user@例え.テスト', true],
    ['name@example', false], ['a..b@example.org', false], ['.a@example.org', true], ['a@.example.org', false], ['"quoted"@example.org', false],
    ['a@example.123', false], [' margaret@example.org\u200b ', true],
  ])('when the e-mail address is %j, then Notify would send to it: %s', (address, ok) => {
    expect(isDeliverableEmailAddress(address)).toBe(ok);
  });

  test.each([
    ['07700 900123', undefined], ['+44 7911 123456', undefined], ['07911123456', undefined], ['0044 7911 123456', undefined],
    ['0113 496 0000', 'is a landline: texts can only go to mobiles'], ['+33 6 12 34 56 78', 'is not a UK mobile number: texts can only go to UK mobiles'],
    ['07911 12345a', 'is not a mobile number: digits, spaces, brackets, + and - only'], ['09098 790 000', 'is a premium rate number: texts cannot go to it'],
  ])('when a text goes to %j, then the problem is %j', (phone, problem) => {
    expect(textMessageProblem(phone)).toBe(problem);
  });

  test.each([['ls7  3qt', 'LS7 3QT'], ['SW1A1AA', 'SW1A 1AA'], ['bf1 4fb', 'BF1 4FB'], ['GIR 0AA', undefined], ['QQ1 1AA', undefined], ['LS7 3QI', undefined], ['D06 X2Y3', undefined]])(
    'when the postcode is %j, then it reads %j', (raw, postcode) => {
      expect(ukPostcode(raw)).toBe(postcode);
    });

  test.each([['Ireland', 'Ireland'], ['Republic of Ireland', 'Ireland'], ['ROI', 'Ireland'], ['Northern Ireland', 'United Kingdom'], ['Cymru', 'United Kingdom'], ['Jersey', 'United Kingdom'], ['Deutschland', 'Germany'], ['Leeds', undefined]])(
    'when the last line is %j, then the country is %j', (line, country) => {
      expect(countryNamed(line)).toBe(country);
    });
});

describe('property: every UK postcode Notify accepts is accepted at intake and sendable', () => {
  const zones = ['AB', 'B', 'BT', 'E', 'EC', 'G', 'LS', 'M', 'N', 'SW', 'W', 'WC', 'YO', 'ZE'];
  const inward = fc.constantFrom(...'ABDEFGHJLNPQRSTUWXYZ'.split(''));
  const postcode = fc.tuple(fc.constantFrom(...zones), fc.integer({ min: 0, max: 9 }), fc.option(fc.constantFrom(...'0123456789ABCDEFGHJKMNPRSTUVWXY'.split('')), { nil: undefined }),
    fc.integer({ min: 0, max: 9 }), inward, inward, fc.boolean(), fc.constantFrom('', ' ', '  '))
    .map(([zone, d, x, d2, a, b, lower, space]) => {
      const raw = `${zone}${d}${x ?? ''}${space}${d2}${a}${b}`;
      return lower ? raw.toLowerCase() : raw;
    });

  test('when any such postcode is written in any case and spacing, then intake keeps it and a letter to it can be sent', () => {
    fc.assert(fc.property(postcode, (raw) => {
      const input = anEmail({ preferredContactMethod: 'letter', address: { lines: ['1 Road', 'Town'], postcode: raw } });
      expect(problems(input)).toEqual([]);
      const kept = newContactSchema.parse(input).person.address.postcode;
      expect(kept).toBe(ukPostcode(raw));
      expect(sendable(input, 'letter').problem).toBeUndefined();
    }), { numRuns: 300 });
  });
});
