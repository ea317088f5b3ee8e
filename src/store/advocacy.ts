// Advocacy providers and referrals: the AdvocacyStore the advocacy use cases use, in SQL.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import type { AdvocacyProvider, AdvocacyReferral, AdvocacyStore } from '../domain/advocacy';

interface ReferralRow {
  id: string; case_id: string; for_id: string; process: AdvocacyReferral['process']; kind: AdvocacyReferral['kind']; provider_id: string | null;
  status: AdvocacyReferral['status']; advocate_name: string | null; advocate_phone: string | null; declined_reason: string | null; created_at: Date; updated_at: Date;
}
const toReferral = (r: ReferralRow): AdvocacyReferral => ({
  id: r.id, caseId: r.case_id, forId: r.for_id, process: r.process, kind: r.kind, providerId: r.provider_id, status: r.status,
  advocateName: r.advocate_name, advocatePhone: r.advocate_phone, declinedReason: r.declined_reason, createdAt: r.created_at, updatedAt: r.updated_at,
});

export function createAdvocacyStore(pool: Pool): AdvocacyStore {
  const one = async (sql: string, params: unknown[]) => {
    const { rows } = await pool.query<ReferralRow>(sql, params);
    return rows[0] && toReferral(rows[0]);
  };
  return {
    async refer(r) {
      const { rows } = await pool.query<ReferralRow>(
        `WITH provider AS (SELECT id FROM advocacy_providers WHERE accepting AND $5 = ANY (kinds) ORDER BY id LIMIT 1),
         made AS (
           INSERT INTO advocacy_referrals (id, case_id, for_id, process, kind, provider_id, status)
           SELECT $1, $2, $3, $4, $5, (SELECT id FROM provider), CASE WHEN EXISTS (SELECT 1 FROM provider) THEN 'requested' ELSE 'no-provider' END
           ON CONFLICT (for_id, process) DO NOTHING RETURNING *)
         SELECT * FROM made UNION ALL SELECT * FROM advocacy_referrals WHERE for_id = $3 AND process = $4`,
        [randomUUID(), r.caseId, r.forId, r.process, r.kind],
      );
      if (!rows[0]) throw new Error(`The advocacy referral for ${r.process} ${r.forId} was neither made nor found`);
      return toReferral(rows[0]);
    },
    find: (id) => one('SELECT * FROM advocacy_referrals WHERE id = $1', [id]),
    async madeFor(forId) {
      const { rows } = await pool.query<ReferralRow>('SELECT * FROM advocacy_referrals WHERE for_id = $1 ORDER BY created_at', [forId]);
      return rows.map(toReferral);
    },
    async waitingForAdvocate(limit) {
      const { rows } = await pool.query<ReferralRow>(
        `SELECT * FROM advocacy_referrals WHERE status IN ('requested', 'no-provider') ORDER BY created_at, id LIMIT $1`, [limit],
      );
      return rows.map(toReferral);
    },
    nameAdvocate: (id, a) => one(
      `UPDATE advocacy_referrals SET status = 'advocate-named', provider_id = $2, advocate_name = $3, advocate_phone = $4, updated_at = clock_timestamp()
       WHERE id = $1 AND status IN ('requested', 'no-provider', 'advocate-named') RETURNING *`,
      [id, a.providerId, a.name, a.phone],
    ),
    decline: (id, reason) => one(
      `UPDATE advocacy_referrals SET status = 'declined', declined_reason = $2, updated_at = clock_timestamp()
       WHERE id = $1 AND status IN ('requested', 'no-provider', 'declined') RETURNING *`,
      [id, reason],
    ),
    async withdraw(forId) {
      // Already withdrawn ones are returned again, so a retried job tells the journey again.
      const { rows } = await pool.query<ReferralRow>(
        `UPDATE advocacy_referrals SET status = 'withdrawn', updated_at = clock_timestamp()
         WHERE for_id = $1 AND status IN ('requested', 'no-provider', 'withdrawn') RETURNING *`,
        [forId],
      );
      return rows.map(toReferral);
    },
    async providers() {
      const { rows } = await pool.query<AdvocacyProvider>('SELECT * FROM advocacy_providers ORDER BY id');
      return rows;
    },
    async findProvider(id) {
      const { rows } = await pool.query<AdvocacyProvider>('SELECT * FROM advocacy_providers WHERE id = $1', [id]);
      return rows[0];
    },
    async setAccepting(id, accepting) {
      const { rows } = await pool.query<AdvocacyProvider>('UPDATE advocacy_providers SET accepting = $2 WHERE id = $1 RETURNING *', [id, accepting]);
      return rows[0];
    },
  };
}
