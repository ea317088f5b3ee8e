// "A line of text" and "a block of text" (G1): what names and free text may hold before they reach letters, e-mails and screens.
import { block, line } from '../../src/domain/text';
import { newContactSchema } from '../../src/domain/contact';
import { TASK_FORMS } from '../../src/domain/tasks';
import { parseBody } from '../../src/api/problem';
import { aContact } from '../support/contacts';

const problem = (schema: ReturnType<typeof line> | ReturnType<typeof block>, s: string) => {
  const parsed = schema.safeParse(s);
  return parsed.success ? undefined : parsed.error.issues.map((i) => i.message).join('; ');
};

test.each([
  ['a newline', 'Jo\nExample', /must be one line/],
  ['a carriage return', 'Jo\rExample', /must be one line/],
  ['a tab', 'Jo\tExample', /must be one line/],
  ['a NUL', 'Jo\u0000Example', /must be one line/],
  ['an ANSI escape that repaints a terminal', 'Jo \u001b[31mExample', /must be one line/],
  ['a C1 control (NEXT LINE)', 'Jo\u0085Example', /must be one line/],
  ['DEL', 'Jo\u007fExample', /must be one line/],
  ['a right-to-left override', 'Jo \u202EelpmaxE', /changes the direction of the text/],
  ['a right-to-left isolate', 'Jo \u2067Example\u2069', /changes the direction of the text/],
  ['a left-to-right mark', 'Jo\u200E Example', /changes the direction of the text/],
  ['a zero-width space', 'Jo\u200BExample', /invisible character \(such as a zero-width space\)/],
  ['a byte-order mark inside', 'Jo\uFEFFExample', /invisible character/],
  ['a word joiner', 'Jo\u2060Example', /invisible character/],
  ['a soft hyphen', 'Jo\u00ADExample', /invisible character/],
  ['a line separator', 'Jo\u2028Example', /invisible character/],
  ['a zero-width joiner after a space', 'Jo \u200DExample', /invisible joining character/],
  ['a lone surrogate', 'Jo\uD800Example', /not text/],
])('when a line of text holds %s, then it is refused in plain words', (_what, s, words) => {
  expect(problem(line(200), s)).toMatch(words);
});

test.each([
  ['an accented name', 'Zoë Bourne-Ó Súilleabháin', 'Zoë Bourne-Ó Súilleabháin'],
  ['a name in Urdu with a zero-width non-joiner between letters', 'علی\u200Cرضا', 'علی\u200Cرضا'],
  ['a Welsh name with an apostrophe', "Siân O'Neill", "Siân O'Neill"],
  ['surrounding spaces, tabs and a byte-order mark, which are removed', '\uFEFF\t Jo Example \n', 'Jo Example'],
  ['an emoji family, joined by zero-width joiners', 'Jo 👩\u200D👩\u200D👧', 'Jo 👩\u200D👩\u200D👧'],
])('when a line of text is %s, then it is taken', (_what, s, out) => {
  expect(line(200).parse(s)).toBe(out);
});

test('when a block of text holds line breaks and tabs, then they are kept, "\\r\\n" as "\\n"; any other control or invisible character is refused', () => {
  expect(block(4000).parse('Falls since March.\r\n\tStairs hard.\rLives alone.')).toBe('Falls since March.\n\tStairs hard.\nLives alone.');
  expect(problem(block(4000), 'Falls\u0000 since March')).toMatch(/has a control character \(not a letter, a line break or a tab\)/);
  expect(problem(block(4000), 'Falls \u001b[2J since March')).toMatch(/has a control character/);
  expect(problem(block(4000), 'Falls \u202E since March')).toMatch(/changes the direction of the text/);
  expect(problem(block(4000), 'Falls\u200B since March')).toMatch(/invisible character/);
  expect(problem(block(10), 'a'.repeat(11))).toMatch(/11|at most|big/i);
  expect(problem(block(10), ' \n ')).toBeDefined();
});

test('when a contact\'s names or presenting issue hold control or formatting characters, then each field is named in plain words and nothing is taken (G1)', () => {
  const contact = aContact({ madeBy: { kind: 'someone-else', name: 'Jo\nExample', relationship: 'daughter\u202E', basis: 'consent' } });
  const input = { ...contact, person: { ...contact.person, name: 'Margaret\u200BExample', address: { ...contact.person.address, lines: ['12 Acacia\u0000 Avenue', 'Leeds'] } }, presentingIssue: 'Falls\u001b[31m' };
  const parsed = newContactSchema.safeParse(input);
  expect(parsed.success).toBe(false);
  const fields = Object.fromEntries((parsed.error?.issues ?? []).map((i) => [i.path.join('.'), i.message]));
  expect(fields).toMatchObject({
    'madeBy.name': expect.stringMatching(/must be one line/),
    'madeBy.relationship': expect.stringMatching(/changes the direction/),
    'person.name': expect.stringMatching(/invisible character/),
    'person.address.lines.0': expect.stringMatching(/must be one line/),
    presentingIssue: expect.stringMatching(/has a control character/),
  });
});

test('when a task form\'s free text holds a NUL or a bidi override, then the 400 names the field; line breaks in it are kept', () => {
  const schema = TASK_FORMS['chase-overdue-contact'].schema;
  expect(() => parseBody(schema, { actionTaken: 'Rang\u0000 twice' })).toThrow(expect.objectContaining({ status: 400, errors: [{ pointer: '#/actionTaken', detail: expect.stringMatching(/control character/) }] }));
  expect(() => parseBody(schema, { actionTaken: 'Rang \u202Etwice' })).toThrow(expect.objectContaining({ errors: [{ pointer: '#/actionTaken', detail: expect.stringMatching(/direction/) }] }));
  expect(parseBody(schema, { actionTaken: 'Rang twice.\r\nLeft a message.' })).toEqual({ actionTaken: 'Rang twice.\nLeft a message.' });
});
