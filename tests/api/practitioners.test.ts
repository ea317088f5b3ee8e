// The practitioner and team directory: seeded examples, the named-worker check (T1, T2) against real PostgreSQL, and its HTTP API.
import request from 'supertest';
import { checkNamedWorker, type NamedWorkerCheck, type NewAbsence } from '../../src/domain/practitioners';
import { seedPractitionerDirectory } from '../../src/store/practitioners';
import { as, startHarness, type Harness } from '../support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});

// Everything this file creates carries the run's prefix, so it can clean up after itself and never meets the seed.
const RUN = `t${Date.now().toString(36)}`;
const nhsNumbers: string[] = [];
afterAll(async () => {
  await h.pool.query('DELETE FROM person_allocations WHERE nhs_number = ANY($1)', [nhsNumbers]);
  await h.pool.query('DELETE FROM directory_practitioners WHERE id LIKE $1', [`${RUN}%`]);
  await h.pool.query('DELETE FROM directory_teams WHERE id LIKE $1', [`${RUN}%`]);
  await h.close();
});

/** A fresh valid NHS number (modulus 11 check digit, from the 600 000 000 to 799 999 999 issued range), not one of the seed's. */
function newNhsNumber(): string {
  for (;;) {
    const body = String(Math.floor(600_000_000 + Math.random() * 200_000_000));
    const sum = [...body].reduce((acc, d, i) => acc + Number(d) * (10 - i), 0);
    const check = 11 - (sum % 11);
    if (check === 10) continue;
    const nhs = `${body}${check === 11 ? 0 : check}`;
    nhsNumbers.push(nhs);
    return nhs;
  }
}

let serial = 0;
const AT = new Date('2027-03-01T10:00:00Z');
const HOUR = 60 * 60 * 1000;
const at = (hours: number) => new Date(AT.getTime() + hours * HOUR);

interface Member {
  role?: string;
  absences?: Omit<NewAbsence, 'reason'>[];
}

/**
 * A team of its own for one test: its first member is the person's allocated worker, the others their colleagues.
 * Returns the ids and the person's NHS number.
 */
async function given(members: Member[], teams: { review?: boolean } = {}) {
  const store = h.deps.practitioners;
  const n = ++serial;
  const team = await store.createTeam({
    id: `${RUN}-team-${n}`, name: `${RUN} Team ${n}`, responsibilities: ['assessment', 'review'], specialisms: [], phone: '01632 960900', email: null,
  });
  const ids: string[] = [];
  for (const [i, m] of members.entries()) {
    const p = await store.createPractitioner({
      id: `${RUN}.worker${n}-${i}`, name: `${RUN} Worker ${n}-${i}`, role: m.role ?? 'Social worker', phone: '01632 960901',
      email: `worker${n}-${i}@council.example`, team: team.id, skills: [],
    });
    for (const a of m.absences ?? []) await store.addAbsence(p.id, a);
    ids.push(p.id);
  }
  const nhsNumber = newNhsNumber();
  await store.setAllocation(nhsNumber, { allocatedWorker: ids[0] ?? null, assessmentTeam: null, reviewTeam: teams.review ? team.id : null });
  return { team: team.id, teamName: team.name, ids, nhsNumber };
}

const check = (nhsNumber: string | undefined, asked: string | undefined, when = AT): Promise<NamedWorkerCheck> =>
  checkNamedWorker({ practitioners: h.deps.practitioners }, { ...(nhsNumber ? { nhsNumber } : {}), ...(asked !== undefined ? { asked } : {}), at: when });

describe('the seeded directory', () => {
  test('when the service starts, then the example teams, practitioners and allocations are there', async () => {
    const teams = await request(h.app).get('/api/directory/teams').set(await as('advisor')).expect(200);
    expect(teams.body.teams.map((t: { id: string }) => t.id)).toEqual(
      expect.arrayContaining(['community-solutions-north', 'learning-disability-team', 'community-mental-health-team', 'adult-social-care-contact-team']),
    );
    const pat = await request(h.app).get('/api/directory/practitioners/pat.practitioner').set(await as('practitioner')).expect(200);
    expect(pat.body).toMatchObject({ name: 'Pat Practitioner', role: 'Social worker', team: 'community-solutions-north', phone: '01632 960101' });
    const person = await request(h.app).get('/api/directory/people/4010232137/allocation').set(await as('advisor')).expect(200);
    expect(person.body).toMatchObject({ nhsNumber: '4010232137', allocatedWorker: 'pat.practitioner' });
  });

  test('when the seed is loaded again, then nothing is added twice and nothing already there is overwritten', async () => {
    const count = async () =>
      (await h.pool.query<{ n: string }>(
        `SELECT (SELECT count(*) FROM directory_teams) + (SELECT count(*) FROM directory_practitioners)
              + (SELECT count(*) FROM practitioner_absences) + (SELECT count(*) FROM person_allocations) AS n`,
      )).rows[0]?.n;
    const store = h.deps.practitioners;
    const jo = (await store.findPractitioner('jo.murphy'))!;
    await store.updatePractitioner({ ...jo, phone: '01632 960399' });
    const before = await count();
    try {
      expect(await seedPractitionerDirectory(h.pool)).toEqual({ teams: 4, practitioners: 8, people: 4 });
      expect(await count()).toBe(before);
      expect((await store.findPractitioner('jo.murphy'))?.phone).toBe('01632 960399');
    } finally {
      await store.updatePractitioner(jo);
    }
  });

  test('when the seeded people ask for their worker or team, then one is available, one back on a known day, one not known when, one has only a team', async () => {
    const now = new Date();
    const available = await check('4010232137', 'Pat Practitioner', now);
    expect(available).toMatchObject({ knownToCouncil: true, askedFor: 'worker', askedWorkerVerified: true, workerAvailable: true });
    const knownReturn = await check('4010232145', 'sam.okafor', now);
    expect(knownReturn).toMatchObject({ askedWorkerVerified: true, workerAvailable: false, returnKnown: true, colleagueAvailable: true });
    expect(knownReturn.returnsAt!.getTime()).toBeGreaterThan(now.getTime());
    expect(knownReturn.colleague).toMatchObject({ id: 'pat.practitioner', team: 'community-solutions-north' });
    const unknownReturn = await check('4010232153', 'lee chen', now);
    expect(unknownReturn).toMatchObject({ askedWorkerVerified: true, workerAvailable: false, returnKnown: false, colleagueAvailable: false });
    expect(unknownReturn.returnsAt).toBeUndefined();
    const teamOnly = await check('4010232161', 'Community Mental Health Team', now);
    expect(teamOnly).toMatchObject({ knownToCouncil: true, hasAllocatedWorker: false, askedFor: 'team', askedTeamVerified: true });
    expect(teamOnly.responsibleTeams.assessment).toMatchObject({ id: 'community-mental-health-team', phone: '01632 960300' });
  });
});

describe('checking a named worker or team (T1, T2)', () => {
  test('when the person asks for their allocated worker, who is in, then the worker is verified and available', async () => {
    const { ids, nhsNumber } = await given([{}, {}]);
    const result = await check(nhsNumber, `  ${RUN.toUpperCase()}   worker ${serial}-0 `);
    expect(result).toMatchObject({
      knownToCouncil: true, hasAllocatedWorker: true, askedFor: 'worker', askedMatch: { kind: 'worker', id: ids[0] },
      askedWorkerVerified: true, askedTeamVerified: false, workerAvailable: true, colleagueAvailable: true,
    });
    expect(result.allocatedWorker).toEqual({
      id: ids[0], name: `${RUN} Worker ${serial}-0`, role: 'Social worker', phone: '01632 960901', email: `worker${serial}-0@council.example`, team: `${RUN}-team-${serial}`,
    });
  });

  test('when the person asks by id for a worker who is not their allocated worker, then the request is not verified (never transferred to, T2)', async () => {
    const { ids, nhsNumber } = await given([{}, {}]);
    const result = await check(nhsNumber, ids[1]);
    expect(result).toMatchObject({ askedFor: 'worker', askedMatch: { kind: 'worker', id: ids[1] }, askedWorkerVerified: false, hasAllocatedWorker: true });
    expect(result.allocatedWorker?.id).toBe(ids[0]);
  });

  test('when the allocated worker is away with a known return, then they are unavailable and back at the end of their run of absences', async () => {
    const { ids, nhsNumber } = await given([
      { absences: [{ from: at(-24), until: at(2) }, { from: at(2), until: at(50) }, { from: at(100), until: at(120) }] },
    ]);
    const result = await check(nhsNumber, ids[0]);
    expect(result).toMatchObject({ askedWorkerVerified: true, workerAvailable: false, returnKnown: true, returnsAt: at(50), colleagueAvailable: false });
  });

  test('when the allocated worker is away with no return date, then the return is not known', async () => {
    const { ids, nhsNumber } = await given([{ absences: [{ from: at(-1), until: at(3) }, { from: at(3), until: null }] }]);
    const result = await check(nhsNumber, ids[0]);
    expect(result).toMatchObject({ workerAvailable: false, returnKnown: false });
    expect(result.returnsAt).toBeUndefined();
  });

  test('when the allocated worker\'s absences are over or yet to come, then they are available', async () => {
    const { ids, nhsNumber } = await given([{ absences: [{ from: at(-48), until: at(-1) }, { from: at(1), until: null }] }]);
    expect(await check(nhsNumber, ids[0])).toMatchObject({ workerAvailable: true });
    expect(await check(nhsNumber, ids[0], at(2))).toMatchObject({ workerAvailable: false, returnKnown: false });
  });

  test('when the allocated worker is away and a colleague is in, then a colleague in the same role is offered before others', async () => {
    const away = [{ from: at(-1), until: at(8) }];
    const { ids, nhsNumber } = await given([
      { absences: away },
      { role: 'Occupational therapist' },
      { absences: away },
      {},
    ]);
    const result = await check(nhsNumber, ids[0]);
    expect(result).toMatchObject({ workerAvailable: false, returnKnown: true, returnsAt: at(8), colleagueAvailable: true, colleague: { id: ids[3], role: 'Social worker' } });
  });

  test('when the allocated worker and every colleague are away, then no colleague is available', async () => {
    const away = [{ from: at(-1), until: null }];
    const { ids, nhsNumber } = await given([{ absences: away }, { absences: away }]);
    const result = await check(nhsNumber, ids[0]);
    expect(result).toMatchObject({ workerAvailable: false, colleagueAvailable: false });
    expect(result.colleague).toBeUndefined();
  });

  test('when the person is not known, or no NHS number is given, then nothing is verified', async () => {
    const { ids } = await given([{}]);
    for (const nhsNumber of [undefined, newNhsNumber(), '1234567890']) {
      const result = await check(nhsNumber, ids[0]);
      expect(result).toMatchObject({
        knownToCouncil: false, hasAllocatedWorker: false, askedFor: 'worker', askedWorkerVerified: false, askedTeamVerified: false,
        workerAvailable: false, colleagueAvailable: false, responsibleTeams: {},
      });
      expect(result.allocatedWorker).toBeUndefined();
    }
  });

  test('when the person asks for the team responsible for their review, then the team is verified; another team is not', async () => {
    const { team, teamName, nhsNumber } = await given([{}], { review: true });
    expect(await check(nhsNumber, teamName.toLowerCase())).toMatchObject({
      askedFor: 'team', askedMatch: { kind: 'team', id: team }, askedTeamVerified: true, askedWorkerVerified: false, responsibleTeams: { review: { id: team } },
    });
    expect(await check(nhsNumber, 'learning-disability-team')).toMatchObject({ askedFor: 'team', askedTeamVerified: false });
  });

  test('when the words name nobody in the directory, then they count as a worker (or a team, when they say so) and are not verified', async () => {
    const { nhsNumber } = await given([{}], { review: true });
    expect(await check(nhsNumber, 'the duty team')).toMatchObject({ askedFor: 'team', askedTeamVerified: false });
    const stranger = await check(nhsNumber, 'Somebody Else');
    expect(stranger).toMatchObject({ askedFor: 'worker', askedWorkerVerified: false });
    expect(stranger.askedMatch).toBeUndefined();
    expect(await check(nhsNumber, '   ')).toMatchObject({ askedFor: 'nothing', askedWorkerVerified: false, askedTeamVerified: false });
    expect(await check(nhsNumber, undefined)).toMatchObject({ askedFor: 'nothing' });
  });
});

describe('the directory API', () => {
  const team = (id: string, extra: Record<string, unknown> = {}) => ({
    id, name: `${id} name`, responsibilities: ['assessment'], specialisms: ['mental-health'], phone: '01632 960800', email: 'team@council.example', ...extra,
  });
  const practitioner = (id: string, teamId: string, extra: Record<string, unknown> = {}) => ({
    id, name: `${id} name`, role: 'Social worker', phone: '01632 960801', email: 'someone@council.example', team: teamId, skills: ['autism'], ...extra,
  });
  const pointers = (res: request.Response) => (res.body.errors as { pointer: string }[]).map((e) => e.pointer).sort();

  test('when a manager adds and changes a team, then it is stored; a duplicate id or name is 409; an unknown team is 404', async () => {
    const id = `${RUN}-api-team`;
    const created = await request(h.app).post('/api/directory/teams').set(await as('manager')).send(team(id)).expect(201);
    expect(created.headers.location).toBe(`/api/directory/teams/${id}`);
    expect(created.body).toEqual(team(id));
    await request(h.app).post('/api/directory/teams').set(await as('manager')).send(team(id, { name: 'Another name' })).expect(409);
    await request(h.app).post('/api/directory/teams').set(await as('manager')).send(team(`${id}-2`, { name: `${id} NAME` })).expect(409);
    const changed = await request(h.app).put(`/api/directory/teams/${id}`).set(await as('manager')).send({ ...team(id, { phone: '01632 960811' }), id: undefined }).expect(200);
    expect(changed.body.phone).toBe('01632 960811');
    const read = await request(h.app).get(`/api/directory/teams/${id}`).set(await as('advisor')).expect(200);
    expect(read.body).toMatchObject({ phone: '01632 960811', members: [] });
    await request(h.app).put(`/api/directory/teams/${RUN}-no-such-team`).set(await as('manager')).send(team('x')).expect(404);
    await request(h.app).get(`/api/directory/teams/${RUN}-no-such-team`).set(await as('advisor')).expect(404);
  });

  test('when a team is malformed, then 400 names each field and nothing is stored or changed', async () => {
    const id = `${RUN}-bad-team`;
    const res = await request(h.app)
      .post('/api/directory/teams')
      .set(await as('manager'))
      .send({ id, name: '', responsibilities: ['cooking'], phone: 'call me', email: 'not-an-email' })
      .expect(400);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(pointers(res)).toEqual(['#/email', '#/name', '#/phone', '#/responsibilities/0']);
    await request(h.app).get(`/api/directory/teams/${id}`).set(await as('advisor')).expect(404);
    const put = await request(h.app).put('/api/directory/teams/community-solutions-north').set(await as('manager')).send({ name: 'Renamed' }).expect(400);
    expect(pointers(put)).toEqual(['#/phone']);
    const seeded = await request(h.app).get('/api/directory/teams/community-solutions-north').set(await as('advisor')).expect(200);
    expect(seeded.body.name).toBe('Community Solutions North');
    const badId = await request(h.app).post('/api/directory/teams').set(await as('manager')).send(team('Not A Slug')).expect(400);
    expect(pointers(badId)).toEqual(['#/id']);
  });

  test('when someone who is not a team manager writes, then 403; when a system that sends contacts in reads, then 403; without sign-in, 401', async () => {
    const id = `${RUN}-forbidden`;
    await request(h.app).post('/api/directory/teams').set(await as('advisor')).send(team(id)).expect(403);
    await request(h.app).put('/api/directory/practitioners/pat.practitioner').set(await as('practitioner')).send(practitioner('x', 'y')).expect(403);
    await request(h.app).post('/api/directory/practitioners/pat.practitioner/absences').set(await as('practitioner')).send({ from: '2027-01-01T09:00:00Z' }).expect(403);
    await request(h.app).put('/api/directory/people/4010232137/allocation').set(await as('advisor')).send({}).expect(403);
    await request(h.app).get('/api/directory/people/4010232137/allocation').set(await as('intake')).expect(403);
    await request(h.app).get('/api/directory/practitioners').expect(401);
    await request(h.app).get(`/api/directory/teams/${id}`).set(await as('advisor')).expect(404);
  });

  test('when a manager adds and changes a practitioner, then it is listed with its team; an unknown team is a 400 on that field; a duplicate is 409', async () => {
    const teamId = `${RUN}-api-team-p`;
    await request(h.app).post('/api/directory/teams').set(await as('manager')).send(team(teamId)).expect(201);
    const id = `${RUN}.api.worker`;
    const unknownTeam = await request(h.app).post('/api/directory/practitioners').set(await as('manager')).send(practitioner(id, `${RUN}-no-such-team`)).expect(400);
    expect(pointers(unknownTeam)).toEqual(['#/team']);
    await request(h.app).get(`/api/directory/practitioners/${id}`).set(await as('advisor')).expect(404);
    await request(h.app).post('/api/directory/practitioners').set(await as('manager')).send(practitioner(id, teamId)).expect(201);
    await request(h.app).post('/api/directory/practitioners').set(await as('manager')).send(practitioner(id, teamId)).expect(409);
    const bad = await request(h.app).post('/api/directory/practitioners').set(await as('manager')).send({ id: 'Bad Id', name: 'x', team: teamId, skills: ['Not A Skill'] }).expect(400);
    expect(pointers(bad)).toEqual(['#/email', '#/id', '#/phone', '#/role', '#/skills/0']);
    const listed = await request(h.app).get('/api/directory/practitioners').query({ team: teamId }).set(await as('advisor')).expect(200);
    expect(listed.body.practitioners).toEqual([practitioner(id, teamId)]);
    const { id: _omit, ...body } = practitioner(id, teamId, { role: 'Senior social worker' });
    expect(_omit).toBe(id);
    await request(h.app).put(`/api/directory/practitioners/${id}`).set(await as('manager')).send(body).expect(200);
    const read = await request(h.app).get(`/api/directory/practitioners/${id}`).set(await as('practitioner')).expect(200);
    expect(read.body).toMatchObject({ role: 'Senior social worker', availability: { available: true }, absences: [] });
    const team404 = await request(h.app).put(`/api/directory/practitioners/${id}`).set(await as('manager')).send({ ...body, team: `${RUN}-nowhere` }).expect(400);
    expect(pointers(team404)).toEqual(['#/team']);
    await request(h.app).put(`/api/directory/practitioners/${RUN}.nobody`).set(await as('manager')).send(body).expect(404);
  });

  test('when a manager records an absence from the calendar, then the practitioner shows as away until it is removed', async () => {
    const { ids } = await given([{}]);
    const id = ids[0] as string;
    const now = await h.deps.engineNow();
    const from = new Date(now.getTime() - HOUR).toISOString();
    const until = new Date(now.getTime() + 24 * HOUR).toISOString();
    const bad = await request(h.app).post(`/api/directory/practitioners/${id}/absences`).set(await as('manager')).send({ from: 'yesterday', until: from }).expect(400);
    expect(pointers(bad)).toEqual(['#/from']);
    const backwards = await request(h.app).post(`/api/directory/practitioners/${id}/absences`).set(await as('manager')).send({ from: until, until: from }).expect(400);
    expect(pointers(backwards)).toEqual(['#/until']);
    const added = await request(h.app).post(`/api/directory/practitioners/${id}/absences`).set(await as('manager')).send({ from, until, reason: 'Training' }).expect(201);
    expect(added.body).toMatchObject({ practitionerId: id, from, until, reason: 'Training' });
    await request(h.app).post(`/api/directory/practitioners/${id}/absences`).set(await as('manager')).send({ from }).expect(409);
    const away = await request(h.app).get(`/api/directory/practitioners/${id}`).set(await as('advisor')).expect(200);
    expect(away.body.availability).toMatchObject({ available: false, returnKnown: true, returnsAt: until });
    expect(away.body.absences).toHaveLength(1);
    await request(h.app).post(`/api/directory/practitioners/${RUN}.nobody/absences`).set(await as('manager')).send({ from }).expect(404);
    await request(h.app).delete(`/api/directory/practitioners/${id}/absences/${added.body.id}`).set(await as('manager')).expect(204);
    await request(h.app).delete(`/api/directory/practitioners/${id}/absences/${added.body.id}`).set(await as('manager')).expect(404);
    const back = await request(h.app).get(`/api/directory/practitioners/${id}`).set(await as('advisor')).expect(200);
    expect(back.body.availability).toMatchObject({ available: true });
  });

  test('when a manager records who is responsible for a person, then it reads back; unknown people are 404 and bad references 400 with nothing changed', async () => {
    const { ids, team } = await given([{}]);
    const nhsNumber = newNhsNumber();
    const url = `/api/directory/people/${nhsNumber}/allocation`;
    await request(h.app).get(url).set(await as('advisor')).expect(404);
    const created = await request(h.app).put(url).set(await as('manager')).send({ allocatedWorker: ids[0], reviewTeam: team }).expect(201);
    expect(created.body).toMatchObject({ nhsNumber, allocatedWorker: ids[0], assessmentTeam: null, reviewTeam: team });
    const wrong = await request(h.app)
      .put(url)
      .set(await as('manager'))
      .send({ allocatedWorker: `${RUN}.nobody`, assessmentTeam: 'adult-social-care-contact-team', reviewTeam: `${RUN}-nowhere` })
      .expect(400);
    expect(pointers(wrong)).toEqual(['#/allocatedWorker', '#/assessmentTeam', '#/reviewTeam']);
    const malformed = await request(h.app).put(url).set(await as('manager')).send({ allocatedWorker: 'Not An Id' }).expect(400);
    expect(pointers(malformed)).toEqual(['#/allocatedWorker']);
    expect((await request(h.app).get(url).set(await as('advisor')).expect(200)).body).toMatchObject({ allocatedWorker: ids[0], reviewTeam: team });
    const changed = await request(h.app).put(url).set(await as('manager')).send({ assessmentTeam: team }).expect(200);
    expect(changed.body).toMatchObject({ allocatedWorker: null, assessmentTeam: team, reviewTeam: null });
    const badNhs = await request(h.app).get('/api/directory/people/1234567890/allocation').set(await as('advisor')).expect(400);
    expect(pointers(badNhs)).toEqual(['#/nhsNumber']);
  });

  test.each([
    ['0000000000', 'a placeholder'],
    ['1111111111', 'one digit repeated'],
    ['9434765919', 'outside the issued ranges'],
    ['9990000018', 'kept for test data'],
  ])('when a look-up or an allocation names %s (%s), which passes the check digit but is never issued, then 400 at the number and nothing is stored', async (nhsNumber) => {
    const url = `/api/directory/people/${nhsNumber}/allocation`;
    const lookUp = await request(h.app).get(url).set(await as('advisor')).expect(400);
    expect(lookUp.body.errors).toEqual([{ pointer: '#/nhsNumber', detail: expect.stringMatching(/is not an NHS number that is ever issued to a person/) }]);
    const { ids } = await given([{}]);
    await request(h.app).put(url).set(await as('manager')).send({ allocatedWorker: ids[0] }).expect(400);
    expect((await h.pool.query('SELECT 1 FROM person_allocations WHERE nhs_number = $1', [nhsNumber])).rowCount).toBe(0);
  });

  test('when a look-up writes the NHS number with spaces, then it finds the person by its 10 digits', async () => {
    const person = await request(h.app).get('/api/directory/people/401%20023%202137/allocation').set(await as('advisor')).expect(200);
    expect(person.body).toMatchObject({ nhsNumber: '4010232137', allocatedWorker: 'pat.practitioner' });
  });
});
