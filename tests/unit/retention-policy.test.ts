// G1, UK GDPR Art. 5(1)(e): the retention policy's decision (what is due, on which day), its configuration, and how it
// reaches the models and the engine's history.
import fs from 'node:fs';
import path from 'node:path';
import { engineHistoryTimeToLive, loadConfig, retentionCycle, retentionPolicy } from '../../src/config';
import {
  DEFAULT_RETENTION, engineHistoryDays, keepRecordsOnlyAsLongAsTheyShould, keptUntil, receivedNoLaterThan, recordKind, retentionDecision,
  type CaseJourney, type CaseOnFile, type RetentionStore,
} from '../../src/domain/retention';
import { DEFAULT_DEPLOY_SETTINGS, PROCESSES_DIR, prepareModel } from '../../src/engine/deploy';
import { keptCompletion } from '../../src/store/retention';

const aCase = (over: Partial<CaseOnFile> = {}): CaseOnFile => ({
  caseId: '00000000-0000-4000-8000-000000000001', receivedAt: new Date('2020-03-02T09:00:00Z'), safeguardingConcern: false, referred: false, ...over,
});
const ended = (process: string, at: string): CaseJourney => ({ process, running: false, endedAt: new Date(at) });
const running = (process: string): CaseJourney => ({ process, running: true, endedAt: null });
const MINUTE = 60_000;

describe('what is due, on which day', () => {
  test('when a contact ended at the front door, then its details are due 2 years after its journey ended, at the same London time, and not a minute before', () => {
    const journeys = [ended('receiving-a-contact', '2020-03-03T10:00:00Z')];
    const due = new Date('2022-03-03T10:00:00Z');
    expect(retentionDecision(DEFAULT_RETENTION, aCase(), journeys, new Date(due.getTime() - MINUTE))).toMatchObject({ due: false, why: 'not-yet', kind: 'contact', dueAt: due });
    expect(retentionDecision(DEFAULT_RETENTION, aCase(), journeys, due)).toEqual({ due: true, kind: 'contact', closedAt: new Date('2020-03-03T10:00:00Z'), dueAt: due });
  });

  test('when a case had a referral, then it is a case file, kept 6 years from the end of its last journey, not its first', () => {
    const journeys = [ended('receiving-a-contact', '2020-03-03T10:00:00Z'), ended('referral-for-assessment', '2021-06-10T13:30:00Z')];
    const decision = retentionDecision(DEFAULT_RETENTION, aCase({ referred: true }), journeys, new Date('2027-06-10T13:29:00Z'));
    // 14:30 BST on 10 June 2021 (13:30 UTC); six years on, the same London time.
    expect(decision).toMatchObject({ due: false, why: 'not-yet', kind: 'case-record', dueAt: new Date('2027-06-10T13:30:00Z') });
    expect(retentionDecision(DEFAULT_RETENTION, aCase({ referred: true }), journeys, new Date('2027-06-10T13:30:00Z')).due).toBe(true);
  });

  test('when a case had a review or an advocacy journey without a referral on it, then it is a case file too', () => {
    expect(recordKind(aCase(), [ended('receiving-a-contact', '2020-03-03T10:00:00Z'), ended('reviewing-care-and-support', '2020-05-01T10:00:00Z')])).toBe('case-record');
    expect(recordKind(aCase(), [ended('receiving-a-contact', '2020-03-03T10:00:00Z'), ended('transferring-a-contact', '2020-03-03T10:00:00Z')])).toBe('contact');
  });

  test('when a safeguarding concern was raised, then the case is kept for the safeguarding period, whatever else it became', () => {
    const policy = { ...DEFAULT_RETENTION, safeguarding: 'P10Y' };
    const journeys = [ended('receiving-a-contact', '2020-03-03T10:00:00Z')];
    const decision = retentionDecision(policy, aCase({ safeguardingConcern: true, referred: true }), journeys, new Date('2029-01-01T00:00:00Z'));
    expect(decision).toMatchObject({ due: false, kind: 'safeguarding', dueAt: new Date('2030-03-03T10:00:00Z') });
  });

  test('when any journey of a case is still running, then it is never due, however old, and is looked at again a week later', () => {
    const now = new Date('2040-01-01T02:30:00Z');
    const decision = retentionDecision(DEFAULT_RETENTION, aCase(), [ended('receiving-a-contact', '2020-03-03T10:00:00Z'), running('reviewing-care-and-support')], now);
    expect(decision).toEqual({ due: false, why: 'running', kind: 'case-record', checkAgainAt: new Date('2040-01-08T02:30:00Z') });
  });

  test('when the engine no longer knows any journey of a case, then its time is counted from when it was received, for the longest period', () => {
    const c = aCase({ receivedAt: new Date('2020-03-02T09:00:00Z') });
    expect(retentionDecision(DEFAULT_RETENTION, c, [], new Date('2025-03-02T09:00:00Z'))).toMatchObject({ due: false, dueAt: new Date('2026-03-02T09:00:00Z') });
    expect(retentionDecision(DEFAULT_RETENTION, c, [], new Date('2026-03-02T09:00:00Z'))).toMatchObject({ due: true, closedAt: null });
  });

  test('when a period is counted from a winter afternoon into summer, then it ends at the same London time on the same calendar day', () => {
    expect(keptUntil(new Date('2020-07-01T13:00:00Z'), 'P6Y')).toEqual(new Date('2026-07-01T13:00:00Z'));
    // 13:00 GMT on 1 December 2020; 18 months on is 13:00 BST on 1 June 2022.
    expect(keptUntil(new Date('2020-12-01T13:00:00Z'), 'P18M')).toEqual(new Date('2022-06-01T12:00:00Z'));
  });

  test('when the job looks for cases, then nothing received after the shortest period ago (with a day to spare) is looked at', () => {
    expect(receivedNoLaterThan(DEFAULT_RETENTION, new Date('2026-03-03T02:30:00Z'))).toEqual(new Date('2024-03-04T02:30:00Z'));
  });
});

describe('the engine keeps its history as long as the case store keeps the case', () => {
  test('when the policy is the default, then the engine keeps history 2196 days, never less than 6 years from any day', () => {
    expect(engineHistoryDays(DEFAULT_RETENTION)).toBe(2196);
    for (let year = 2020; year < 2032; year++) {
      for (const day of ['01-01', '02-28', '02-29', '03-01', '12-31']) {
        const from = new Date(`${year}-${day}T12:00:00Z`);
        if (Number.isNaN(from.getTime()) || from.toISOString().slice(5, 10) !== day) continue;
        expect(from.getTime() + 2196 * 24 * 60 * MINUTE).toBeGreaterThanOrEqual(keptUntil(from, 'P6Y').getTime());
      }
    }
  });

  test('when a council keeps safeguarding cases 10 years, then the engine keeps every journey\'s history that long, the longest period', () => {
    expect(engineHistoryTimeToLive(loadConfig({ RETENTION_SAFEGUARDING: 'P10Y' }))).toBe('P3660D');
  });

  test('when the models are deployed, then every process carries that time to live and the nightly job the configured time', () => {
    const xml = fs.readFileSync(path.join(PROCESSES_DIR, 'keeping-records.bpmn'), 'utf8');
    const deployed = prepareModel(xml, { ...DEFAULT_DEPLOY_SETTINGS, recordsCycle: '0 15 3 * * ?', historyTimeToLive: 'P3660D' });
    expect(deployed).toContain('<bpmn:process id="keeping-records" name="Keeping records only as long as they should be" isExecutable="true" camunda:historyTimeToLive="P3660D">');
    expect(deployed).toContain('<bpmn:timeCycle xsi:type="bpmn:tFormalExpression">0 15 3 * * ?</bpmn:timeCycle>');
    expect(prepareModel(deployed, DEFAULT_DEPLOY_SETTINGS).match(/historyTimeToLive/g)).toHaveLength(1);
    const contact = prepareModel(fs.readFileSync(path.join(PROCESSES_DIR, 'receiving-a-contact.bpmn'), 'utf8'), DEFAULT_DEPLOY_SETTINGS);
    expect(contact).toMatch(/<bpmn:process id="receiving-a-contact"[^>]* camunda:historyTimeToLive="P2196D">/);
  });
});

describe('configuration', () => {
  test('when nothing is set, then contacts are kept 2 years, case files and safeguarding 6, and the job runs at 02:30 London time', () => {
    const config = loadConfig({});
    expect(retentionPolicy(config)).toEqual({ 'contact': 'P2Y', 'case-record': 'P6Y', 'safeguarding': 'P6Y' });
    expect(retentionCycle(config)).toBe('0 30 2 * * ?');
    expect(config.RETENTION_BATCH).toBe(100);
  });

  test.each([
    ['RETENTION_CASE_RECORD', '6 years', /RETENTION_CASE_RECORD: must be an ISO 8601 duration in years, months, weeks or days/],
    ['RETENTION_CONTACT', 'PT2H', /RETENTION_CONTACT: must be an ISO 8601 duration/],
    ['RETENTION_RUNS_AT', '2:30am', /RETENTION_RUNS_AT: must be a time of day/],
    ['ENGINE_HISTORY_TTL', 'P2190D', /ENGINE_HISTORY_TTL: is no longer set on its own/],
  ])('when %s is "%s", then start-up is refused naming it', (key, value, message) => {
    expect(() => loadConfig({ [key]: value })).toThrow(message);
  });
});

describe('what anonymising keeps', () => {
  test('when a triage is anonymised, then its outcome and routing facts stay and what the advisor wrote about the person goes', () => {
    expect(keptCompletion('triage-contact', {
      outcome: 'information-and-advice', actionClear: true, nextContactBy: '2026-05-06', wellbeing: 'Lonely since a fall', informationAndAdvice: 'Leaflet',
    })).toEqual({ outcome: 'information-and-advice', actionClear: true, nextContactBy: '2026-05-06' });
    expect(keptCompletion('no-such-form', { note: 'anything' })).toEqual({});
  });
});

describe('the nightly pass', () => {
  function fakeStore(cases: CaseOnFile[]) {
    const anonymised: string[] = [];
    const setAside = new Map<string, Date>();
    const store: RetentionStore = {
      casesToCheck: (_now, _by, limit) => Promise.resolve(cases.filter((c) => !anonymised.includes(c.caseId) && !setAside.has(c.caseId)).slice(0, limit)),
      anonymise: (id) => {
        if (anonymised.includes(id)) return Promise.resolve(undefined);
        anonymised.push(id);
        return Promise.resolve({ contacts: 1 });
      },
      checkAgainAt: (id, at) => {
        setAside.set(id, at);
        return Promise.resolve();
      },
    };
    return { store, anonymised, setAside };
  }

  test('when three cases are looked at two at a time, then the pass says there may be more, and the due one is anonymised once, the others set aside', async () => {
    const cases = ['a', 'b', 'c'].map((n, i) => aCase({ caseId: `00000000-0000-4000-8000-00000000000${i}` , receivedAt: new Date('2018-01-01T00:00:00Z') }));
    const journeys: Record<string, CaseJourney[]> = {
      [cases[0]!.caseId]: [ended('receiving-a-contact', '2019-01-01T10:00:00Z')],
      [cases[1]!.caseId]: [running('reviewing-care-and-support')],
      [cases[2]!.caseId]: [ended('receiving-a-contact', '2025-01-01T10:00:00Z')],
    };
    const { store, anonymised, setAside } = fakeStore(cases);
    const deps = { store, engine: { journeysOf: (id: string) => Promise.resolve(journeys[id] ?? []) }, policy: DEFAULT_RETENTION, batchSize: 2 };
    const now = new Date('2026-01-01T02:30:00Z');
    expect(await keepRecordsOnlyAsLongAsTheyShould(deps, now, 'run-1')).toEqual({ checked: 2, anonymised: 1, more: true });
    expect(await keepRecordsOnlyAsLongAsTheyShould(deps, now, 'run-1')).toEqual({ checked: 1, anonymised: 0, more: false });
    expect(anonymised).toEqual([cases[0]!.caseId]);
    expect(setAside.get(cases[1]!.caseId)).toEqual(new Date('2026-01-08T02:30:00Z'));
    expect(setAside.get(cases[2]!.caseId)).toEqual(new Date('2027-01-01T10:00:00Z'));
  });
});
