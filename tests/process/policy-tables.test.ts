// Small policy tables, evaluated by the real engine: which contacts are acknowledged (C3, C4), and how long a person
// waits for an away worker's call (T3, T4). A table with one output gives its value itself, which the process reads.
import { createZeebe, type Zeebe } from '../../src/engine/zeebe';
import { deployAll } from '../support/deploy';
import { env } from '../support/harness';

let zeebe: Zeebe;
beforeAll(async () => {
  zeebe = createZeebe({ grpcAddress: env('TEST_ZEEBE_GRPC'), plaintext: true });
  await deployAll(zeebe);
});
afterAll(async () => {
  await zeebe.close();
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
  const res = await zeebe.evaluateDecision({ decisionId: 'acknowledgement', variables: { channel, acknowledgementRequested, formalLetter } });
  expect(JSON.parse(res.decisionOutput)).toBe(acknowledge);
});

test.each([
  // return known, urgent → call back within (after the return when it is known, from now when it is not)
  [true, false, 'PT4H'],
  [true, true, 'PT4H'],
  [false, true, 'PT4H'],
  [false, false, 'P2D'],
])('when the return is known: %s and the contact urgent: %s, then the person can expect a call within %s', async (returnKnown, urgent, within) => {
  const res = await zeebe.evaluateDecision({ decisionId: 'call-back-time', variables: { returnKnown, urgent } });
  expect(JSON.parse(res.decisionOutput)).toBe(within);
});
