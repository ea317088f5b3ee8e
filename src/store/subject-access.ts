// Reads everything the case store holds about one person, table by table, for a subject access export (UK GDPR Art. 15).
import type { Pool } from 'pg';
import type { HeldSection, SubjectAccessStore } from '../domain/subject-access';

/** Each section: its heading and the query for it, given the person's case ids ($1) and NHS number ($2). */
const SECTIONS: { heading: string; sql: string }[] = [
  {
    heading: 'Contacts with adult social care',
    sql: `SELECT id, received_at, channel, made_by, person, presenting_issue, flags, letter, named_worker_or_team, recorded_by, stage
          FROM contacts WHERE id = ANY($1) ORDER BY received_at`,
  },
  { heading: 'What happened on each contact', sql: 'SELECT contact_id, stage, reached_at, detail FROM contact_stages WHERE contact_id = ANY($1) ORDER BY reached_at' },
  {
    heading: 'Decisions and tasks done',
    sql: 'SELECT case_id, form_id, completed_by, completed_at, data FROM task_completions WHERE case_id = ANY($1) ORDER BY completed_at',
  },
  {
    heading: 'Referrals for assessment',
    sql: `SELECT id, contact_id, kind, status, team, items, facts, priority_band, allocated_worker, allocated_at, closed_reason, created_at, updated_at
          FROM referrals WHERE contact_id = ANY($1) ORDER BY created_at`,
  },
  {
    heading: 'Decisions of the allocation (RAC) meeting',
    sql: `SELECT d.referral_id, d.meeting_id, d.decision, d.team, d.worker, d.reason, d.note, d.decided_by, d.decided_at
          FROM rac_decisions d JOIN referrals r ON r.id = d.referral_id WHERE r.contact_id = ANY($1) ORDER BY d.decided_at`,
  },
  { heading: 'Safeguarding concerns raised', sql: 'SELECT contact_id, raised_at, imminent_danger FROM safeguarding_concerns WHERE contact_id = ANY($1) ORDER BY raised_at' },
  { heading: 'Independent advocacy', sql: 'SELECT * FROM advocacy_referrals WHERE case_id = ANY($1)' },
  {
    heading: 'Messages sent to the person or about them',
    sql: `SELECT case_id, audience, method, template, status, status_reason, destination, personalisation, signed_by, accessibility,
                 practitioner_id, subject, body, created_at, sent_at
          FROM messages WHERE case_id = ANY($1) ORDER BY created_at`,
  },
  { heading: 'Their allocated worker and teams', sql: 'SELECT allocated_worker, assessment_team, review_team, updated_at FROM person_allocations WHERE nhs_number = $2 AND $1::uuid[] IS NOT NULL' },
  {
    heading: 'Who has read their record',
    sql: `SELECT contact_id, user_id, what, why, at FROM record_access WHERE contact_id = ANY($1) OR ($2::text IS NOT NULL AND nhs_number = $2) ORDER BY at, id`,
  },
];

export function createSubjectAccessStore(pool: Pool): SubjectAccessStore {
  return {
    async casesOf(contactId) {
      const { rows } = await pool.query<{ nhs_number: string | null; case_ids: string[] }>(
        `SELECT c.person->>'nhsNumber' AS nhs_number,
                CASE WHEN c.person->>'nhsNumber' IS NULL THEN ARRAY[c.id::text]
                     ELSE (SELECT array_agg(o.id::text ORDER BY o.received_at) FROM contacts o WHERE o.person->>'nhsNumber' = c.person->>'nhsNumber') END AS case_ids
         FROM contacts c WHERE c.id = $1`,
        [contactId],
      );
      return rows[0] && { caseIds: rows[0].case_ids, nhsNumber: rows[0].nhs_number };
    },
    async heldAbout(caseIds, nhsNumber) {
      const sections: HeldSection[] = [];
      for (const { heading, sql } of SECTIONS) {
        // PostgreSQL takes only the parameters a statement uses.
        const { rows } = await pool.query<Record<string, unknown>>(sql, sql.includes('$2') ? [caseIds, nhsNumber] : [caseIds]);
        sections.push({ heading, records: rows });
      }
      return sections;
    },
  };
}
