// The transfer-or-manage decision table (seed 001 §5, T2, T6), evaluated by the real engine: the facts of a request → transfer or manage, to whom, and why.
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PROCESSES_DIR } from '../../src/engine/deploy';
import { checkModels } from '../../src/engine/model-check';
import type { EngineClient } from '../../src/engine/operaton';
import type { TransferFacts } from '../../src/domain/transfers';
import { evaluateDecision, testEngineClient } from '../support/deploy';

let engine: EngineClient;
beforeAll(async () => {
  engine = testEngineClient();
  // The table alone, checked as start-up checks it and deployed as it is: a diagram being edited elsewhere cannot fail
  // these rows. (Start-up's checkAndDeploy also wants a model waiting for each message the service sends; a table
  // alone has none, so the table is checked with no messages and deployed here.)
  const file = path.join(PROCESSES_DIR, 'transfer-or-manage.dmn');
  expect((await checkModels([{ file, kind: 'dmn' }], [], undefined, {})).problems).toEqual([]);
  const form = new FormData();
  form.append('deployment-name', 'transfer-or-manage-alone');
  form.append('transfer-or-manage.dmn', new Blob([fs.readFileSync(file)]), 'transfer-or-manage.dmn');
  await engine.postForm('/deployment/create', form, z.object({ id: z.string() }).passthrough());
});

/** What the table reads: the checked facts of the request (T1, T2), and the advisor's two judgements. */
type Facts = Pick<TransferFacts, 'knownToCouncil' | 'askedFor' | 'askedWorkerVerified' | 'askedTeamVerified' | 'hasAllocatedWorker' | 'workerAvailable' | 'colleagueAvailable'> & {
  allocatedWorkerMostAppropriate: boolean;
  generalInformationAndAdvice: boolean;
};

// A known person asking for nobody, with an available allocated worker who is not the most appropriate: each row changes what it needs.
const BASE: Facts = {
  knownToCouncil: true,
  askedFor: 'nothing',
  askedWorkerVerified: false,
  askedTeamVerified: false,
  hasAllocatedWorker: true,
  workerAvailable: true,
  colleagueAvailable: true,
  allocatedWorkerMostAppropriate: false,
  generalInformationAndAdvice: false,
};
const askedVerifiedWorker: Partial<Facts> = { askedFor: 'worker', askedWorkerVerified: true };
// T2: a worker is named who is not the person's allocated worker.
const askedOtherWorker: Partial<Facts> = { askedFor: 'worker', askedWorkerVerified: false };

/** The one row that decides (hit policy FIRST): a fact pattern no row covers fails here rather than passing as "nothing". */
async function decide(facts: Facts): Promise<{ action: string; transferTo: string | null; reason: string }> {
  const rows = await evaluateDecision(engine, 'transfer-or-manage', { ...facts });
  expect({ facts, matched: rows.length }).toEqual({ facts, matched: 1 });
  return rows[0] as { action: string; transferTo: string | null; reason: string };
}

test.each<{ what: string; change: Partial<Facts>; action: 'transfer' | 'manage'; transferTo: string | null; seedCase: string }>([
  // The seed's four transfer cases.
  { what: 'asked for their allocated worker, who is available', change: { ...askedVerifiedWorker }, action: 'transfer', transferTo: 'allocated-worker', seedCase: 'Transfer 1' },
  { what: 'asked for a team responsible for their review', change: { askedFor: 'team', askedTeamVerified: true }, action: 'transfer', transferTo: 'responsible-team', seedCase: 'Transfer 2' },
  { what: 'asked for the responsible team and has no allocated worker yet', change: { askedFor: 'team', askedTeamVerified: true, hasAllocatedWorker: false, workerAvailable: false, colleagueAvailable: false }, action: 'transfer', transferTo: 'responsible-team', seedCase: 'Transfer 2' },
  { what: 'asked for their allocated worker, who is away, and a colleague is free', change: { ...askedVerifiedWorker, workerAvailable: false }, action: 'transfer', transferTo: 'colleague', seedCase: 'Transfer 3' },
  { what: 'asked for nobody, and their allocated worker is the most appropriate', change: { allocatedWorkerMostAppropriate: true }, action: 'transfer', transferTo: 'allocated-worker', seedCase: 'Transfer 4' },
  // The seed's five managed cases.
  { what: 'is not known to the council', change: { knownToCouncil: false, hasAllocatedWorker: false }, action: 'manage', transferTo: null, seedCase: 'Managed 1' },
  { what: 'is not known to the council, though they name a worker', change: { knownToCouncil: false, ...askedOtherWorker, hasAllocatedWorker: false }, action: 'manage', transferTo: null, seedCase: 'Managed 1' },
  { what: 'asked for their allocated worker, who is away, and no colleague is free', change: { ...askedVerifiedWorker, workerAvailable: false, colleagueAvailable: false }, action: 'manage', transferTo: null, seedCase: 'Managed 2' },
  { what: 'is known, asks for nobody and has no allocated worker', change: { hasAllocatedWorker: false, workerAvailable: false, colleagueAvailable: false }, action: 'manage', transferTo: null, seedCase: 'Managed 3' },
  { what: 'asked for nobody, and their allocated worker is not the most appropriate', change: { allocatedWorkerMostAppropriate: false }, action: 'manage', transferTo: null, seedCase: 'Managed 4' },
  { what: 'wants general information and advice', change: { generalInformationAndAdvice: true }, action: 'manage', transferTo: null, seedCase: 'Managed 5' },
  { what: 'wants general information and advice, though asking for their available allocated worker', change: { ...askedVerifiedWorker, generalInformationAndAdvice: true }, action: 'manage', transferTo: null, seedCase: 'Managed 5' },
  // T2: a named worker who is not allocated is never transferred to; the allocated worker decides it.
  { what: 'asked for a worker who is not their allocated worker, and has none', change: { ...askedOtherWorker, hasAllocatedWorker: false, workerAvailable: false }, action: 'manage', transferTo: null, seedCase: 'Managed 3' },
  { what: 'asked for a worker who is not their allocated worker, whose allocated worker is the most appropriate', change: { ...askedOtherWorker, allocatedWorkerMostAppropriate: true }, action: 'transfer', transferTo: 'allocated-worker', seedCase: 'Transfer 4' },
  { what: 'asked for a worker who is not their allocated worker, whose allocated worker is not the most appropriate', change: { ...askedOtherWorker }, action: 'manage', transferTo: null, seedCase: 'Managed 4' },
  { what: 'asked for a team not responsible for them, whose allocated worker is not the most appropriate', change: { askedFor: 'team', askedTeamVerified: false }, action: 'manage', transferTo: null, seedCase: 'Managed 4' },
])('when the person $what, then the contact is to $action ($seedCase)', async ({ change, action, transferTo, seedCase }) => {
  const out = await decide({ ...BASE, ...change });
  expect({ action: out.action, transferTo: out.transferTo }).toEqual({ action, transferTo });
  expect(out.reason).toMatch(new RegExp(`^${seedCase}: `));
});

test('when every combination of the facts is decided, then a transfer only ever goes to the allocated worker, their colleague or the responsible team, each for its seed case', async () => {
  const bools = [true, false];
  const seen = new Set<string>();
  for (const askedFor of ['worker', 'team', 'nothing'] as const)
    for (const knownToCouncil of bools)
      for (const verified of bools)
        for (const hasAllocatedWorker of bools)
          for (const workerAvailable of bools)
            for (const colleagueAvailable of bools)
              for (const allocatedWorkerMostAppropriate of bools)
                for (const generalInformationAndAdvice of bools) {
                  // Only consistent facts: a verified worker is an allocated one; nothing is verified about a stranger.
                  if (askedFor === 'nothing' && verified) continue;
                  if (askedFor === 'worker' && verified && !hasAllocatedWorker) continue;
                  if (!knownToCouncil && (verified || hasAllocatedWorker)) continue;
                  if (!hasAllocatedWorker && (workerAvailable || colleagueAvailable)) continue;
                  const facts: Facts = {
                    knownToCouncil, askedFor, askedWorkerVerified: askedFor === 'worker' && verified, askedTeamVerified: askedFor === 'team' && verified,
                    hasAllocatedWorker, workerAvailable, colleagueAvailable, allocatedWorkerMostAppropriate, generalInformationAndAdvice,
                  };
                  const out = await decide(facts);
                  const where = JSON.stringify(facts);
                  expect({ where, action: out.action }).toEqual({ where, action: expect.stringMatching(/^(transfer|manage)$/) });
                  const expected = { 'allocated-worker': /^Transfer [14]:/, colleague: /^Transfer 3:/, 'responsible-team': /^Transfer 2:/ };
                  if (out.action === 'transfer') expect({ where, reason: out.reason }).toEqual({ where, reason: expect.stringMatching(expected[out.transferTo as keyof typeof expected]) });
                  else expect({ where, transferTo: out.transferTo, reason: out.reason }).toEqual({ where, transferTo: null, reason: expect.stringMatching(/^Managed [1-5]:/) });
                  if (!facts.knownToCouncil || facts.generalInformationAndAdvice) expect({ where, action: out.action }).toEqual({ where, action: 'manage' });
                  seen.add(out.reason.split(':')[0] as string);
                }
  expect([...seen].sort()).toEqual(['Managed 1', 'Managed 2', 'Managed 3', 'Managed 4', 'Managed 5', 'Transfer 1', 'Transfer 2', 'Transfer 3', 'Transfer 4']);
});

test('when the advisor has not yet judged whether the allocated worker is the most appropriate, then no row matches and the caller must ask', async () => {
  const variables: Partial<Facts> = { ...BASE };
  delete variables.allocatedWorkerMostAppropriate;
  expect(await evaluateDecision(engine, 'transfer-or-manage', variables)).toEqual([]);
});
