// NHS numbers: 10 digits with a correct modulus 11 check digit, from a range that is issued to people.
import { isValidNhsNumber, nhsNumberSchema } from '../../src/domain/nhs-number';

test.each([
  ['4010232137', true],
  ['401 023 2137', true],
  ['401-023-2137', true],
  [' 401 023 2137 ', true],
  ['4857773457', true], // England, Wales, Isle of Man
  ['6000000014', true],
  ['7999999997', true],
  ['0101000006', true], // Scotland: a CHI number, born 1 January 2000
  ['3112999991', true],
  ['3200000015', true], // Northern Ireland: an H&C number
  ['3999999993', true],
  ['4010232138', false], // wrong check digit
  ['1234567890', false], // the check digit would be 10: never issued
  ['1000000010', false],
  ['401023213', false], // nine digits
  ['40102321370', false], // eleven digits
  ['401023213A', false],
  ['0000000000', false], // passes the check digit; a placeholder, never issued
  ['000 000 0000', false],
  ['1111111111', false], // every repeated digit passes the check digit
  ['4444444444', false],
  ['7777777777', false],
  ['9434765919', false], // the NHS's documentation example, outside the issued ranges
  ['9990000018', false], // kept for test data
  ['5000000005', false], // 5xx: not issued
  ['8120000005', false], // reserved for Ireland
  ['0100999999', false], // below Scotland's range
])('when the NHS number is %s, then valid is %s', (nhs, valid) => {
  expect(isValidNhsNumber(nhs)).toBe(valid);
});

test('when every number made of one repeated digit is checked, then each passes the check digit yet none is taken', () => {
  for (const d of '0123456789') expect([d, nhsNumberSchema.safeParse(d.repeat(10)).success]).toEqual([d, false]);
});

test('when a number is taken, then it is kept as its 10 digits alone', () => {
  expect(nhsNumberSchema.parse('401 023-2137')).toBe('4010232137');
});

test.each([
  ['401 023 213', 'is not an NHS number, which has 10 digits'],
  ['1234567890', 'is not a valid NHS number: check it for a mistyped digit'],
  ['000 000 0000', 'is not an NHS number that is ever issued to a person: leave it out if the person does not know it'],
])('when the number is %s, then staff are told it %s', (nhs, message) => {
  expect(nhsNumberSchema.safeParse(nhs).error?.issues.map((i) => i.message)).toEqual([message]);
});
