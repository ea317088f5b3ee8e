// The practitioner and team directory in PostgreSQL: teams, practitioners, their absences, and people's allocations; seeded with example entries.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { z } from 'zod';
import {
  allocationSchema,
  practitionerSchema,
  teamSchema,
  type Absence,
  type Allocation,
  type AllocationUpdate,
  type NewAbsence,
  type Practitioner,
  type PractitionerLookup,
  type Team,
} from '../domain/practitioners';
import { nhsNumberSchema } from '../domain/nhs-number';
import { PROJECT_ROOT } from '../engine/distribution';
import { inTransaction } from './db';

const SEED = path.join(PROJECT_ROOT, 'src', 'store', 'seed', 'practitioner-directory.json');

/** Absences in the seed are relative to when it is loaded, so the example always has someone away. */
const seedSchema = z.object({
  teams: z.array(teamSchema),
  practitioners: z.array(practitionerSchema),
  absences: z.array(
    z.object({
      practitioner: z.string(),
      fromDaysAgo: z.number().nonnegative(),
      returnsInDays: z.number().positive().nullable(),
      reason: z.string().min(1).optional(),
    }),
  ),
  people: z.array(allocationSchema.extend({ nhsNumber: nhsNumberSchema })),
});

const DAY = 24 * 60 * 60 * 1000;

/**
 * Adds the example teams, practitioners and allocations that are not there yet. Entries already there are left as a team
 * manager may have changed them; a seeded practitioner's absences are added only with the practitioner, so an absence
 * deleted since does not come back.
 */
export async function seedPractitionerDirectory(pool: Pool, now = new Date()): Promise<{ teams: number; practitioners: number; people: number }> {
  const seed = seedSchema.parse(JSON.parse(fs.readFileSync(SEED, 'utf8')));
  await inTransaction(pool, async (db) => {
    for (const t of seed.teams) {
      await db.query(
        `INSERT INTO directory_teams (id, name, responsibilities, specialisms, phone, email) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
        [t.id, t.name, t.responsibilities, t.specialisms, t.phone, t.email],
      );
    }
    const added = new Set<string>();
    for (const p of seed.practitioners) {
      const { rowCount } = await db.query(
        `INSERT INTO directory_practitioners (id, name, role, phone, email, team_id, skills) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
        [p.id, p.name, p.role, p.phone, p.email, p.team, p.skills],
      );
      if (rowCount) added.add(p.id);
    }
    for (const a of seed.absences.filter((x) => added.has(x.practitioner))) {
      const from = new Date(now.getTime() - a.fromDaysAgo * DAY);
      const until = a.returnsInDays === null ? null : new Date(now.getTime() + a.returnsInDays * DAY);
      await db.query(`INSERT INTO practitioner_absences (practitioner_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`, [
        a.practitioner, from, until, a.reason ?? null,
      ]);
    }
    for (const p of seed.people) {
      await db.query(
        `INSERT INTO person_allocations (nhs_number, allocated_worker, assessment_team, review_team) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [p.nhsNumber, p.allocatedWorker, p.assessmentTeam, p.reviewTeam],
      );
    }
  });
  return { teams: seed.teams.length, practitioners: seed.practitioners.length, people: seed.people.length };
}

/** The change could not be made because of what it refers to or duplicates; `field` is where the request went wrong. */
export class DirectoryConflict extends Error {
  constructor(
    readonly kind: 'duplicate' | 'unknown-reference',
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'DirectoryConflict';
  }
}

interface TeamRow { id: string; name: string; responsibilities: string[]; specialisms: string[]; phone: string; email: string | null }
interface PractitionerRow { id: string; name: string; role: string; phone: string; email: string; team_id: string; skills: string[] }
interface AbsenceRow { id: string; practitioner_id: string; starts_at: Date; ends_at: Date | null; reason: string | null }
interface AllocationRow { nhs_number: string; allocated_worker: string | null; assessment_team: string | null; review_team: string | null; updated_at: Date }

const toTeam = (r: TeamRow): Team => ({
  id: r.id, name: r.name, responsibilities: r.responsibilities as Team['responsibilities'], specialisms: r.specialisms, phone: r.phone, email: r.email,
});
const toPractitioner = (r: PractitionerRow): Practitioner => ({
  id: r.id, name: r.name, role: r.role, phone: r.phone, email: r.email, team: r.team_id, skills: r.skills,
});
const toAbsence = (r: AbsenceRow): Absence => ({
  id: r.id, practitionerId: r.practitioner_id, from: r.starts_at, until: r.ends_at, ...(r.reason !== null ? { reason: r.reason } : {}),
});
const toAllocation = (r: AllocationRow): Allocation => ({
  nhsNumber: r.nhs_number, allocatedWorker: r.allocated_worker, assessmentTeam: r.assessment_team, reviewTeam: r.review_team, updatedAt: r.updated_at,
});

/** Turns PostgreSQL's unique and foreign-key violations into conflicts that name the request's field. */
function conflict(err: unknown, fields: Record<string, string>): never {
  const e = err as { code?: string; constraint?: string };
  const field = e.constraint !== undefined ? fields[e.constraint] : undefined;
  if (field !== undefined && e.code === '23505') throw new DirectoryConflict('duplicate', field, `${field} is already in the directory`);
  if (field !== undefined && e.code === '23503') throw new DirectoryConflict('unknown-reference', field, `${field} is not in the directory`);
  throw err;
}

const TEAM_FIELDS = { directory_teams_pkey: 'id', directory_teams_name: 'name' };
const PRACTITIONER_FIELDS = { directory_practitioners_pkey: 'id', directory_practitioners_team_id_fkey: 'team' };
const ALLOCATION_FIELDS = {
  person_allocations_allocated_worker_fkey: 'allocatedWorker',
  person_allocations_assessment_team_fkey: 'assessmentTeam',
  person_allocations_review_team_fkey: 'reviewTeam',
};

export function createPractitionerStore(pool: Pool) {
  const lookup: PractitionerLookup = {
    async findAllocation(nhsNumber) {
      const { rows } = await pool.query<AllocationRow>('SELECT * FROM person_allocations WHERE nhs_number = $1', [nhsNumber]);
      return rows[0] && toAllocation(rows[0]);
    },
    async findPractitioner(id) {
      const { rows } = await pool.query<PractitionerRow>('SELECT * FROM directory_practitioners WHERE id = $1', [id]);
      return rows[0] && toPractitioner(rows[0]);
    },
    async findTeam(id) {
      const { rows } = await pool.query<TeamRow>('SELECT * FROM directory_teams WHERE id = $1', [id]);
      return rows[0] && toTeam(rows[0]);
    },
    async match(text) {
      const words = text.trim().toLowerCase();
      const [practitioners, teams] = await Promise.all([
        pool.query<PractitionerRow>('SELECT * FROM directory_practitioners WHERE lower(id) = $1 OR lower(name) = $1 ORDER BY name, id', [words]),
        pool.query<TeamRow>('SELECT * FROM directory_teams WHERE lower(id) = $1 OR lower(name) = $1 ORDER BY name', [words]),
      ]);
      return { practitioners: practitioners.rows.map(toPractitioner), teams: teams.rows.map(toTeam) };
    },
    async teamMembers(teamId) {
      const { rows } = await pool.query<PractitionerRow>('SELECT * FROM directory_practitioners WHERE team_id = $1 ORDER BY name, id', [teamId]);
      return rows.map(toPractitioner);
    },
    async absencesOf(practitionerIds, at) {
      const { rows } = await pool.query<AbsenceRow>(
        'SELECT * FROM practitioner_absences WHERE practitioner_id = ANY($1) AND (ends_at IS NULL OR ends_at > $2) ORDER BY starts_at, id',
        [practitionerIds, at],
      );
      return rows.map(toAbsence);
    },
  };

  return {
    ...lookup,
    async listTeams(): Promise<Team[]> {
      const { rows } = await pool.query<TeamRow>('SELECT * FROM directory_teams ORDER BY name');
      return rows.map(toTeam);
    },
    /** Throws DirectoryConflict when the id or the name is taken. */
    async createTeam(t: Team): Promise<Team> {
      const { rows } = await pool
        .query<TeamRow>(
          'INSERT INTO directory_teams (id, name, responsibilities, specialisms, phone, email) VALUES ($1, $2, $3, $4, $5, $6) RETURNING *',
          [t.id, t.name, t.responsibilities, t.specialisms, t.phone, t.email],
        )
        .catch((err: unknown) => conflict(err, TEAM_FIELDS));
      return toTeam(rows[0] as TeamRow);
    },
    /** Replaces a team's details; undefined when there is no such team. */
    async updateTeam(t: Team): Promise<Team | undefined> {
      const { rows } = await pool
        .query<TeamRow>(
          'UPDATE directory_teams SET name = $2, responsibilities = $3, specialisms = $4, phone = $5, email = $6 WHERE id = $1 RETURNING *',
          [t.id, t.name, t.responsibilities, t.specialisms, t.phone, t.email],
        )
        .catch((err: unknown) => conflict(err, TEAM_FIELDS));
      return rows[0] && toTeam(rows[0]);
    },
    async listPractitioners(filter: { team?: string } = {}): Promise<Practitioner[]> {
      const { rows } = await pool.query<PractitionerRow>(
        'SELECT * FROM directory_practitioners WHERE ($1::text IS NULL OR team_id = $1) ORDER BY name, id',
        [filter.team ?? null],
      );
      return rows.map(toPractitioner);
    },
    /** Throws DirectoryConflict when the id is taken or the team is unknown. */
    async createPractitioner(p: Practitioner): Promise<Practitioner> {
      const { rows } = await pool
        .query<PractitionerRow>(
          'INSERT INTO directory_practitioners (id, name, role, phone, email, team_id, skills) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *',
          [p.id, p.name, p.role, p.phone, p.email, p.team, p.skills],
        )
        .catch((err: unknown) => conflict(err, PRACTITIONER_FIELDS));
      return toPractitioner(rows[0] as PractitionerRow);
    },
    async updatePractitioner(p: Practitioner): Promise<Practitioner | undefined> {
      const { rows } = await pool
        .query<PractitionerRow>(
          'UPDATE directory_practitioners SET name = $2, role = $3, phone = $4, email = $5, team_id = $6, skills = $7 WHERE id = $1 RETURNING *',
          [p.id, p.name, p.role, p.phone, p.email, p.team, p.skills],
        )
        .catch((err: unknown) => conflict(err, PRACTITIONER_FIELDS));
      return rows[0] && toPractitioner(rows[0]);
    },
    /** Every absence of the practitioner that has not ended by `at` (all of them without `at`), earliest first. */
    async listAbsences(practitionerId: string, at?: Date): Promise<Absence[]> {
      const { rows } = await pool.query<AbsenceRow>(
        'SELECT * FROM practitioner_absences WHERE practitioner_id = $1 AND ($2::timestamptz IS NULL OR ends_at IS NULL OR ends_at > $2) ORDER BY starts_at, id',
        [practitionerId, at ?? null],
      );
      return rows.map(toAbsence);
    },
    /** Throws DirectoryConflict when the practitioner already has an absence starting then, or is unknown. */
    async addAbsence(practitionerId: string, a: NewAbsence): Promise<Absence> {
      const { rows } = await pool
        .query<AbsenceRow>('INSERT INTO practitioner_absences (practitioner_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4) RETURNING *', [
          practitionerId, a.from, a.until, a.reason ?? null,
        ])
        .catch((err: unknown) =>
          conflict(err, { practitioner_absences_practitioner_id_starts_at_key: 'from', practitioner_absences_practitioner_id_fkey: 'practitioner' }),
        );
      return toAbsence(rows[0] as AbsenceRow);
    },
    /** False when the practitioner has no such absence. */
    async removeAbsence(practitionerId: string, absenceId: string): Promise<boolean> {
      const { rowCount } = await pool.query('DELETE FROM practitioner_absences WHERE practitioner_id = $1 AND id = $2', [practitionerId, absenceId]);
      return (rowCount ?? 0) > 0;
    },
    /** Records (or replaces) who is responsible for the person; throws DirectoryConflict naming an unknown worker or team. */
    async setAllocation(nhsNumber: string, a: AllocationUpdate): Promise<{ allocation: Allocation; created: boolean }> {
      const { rows } = await pool
        .query<AllocationRow & { created: boolean }>(
          `INSERT INTO person_allocations (nhs_number, allocated_worker, assessment_team, review_team) VALUES ($1, $2, $3, $4)
           ON CONFLICT (nhs_number) DO UPDATE SET allocated_worker = EXCLUDED.allocated_worker, assessment_team = EXCLUDED.assessment_team,
             review_team = EXCLUDED.review_team, updated_at = clock_timestamp()
           RETURNING *, (xmax = 0) AS created`,
          [nhsNumber, a.allocatedWorker, a.assessmentTeam, a.reviewTeam],
        )
        .catch((err: unknown) => conflict(err, ALLOCATION_FIELDS));
      const row = rows[0] as AllocationRow & { created: boolean };
      return { allocation: toAllocation(row), created: row.created };
    },
  };
}

export type PractitionerStore = ReturnType<typeof createPractitionerStore>;
