// The messenger hands messages to waiting journeys: one the journey is too busy to take (an optimistic lock, as when a
// timer of the same journey fires that moment) is tried again, not dropped; one nobody waits for is dropped at once.
import { createMessenger } from '../../src/engine/journeys';
import { EngineRefusal, type EngineClient } from '../../src/engine/operaton';

const busy = () => new EngineRefusal(500, 'OptimisticLockingException', 'ENGINE-03005 Execution of UPDATE ExecutionEntity failed', undefined, 'The triage was not lowered');
const nobody = () => new EngineRefusal(400, 'MismatchingMessageCorrelationException', 'Cannot correlate message contact-not-urgent: No process definition or execution matches the parameters', undefined, 'x');

/** An engine whose message endpoint answers with each of `answers` in turn (a refusal, or nothing: delivered). */
function engineAnswering(answers: (EngineRefusal | undefined)[]) {
  const sent: unknown[] = [];
  const engine = {
    send: (_method: string, _path: string, body: unknown) => {
      sent.push(body);
      const answer = answers.shift();
      return answer ? Promise.reject(answer) : Promise.resolve();
    },
    post: () => Promise.resolve([]),
  } as unknown as EngineClient;
  return { engine, sent };
}

const patience = { backOffMs: [1, 1, 1] };
const lowerTriage = { name: 'contact-not-urgent', correlationKeys: { contactId: 'c1' }, ifNobodyWaits: 'drop' as const, consequence: 'The triage was not lowered' };

test('when the journey is busy the first two times, then the message is sent again and delivered on the third', async () => {
  const { engine, sent } = engineAnswering([busy(), busy(), undefined]);
  await expect(createMessenger(engine, patience)(lowerTriage)).resolves.toBeUndefined();
  expect(sent).toHaveLength(3);
});

test('when the journey stays busy through every try, then the sender is told to try again shortly', async () => {
  const { engine, sent } = engineAnswering([busy(), busy(), busy(), busy()]);
  await expect(createMessenger(engine, patience)(lowerTriage)).rejects.toMatchObject({ status: 409, detail: 'The triage was not lowered: the journey was busy each time it was tried. Try again shortly.' });
  expect(sent).toHaveLength(4);
});

test('when nobody waits for a message that may be dropped, then it is sent once and dropped', async () => {
  const { engine, sent } = engineAnswering([nobody()]);
  await expect(createMessenger(engine, patience)(lowerTriage)).resolves.toBeUndefined();
  expect(sent).toHaveLength(1);
});
