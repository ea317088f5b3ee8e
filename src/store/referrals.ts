// The referrals table: the ReferralRepository the referral use cases use, in SQL.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { referralFactsSchema, type Referral, type ReferralItems, type ReferralRepository } from '../domain/referral';

interface ReferralRow {
  id: string; contact_id: string; items: ReferralItems; facts: Record<string, unknown>; status: Referral['status']; team: string | null;
  created_at: Date; updated_at: Date;
}

const toReferral = (r: ReferralRow): Referral => ({
  id: r.id, contactId: r.contact_id, items: r.items, facts: referralFactsSchema.parse(r.facts), status: r.status, team: r.team,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export function createReferralStore(pool: Pool): ReferralRepository {
  return {
    async createForContact(contactId, items) {
      // One referral per contact: a retried job finds the first one.
      const { rows } = await pool.query<ReferralRow>(
        `WITH made AS (
           INSERT INTO referrals (id, contact_id, items) SELECT $1, id, $3 FROM contacts WHERE id = $2
           ON CONFLICT (contact_id) DO NOTHING RETURNING *)
         SELECT * FROM made UNION ALL SELECT * FROM referrals WHERE contact_id = $2`,
        [randomUUID(), contactId, items],
      );
      return rows[0] && toReferral(rows[0]);
    },
    async find(id) {
      const { rows } = await pool.query<ReferralRow>('SELECT * FROM referrals WHERE id = $1', [id]);
      return rows[0] && toReferral(rows[0]);
    },
    async update(id, change) {
      // Items and facts given replace those of the same name; the rest stay as they were.
      const { rows } = await pool.query<ReferralRow>(
        `UPDATE referrals SET items = items || $2, facts = facts || $3, updated_at = clock_timestamp() WHERE id = $1 RETURNING *`,
        [id, change.items, change.facts],
      );
      return rows[0] && toReferral(rows[0]);
    },
    async linkJourney(id, processInstanceKey) {
      const { rowCount } = await pool.query(
        `INSERT INTO case_instances (process_instance_key, case_id) SELECT $2, contact_id FROM referrals WHERE id = $1 ON CONFLICT DO NOTHING`,
        [id, processInstanceKey],
      );
      return rowCount === 1 || (await pool.query('SELECT 1 FROM case_instances WHERE process_instance_key = $1', [processInstanceKey])).rowCount === 1;
    },
    async setStatus(id, status, team) {
      const { rowCount } = await pool.query('UPDATE referrals SET status = $2, team = COALESCE($3, team), updated_at = clock_timestamp() WHERE id = $1', [id, status, team ?? null]);
      return rowCount === 1;
    },
  };
}
