// The record_access table: the AccessLog the domain writes on every read of a person's record.
import type { Pool } from 'pg';
import type { AccessLog } from '../domain/contacts';

export function createAccessLog(pool: Pool): AccessLog {
  return {
    async record(contactId, userId, purpose) {
      await pool.query('INSERT INTO record_access (contact_id, user_id, purpose) VALUES ($1, $2, $3)', [contactId, userId, purpose]);
    },
    async list(contactId) {
      const { rows } = await pool.query<{ user_id: string; purpose: string; at: Date }>(
        'SELECT user_id, purpose, at FROM record_access WHERE contact_id = $1 ORDER BY at, id', [contactId]);
      return rows.map((r) => ({ userId: r.user_id, purpose: r.purpose, at: r.at }));
    },
  };
}
