// The call-back-time decision table, evaluated by the real engine: how long a person waits for an away worker's call (T3, T4).
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
