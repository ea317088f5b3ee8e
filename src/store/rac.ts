// The RAC meetings and their decisions: the RacStore the meeting's use cases use, in SQL.
import type { Pool } from 'pg';
import type { RacMeeting, RacStore, RecordedRacDecision } from '../domain/rac';
import { inTransaction } from './db';

interface MeetingRow { id: string; opened_at: Date; due_at: Date; late: boolean; missed: Date[]; waiting_at_opening: number; closed_at: Date | null }
const toMeeting = (r: MeetingRow): RacMeeting => ({
  id: r.id, openedAt: r.opened_at, dueAt: r.due_at, late: r.late, missed: r.missed, waitingAtOpening: r.waiting_at_opening, closedAt: r.closed_at,
});

interface DecisionRow {
  meeting_id: string; referral_id: string; decision: RecordedRacDecision['decision']; team: string | null; worker: string | null;
  reason: string | null; followed_suggestion: boolean | null; decided_by: string; decided_at: Date;
}
const toDecision = (r: DecisionRow): RecordedRacDecision => ({
  meetingId: r.meeting_id, referralId: r.referral_id, decision: r.decision, team: r.team, worker: r.worker, reason: r.reason,
  followedSuggestion: r.followed_suggestion, decidedBy: r.decided_by, decidedAt: r.decided_at,
});

const STATUS_AFTER = { allocate: 'allocated', close: 'closed', defer: 'waiting-for-allocation' } as const;

export function createRacStore(pool: Pool): RacStore {
  return {
    async openMeeting(id, openedAt, times) {
      const { rows } = await pool.query<MeetingRow>(
        `WITH opened AS (
           INSERT INTO rac_meetings (id, opened_at, due_at, late, missed, waiting_at_opening)
           SELECT $1, $2, $3, $4, $5, count(*) FROM referrals WHERE status = 'waiting-for-allocation'
           ON CONFLICT (id) DO NOTHING RETURNING *)
         SELECT * FROM opened UNION ALL SELECT * FROM rac_meetings WHERE id = $1`,
        [id, openedAt, times.dueAt, times.late, times.missed],
      );
      if (!rows[0]) throw new Error(`RAC meeting ${id} was neither opened nor found`);
      return toMeeting(rows[0]);
    },
    async closeMeeting(id) {
      const { rows } = await pool.query<MeetingRow>('UPDATE rac_meetings SET closed_at = COALESCE(closed_at, clock_timestamp()) WHERE id = $1 RETURNING *', [id]);
      return rows[0] && toMeeting(rows[0]);
    },
    async meetingBefore(at) {
      const { rows } = await pool.query<MeetingRow>('SELECT * FROM rac_meetings WHERE opened_at < $1 ORDER BY opened_at DESC, id DESC LIMIT 1', [at]);
      return rows[0] && toMeeting(rows[0]);
    },
    async findMeeting(id) {
      const { rows } = await pool.query<MeetingRow>('SELECT * FROM rac_meetings WHERE id = $1', [id]);
      return rows[0] && toMeeting(rows[0]);
    },
    async meetings(limit) {
      const { rows } = await pool.query<MeetingRow>('SELECT * FROM rac_meetings ORDER BY opened_at DESC, id DESC LIMIT $1', [limit]);
      return rows.map(toMeeting);
    },
    async caseloads(workerIds) {
      const { rows } = await pool.query<{ worker: string; n: string }>(
        `SELECT allocated_worker AS worker, count(*) AS n FROM referrals WHERE status = 'allocated' AND allocated_worker = ANY($1) GROUP BY allocated_worker`,
        [workerIds],
      );
      return new Map(rows.map((r) => [r.worker, Number(r.n)]));
    },
    recordDecision(d) {
      return inTransaction(pool, async (db) => {
        const inserted = await db.query(
          `INSERT INTO rac_decisions (meeting_id, referral_id, decision, team, worker, reason, note, followed_suggestion, decided_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (meeting_id, referral_id) DO NOTHING`,
          [d.meetingId, d.referralId, d.decision, d.team, d.worker, d.reason, d.note ?? null, d.followedSuggestion, d.decidedBy],
        );
        if (inserted.rowCount === 0) {
          const { rows } = await db.query<DecisionRow>('SELECT * FROM rac_decisions WHERE meeting_id = $1 AND referral_id = $2', [d.meetingId, d.referralId]);
          const was = rows[0];
          if (!was) throw new Error(`The decision on ${d.referralId} at meeting ${d.meetingId} was refused but is not there`);
          return was.decision === d.decision && was.worker === d.worker && was.reason === d.reason ? 'already' : 'conflict';
        }
        // The referral moves on in the same transaction, and only while it waits: two meetings cannot both allocate it.
        const moved = await db.query(
          `UPDATE referrals SET status = $2, team = COALESCE($3, team), allocated_worker = $4,
             allocated_at = CASE WHEN $4::text IS NULL THEN NULL ELSE clock_timestamp() END, closed_reason = $5, updated_at = clock_timestamp()
           WHERE id = $1 AND status = 'waiting-for-allocation'`,
          [d.referralId, STATUS_AFTER[d.decision], d.team, d.worker, d.reason],
        );
        if (moved.rowCount === 0) throw new NotWaiting();
        return 'recorded';
      }).catch((err: unknown) => {
        if (err instanceof NotWaiting) return 'not-waiting' as const;
        throw err;
      });
    },
    async decisionsOf(meetingId) {
      const { rows } = await pool.query<DecisionRow>('SELECT * FROM rac_decisions WHERE meeting_id = $1 ORDER BY decided_at, referral_id', [meetingId]);
      return rows.map(toDecision);
    },
  };
}

/** Rolls the decision back: the referral was not waiting. */
class NotWaiting extends Error {}
