// The record_access table: the append-only AccessLog the domain writes on every read of a person's data (G1).
import type { Pool } from 'pg';
import type { AccessLog } from '../domain/contacts';

export function createAccessLog(pool: Pool): AccessLog {
  return {
    async record({ subject, userId, what, why }) {
      await pool.query('INSERT INTO record_access (contact_id, nhs_number, user_id, what, why) VALUES ($1, $2, $3, $4, $5)', [
        'contactId' in subject ? subject.contactId : null, 'nhsNumber' in subject ? subject.nhsNumber : null, userId, what, why,
      ]);
    },
    async list(contactId, nhsNumber) {
      const { rows } = await pool.query<{ user_id: string; what: string; why: string; at: Date }>(
        'SELECT user_id, what, why, at FROM record_access WHERE contact_id = $1 OR ($2::text IS NOT NULL AND nhs_number = $2) ORDER BY at, id',
        [contactId, nhsNumber ?? null]);
      return rows.map((r) => ({ userId: r.user_id, what: r.what, why: r.why, at: r.at }));
    },
  };
}
