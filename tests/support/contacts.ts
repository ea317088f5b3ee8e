// Example contacts for tests: a valid one by default, changed by what a test cares about.
import type { NewContactInput } from '../../src/domain/contact';

export function aContact(change: Partial<NewContactInput> = {}): NewContactInput {
  return {
    channel: 'phone',
    madeBy: { kind: 'the-person' },
    person: {
      name: 'Margaret Example',
      dateOfBirth: '1941-05-17',
      address: { lines: ['12 Acacia Avenue', 'Leeds'], postcode: 'LS6 2AB' },
      nhsNumber: '943 476 5919',
      preferredContactMethod: 'phone',
      phone: '0113 496 0000',
      communicationNeeds: ['large-print'],
    },
    presentingIssue: 'Finding the stairs hard since a fall; daughter worried about bathing.',
    flags: {},
    ...change,
  };
}
