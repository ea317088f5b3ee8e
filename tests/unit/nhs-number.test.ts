// NHS numbers are checked by modulus 11.
import { isValidNhsNumber } from '../../src/domain/nhs-number';

test.each([
  ['9434765919', true],
  ['943 476 5919', true],
  ['943-476-5919', true],
  ['4010232137', true],
  ['9434765918', false], // wrong check digit
  ['943476591', false], // nine digits
  ['94347659190', false], // eleven digits
  ['123456789A', false],
  ['1000000010', false], // check digit would be 10: never issued
])('when the NHS number is %s, then valid is %s', (nhs, valid) => {
  expect(isValidNhsNumber(nhs)).toBe(valid);
});
