// The message rules without I/O: which template serves which format (C9/G2), what a message must carry (C5), and the messaging configuration.
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config';
import { BASE_TEMPLATE_KEYS, personalisationFor, personMessageSchema, templateCandidates, type Format } from '../../src/domain/messages';

type Method = 'email' | 'text' | 'letter';

test.each<[Method, Format, string | undefined, string[]]>([
  ['letter', 'standard', undefined, ['outcome-letter']],
  ['letter', 'standard', 'Polish', ['outcome-letter-polish', 'outcome-letter']],
  ['letter', 'standard', 'English', ['outcome-letter']],
  ['letter', 'large-print', undefined, ['outcome-letter-large-print']],
  ['letter', 'easy-read', 'Urdu', ['outcome-letter-easy-read-urdu', 'outcome-letter-easy-read']],
  ['letter', 'braille', undefined, []],
  ['letter', 'audio', undefined, []],
  ['email', 'large-print', undefined, ['outcome-email-large-print', 'outcome-email']],
  ['email', 'braille', undefined, ['outcome-email-braille', 'outcome-email']],
  ['text', 'audio', undefined, ['outcome-text-audio', 'outcome-text']],
  ['email', 'easy-read', undefined, ['outcome-email-easy-read']],
])('when an outcome goes by %s in %s (language %s), then the templates tried are %j', (method, format, language, expected) => {
  expect(templateCandidates({ template: 'outcome', method, accessibility: { format, ...(language ? { language } : {}) } })).toEqual(expected);
});

const base = {
  key: 'k:1', caseId: randomUUID(), template: 'outcome', signedBy: { name: 'Sam', role: 'Social worker', phone: '0113 496 0123' },
};

test('when a message has no signature, then it is refused (C5)', () => {
  const parsed = personMessageSchema.safeParse({ ...base, method: 'email', to: { email: 'a@example.org' }, signedBy: undefined });
  expect(parsed.error?.issues.map((i) => i.path.join('/'))).toEqual(['signedBy']);
});

test('when a letter is personalised, then the name, address and postcode become Notify address lines and the format is standard by default', () => {
  const m = personMessageSchema.parse({ ...base, method: 'letter', to: { name: 'Margaret', addressLines: ['1 Road', 'Leeds'], postcode: 'ls6 2ab' } });
  expect(personalisationFor(m)).toEqual({
    signed_by_name: 'Sam', signed_by_role: 'Social worker', signed_by_phone: '0113 496 0123', format: 'standard', language: '', interpreter: 'no',
    address_line_1: 'Margaret', address_line_2: '1 Road', address_line_3: 'Leeds', address_line_4: 'LS6 2AB',
  });
});

describe('messaging configuration', () => {
  const KEY = `test-${randomUUID()}-${randomUUID()}`;
  const ALL = Object.fromEntries(BASE_TEMPLATE_KEYS.map((k) => [k, randomUUID()]));

  test('when nothing is set, then person messages go to the outbox and there is no SMTP server', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ NOTIFY_TEMPLATES: {}, NOTIFY_BASE_URL: 'https://api.notifications.service.gov.uk' });
    expect(c.NOTIFY_API_KEY).toBeUndefined();
    expect(c.SMTP_URL).toBeUndefined();
  });

  test('when a Notify key is set without every template, then start-up names the missing ones', () => {
    const most = Object.fromEntries(Object.entries(ALL).filter(([k]) => k !== 'outcome-letter'));
    expect(() => loadConfig({ NOTIFY_API_KEY: KEY, NOTIFY_TEMPLATES: JSON.stringify(most) })).toThrow(/NOTIFY_TEMPLATES: needs a Notify template id for outcome-letter when NOTIFY_API_KEY is set/);
    expect(loadConfig({ NOTIFY_API_KEY: KEY, NOTIFY_TEMPLATES: JSON.stringify(ALL) }).NOTIFY_TEMPLATES).toEqual(ALL);
  });

  test.each([
    [{ NOTIFY_TEMPLATES: '{not json' }, /NOTIFY_TEMPLATES: must be a JSON object/],
    [{ NOTIFY_TEMPLATES: '{"outcome-fax": "x"}' }, /outcome-fax: is not <template>-<method>/],
    [{ NOTIFY_TEMPLATES: '{"outcome-letter": "x"}' }, /outcome-letter: is not a Notify template id/],
    [{ NOTIFY_API_KEY: 'not-a-key' }, /NOTIFY_API_KEY: must be a Notify API key/],
    [{ SMTP_URL: 'http://mail' }, /SMTP_URL: must be smtp/],
  ])('when %j is set, then the configuration is refused saying why', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
