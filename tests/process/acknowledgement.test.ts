// The acknowledgement decision table, evaluated by the real engine: which contacts are acknowledged on their own channel (C3, C4).
import { createZeebe, type Zeebe } from '../../src/engine/zeebe';
import { env } from '../support/harness';
import { deployAll } from '../support/deploy';

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
  // A table with one output gives its value itself: the process reads it as `acknowledge`.
  expect(JSON.parse(res.decisionOutput)).toBe(acknowledge);
});
