// The referrals table: the ReferralRepository the referral use cases use, in SQL.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import { inTransaction } from './db';
import { mergeItems, referralFactsSchema, type Referral, type ReferralItems, type ReferralRepository } from '../domain/referral';

interface ReferralRow {
  id: string; contact_id: string; kind: Referral['kind']; items: ReferralItems; facts: Record<string, unknown>; status: Referral['status']; team: string | null;
  created_at: Date; updated_at: Date; priority_band: string | null; priority_score: number | null; prioritised_at: Date | null;
  allocated_worker: string | null; closed_reason: string | null; rechecked_at: Date | null;
}

const toReferral = (r: ReferralRow): Referral => ({
  id: r.id, contactId: r.contact_id, kind: r.kind, items: r.items, facts: referralFactsSchema.parse(r.facts), status: r.status, team: r.team,
  priority: r.priority_band !== null && r.priority_score !== null && r.prioritised_at ? { band: r.priority_band, score: r.priority_score, at: r.prioritised_at } : null,
  allocatedWorker: r.allocated_worker, closedReason: r.closed_reason, recheckedAt: r.rechecked_at,
  createdAt: r.created_at, updatedAt: r.updated_at,
});

export function createReferralStore(pool: Pool): ReferralRepository {
  return {
    async createForContact(contactId, items, from) {
      // One referral per contact and origin: a retried job finds the first one.
      const origin = from && 'origin' in from ? from.origin : 'contact';
      const { rows } = await pool.query<ReferralRow>(
        `WITH made AS (
           INSERT INTO referrals (id, contact_id, items, kind, origin, facts) SELECT $1, id, $3, $4, $5, $6 FROM contacts WHERE id = $2
           ON CONFLICT (contact_id, origin) DO NOTHING RETURNING *)
         SELECT * FROM made UNION ALL SELECT * FROM referrals WHERE contact_id = $2 AND origin = $5`,
        [randomUUID(), contactId, items, from?.kind ?? 'assessment', origin, from?.facts ?? {}],
      );
      return rows[0] && toReferral(rows[0]);
    },
    async forContact(contactId) {
      const { rows } = await pool.query<ReferralRow>('SELECT * FROM referrals WHERE contact_id = $1 ORDER BY created_at', [contactId]);
      return rows.map(toReferral);
    },
    async find(id) {
      const { rows } = await pool.query<ReferralRow>('SELECT * FROM referrals WHERE id = $1', [id]);
      return rows[0] && toReferral(rows[0]);
    },
    async update(id, change) {
      // Items and facts given replace those of the same name, an item of several parts part by part (mergeItems); the
      // rest stay as they were. The row is locked while merging, so two updates at once both count.
      return inTransaction(pool, async (db) => {
        const { rows: [current] } = await db.query<ReferralRow>('SELECT * FROM referrals WHERE id = $1 FOR UPDATE', [id]);
        if (!current) return undefined;
        const { rows } = await db.query<ReferralRow>(
          `UPDATE referrals SET items = $2, facts = facts || $3, updated_at = clock_timestamp() WHERE id = $1 RETURNING *`,
          [id, mergeItems(current.items, change.items), change.facts],
        );
        return rows[0] && toReferral(rows[0]);
      });
    },
    async setStatus(id, status, team, priority) {
      const { rowCount } = await pool.query(
        // Only the RAC meeting allocates or closes (A1), so what it decided stands.
        `UPDATE referrals SET status = CASE WHEN status IN ('allocated', 'closed') THEN status ELSE $2 END, team = COALESCE($3, team), priority_band = COALESCE($4, priority_band), priority_score = COALESCE($5, priority_score),
           prioritised_at = CASE WHEN $4::text IS NULL THEN prioritised_at ELSE clock_timestamp() END, updated_at = clock_timestamp()
         WHERE id = $1`,
        [id, status, team ?? null, priority?.band ?? null, priority?.score ?? null],
      );
      return rowCount === 1;
    },
    async markRechecked(id) {
      const { rowCount } = await pool.query('UPDATE referrals SET rechecked_at = clock_timestamp() WHERE id = $1', [id]);
      return rowCount === 1;
    },
    async waitingList({ limit, offset }) {
      const { rows } = await pool.query<ReferralRow & { total: string }>(
        `SELECT *, count(*) OVER () AS total FROM referrals WHERE status = 'waiting-for-allocation'
         ORDER BY priority_score DESC NULLS LAST, created_at LIMIT $1 OFFSET $2`,
        [limit, offset],
      );
      return { referrals: rows.map(toReferral), total: Number(rows[0]?.total ?? 0) };
    },
  };
}
