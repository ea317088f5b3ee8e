// Example contacts for tests: a valid one by default, changed by what a test cares about.
import type { NewContactInput } from '../../src/domain/contact';
import { addDays, londonDay } from '../../src/domain/london-calendar';

/** The day a test's letter arrived: a few days ago, since intake takes only letters received within the past year. */
export const LETTER_RECEIVED_ON = addDays(londonDay(new Date()), -3);

export function aContact(change: Partial<NewContactInput> = {}): NewContactInput {
  return {
    channel: 'phone',
    madeBy: { kind: 'the-person' },
    person: {
      name: 'Margaret Example',
      dateOfBirth: '1941-05-17',
      address: { lines: ['12 Acacia Avenue', 'Leeds'], postcode: 'LS6 2AB' },
      nhsNumber: '401 023 2137',
      preferredContactMethod: 'phone',
      phone: '0113 496 0000',
      communicationNeeds: ['large-print'],
    },
    presentingIssue: 'Finding the stairs hard since a fall; daughter worried about bathing.',
    flags: {},
    ...change,
  };
}

/** Someone who asked for e-mail and reads standard print: what is sent to them goes by Notify as it is. */
export const aContactByEmail = (): NewContactInput =>
  aContact({ person: { ...aContact().person, preferredContactMethod: 'email', email: 'margaret@example.org', communicationNeeds: [] } });

/** Someone who asked for the phone and reads standard print: what they are told, a practitioner tells them. */
export const aContactByPhone = (): NewContactInput => aContact({ person: { ...aContact().person, communicationNeeds: [] } });
