// The retention policy's store (G1, UK GDPR Art. 5(1)(e)): which cases may have passed their time, and anonymising one in
// every table that holds the person, keeping what statistics count (channel, times, stages, outcomes) and a record of it.
import type { Pool, PoolClient } from 'pg';
import type { CaseOnFile, Removed, RetentionStore } from '../domain/retention';
import { isFormId, TASK_FORMS } from '../domain/tasks';
import { inTransaction } from './db';

/**
 * What a stage's detail keeps once the person is gone: how, what and which way, never free text (a reason, evidence)
 * nor anything that reaches the person (a destination). Workers and teams are the council's, not the person's.
 */
export const KEPT_STAGE_DETAIL = [
  'method', 'status', 'outcome', 'risk', 'followUpAfter', 'followUpBy', 'followUpWorker', 'imminentDanger', 'referralId', 'to', 'target',
  'worker', 'workerId', 'allocatedWorker', 'personTold', 'fundingAgreed', 'callBackBy', 'processInstanceKey',
] as const;

/** What a letter keeps: when it came and what it asked for. */
const KEPT_LETTER = ['receivedOn', 'markedUrgent', 'acknowledgementRequested', 'formal'] as const;

/** What replaces a practitioner message's subject and body. */
export const REMOVED_TEXT = 'Removed: its time under the retention policy was up';

/** A form's completion keeps its routing facts only (the part the engine was given: outcomes, yes/no, dates), never the judgements written in it. */
export function keptCompletion(formId: string, data: Record<string, unknown>): Record<string, unknown> {
  if (!isFormId(formId)) return {};
  const fields: readonly string[] = TASK_FORMS[formId].routing;
  return Object.fromEntries(Object.entries(data).filter(([k]) => fields.includes(k)));
}

async function anonymiseCase(db: PoolClient, caseId: string, at: Date, closedAt: Date | null): Promise<Removed | undefined> {
  const { rows: found } = await db.query<{ nhs: string[] }>(
    `SELECT ARRAY(
       SELECT DISTINCT n FROM (
         SELECT regexp_replace(c.person->>'nhsNumber', '\\D', '', 'g') AS n
         UNION ALL
         SELECT regexp_replace(r.items->>'nhsNumber', '\\D', '', 'g') FROM referrals r WHERE r.contact_id = c.id
       ) AS numbers WHERE n ~ '^[0-9]{10}$') AS nhs
     FROM contacts c WHERE c.id = $1 AND c.anonymised_at IS NULL FOR UPDATE OF c`,
    [caseId],
  );
  if (!found[0]) return undefined;
  const count = async (sql: string, params: unknown[]) => (await db.query(sql, params)).rowCount ?? 0;
  const removed: Removed = {};
  removed.contacts = await count(
    `UPDATE contacts SET
       person = '{}', presenting_issue = '',
       made_by = jsonb_strip_nulls(jsonb_build_object('kind', made_by->'kind', 'basis', made_by->'basis')),
       letter = CASE WHEN letter IS NULL THEN NULL ELSE jsonb_strip_nulls(jsonb_build_object(${KEPT_LETTER.map((k) => `'${k}', letter->'${k}'`).join(', ')})) END,
       anonymised_at = $2, retention_check_after = NULL
     WHERE id = $1`,
    [caseId, at],
  );
  removed.contact_stages = await count(
    `UPDATE contact_stages SET detail = coalesce((SELECT jsonb_object_agg(key, value) FROM jsonb_each(detail) WHERE key = ANY($2::text[])), '{}')
     WHERE contact_id = $1 AND EXISTS (SELECT 1 FROM jsonb_object_keys(detail) k WHERE k <> ALL($2::text[]))`,
    [caseId, KEPT_STAGE_DETAIL],
  );
  const completions = await db.query<{ task_key: string; form_id: string; data: Record<string, unknown> }>(
    'SELECT task_key, form_id, data FROM task_completions WHERE case_id = $1', [caseId],
  );
  removed.task_completions = 0;
  for (const c of completions.rows) {
    const kept = keptCompletion(c.form_id, c.data ?? {});
    if (Object.keys(kept).length === Object.keys(c.data ?? {}).length) continue;
    await db.query('UPDATE task_completions SET data = $2 WHERE task_key = $1', [c.task_key, kept]);
    removed.task_completions++;
  }
  removed.referrals = await count(`UPDATE referrals SET items = '{}' WHERE contact_id = $1 AND items <> '{}'`, [caseId]);
  removed.rac_decisions = await count(
    `UPDATE rac_decisions SET note = NULL WHERE note IS NOT NULL AND referral_id IN (SELECT id FROM referrals WHERE contact_id = $1)`, [caseId],
  );
  removed.advocacy_referrals = await count(
    `UPDATE advocacy_referrals SET advocate_name = NULL, advocate_phone = NULL, declined_reason = NULL
     WHERE case_id = $1 AND (advocate_name IS NOT NULL OR advocate_phone IS NOT NULL OR declined_reason IS NOT NULL)`,
    [caseId],
  );
  removed.messages = await count(
    `UPDATE messages SET recipient = '{}', personalisation = NULL, accessibility = NULL, destination = 'removed', status_reason = NULL,
       provider_reference = NULL,
       subject = CASE WHEN audience = 'practitioner' THEN $2 ELSE subject END, body = CASE WHEN audience = 'practitioner' THEN $2 ELSE body END
     WHERE case_id = $1 AND destination <> 'removed'`,
    [caseId, REMOVED_TEXT],
  );
  removed.message_outbox = await count('DELETE FROM message_outbox WHERE case_id = $1', [caseId]);
  // The access log is append-only; the retention clean-up is the one writer that may remove from it, and says so.
  await db.query("SET LOCAL care_front_door.retention = 'on'");
  removed.record_access = await count('DELETE FROM record_access WHERE contact_id = $1', [caseId]);
  // The directory's allocation by NHS number goes with the last record here that carries the number, unless it was set
  // after this case closed (someone keeps it up to date for another reason).
  removed.person_allocations = await count(
    `DELETE FROM person_allocations pa WHERE pa.nhs_number = ANY($2::text[]) AND pa.updated_at <= $3
       AND NOT EXISTS (
         SELECT 1 FROM contacts c WHERE c.id <> $1 AND c.anonymised_at IS NULL
           AND regexp_replace(c.person->>'nhsNumber', '\\D', '', 'g') = pa.nhs_number)`,
    [caseId, found[0].nhs, closedAt ?? at],
  );
  // Reads logged under an NHS number (an allocation looked up) go with the last record here that carries it.
  removed.record_access += await count(
    `DELETE FROM record_access ra WHERE ra.nhs_number = ANY($2::text[])
       AND NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id <> $1 AND c.anonymised_at IS NULL AND regexp_replace(c.person->>'nhsNumber', '\\D', '', 'g') = ra.nhs_number)`,
    [caseId, found[0].nhs],
  );
  return removed;
}

export function createRetentionStore(pool: Pool): RetentionStore {
  return {
    async casesToCheck(now, receivedBy, limit): Promise<CaseOnFile[]> {
      const { rows } = await pool.query<{ id: string; received_at: Date; safeguarding: boolean; referred: boolean }>(
        `SELECT c.id, c.received_at,
           EXISTS (SELECT 1 FROM safeguarding_concerns s WHERE s.contact_id = c.id) AS safeguarding,
           (EXISTS (SELECT 1 FROM referrals r WHERE r.contact_id = c.id) OR EXISTS (SELECT 1 FROM advocacy_referrals a WHERE a.case_id = c.id)) AS referred
         FROM contacts c
         WHERE c.anonymised_at IS NULL AND c.received_at <= $2 AND coalesce(c.retention_check_after, c.received_at) <= $1
         ORDER BY coalesce(c.retention_check_after, c.received_at), c.id
         LIMIT $3`,
        [now, receivedBy, limit],
      );
      return rows.map((r) => ({ caseId: r.id, receivedAt: r.received_at, safeguardingConcern: r.safeguarding, referred: r.referred }));
    },

    anonymise(caseId, record) {
      return inTransaction(pool, async (db) => {
        const removed = await anonymiseCase(db, caseId, record.at, record.closedAt);
        if (!removed) return undefined;
        await db.query(
          `INSERT INTO retention_log (case_id, kind, closed_at, due_at, anonymised_at, run, removed) VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (case_id) DO NOTHING`,
          [caseId, record.kind, record.closedAt, record.dueAt, record.at, record.run, removed],
        );
        return removed;
      });
    },

    async checkAgainAt(caseId, at) {
      await pool.query('UPDATE contacts SET retention_check_after = $2 WHERE id = $1 AND anonymised_at IS NULL', [caseId, at]);
    },
  };
}
