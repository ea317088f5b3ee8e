// The contacts table and its stages: the ContactRepository the domain uses, in SQL.
import type { Pool } from 'pg';
import type { ContactRecord, NewContact, Stage, StageEvent } from '../domain/contact';
import type { ContactRepository } from '../domain/contacts';
import { inTransaction } from './db';

interface ContactRow {
  id: string;
  received_at: Date;
  channel: NewContact['channel'];
  made_by: NewContact['madeBy'];
  person: NewContact['person'];
  presenting_issue: string;
  flags: NewContact['flags'];
  named_worker_or_team: string | null;
  letter: NewContact['letter'] | null;
  recorded_by: string | null;
  stage: Stage;
  process_instance_key: string | null;
}

export function createContactStore(pool: Pool): ContactRepository {
  return {
    // The contact is committed before its journey starts, so the journey's first worker finds it, and no connection
    // is held while the engine works; if the journey cannot be started, the contact is removed again.
    async create(id, c, recordedBy, start) {
      await inTransaction(pool, async (client) => {
        await client.query(
          `INSERT INTO contacts (id, channel, made_by, person, presenting_issue, flags, named_worker_or_team, letter, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [id, c.channel, c.madeBy, c.person, c.presentingIssue, c.flags, c.namedWorkerOrTeam ?? null, c.letter ?? null, recordedBy],
        );
        await client.query(`INSERT INTO contact_stages (contact_id, stage) VALUES ($1, 'received')`, [id]);
      });
      let started: { processInstanceKey: string };
      try {
        started = await start();
      } catch (err) {
        const recorded = await withdrawUnlessRecorded(pool, id);
        if (!recorded) throw err;
        started = recorded;
      }
      await pool.query('UPDATE contacts SET process_instance_key = $2 WHERE id = $1', [id, started.processInstanceKey]);
      return started;
    },

    async find(id) {
      // A case whose time was up holds no person any more (src/store/retention.ts): there is no record to show.
      const { rows } = await pool.query<ContactRow>('SELECT * FROM contacts WHERE id = $1 AND anonymised_at IS NULL', [id]);
      const row = rows[0];
      if (!row) return undefined;
      const stages = await pool.query<{ stage: Stage; reached_at: Date; detail: Record<string, unknown> }>(
        'SELECT stage, reached_at, detail FROM contact_stages WHERE contact_id = $1 ORDER BY reached_at',
        [id],
      );
      const history: StageEvent[] = stages.rows.map((s) => ({ stage: s.stage, at: s.reached_at, detail: s.detail }));
      const record: ContactRecord = {
        id: row.id,
        receivedAt: row.received_at,
        channel: row.channel,
        madeBy: row.made_by,
        person: row.person,
        presentingIssue: row.presenting_issue,
        flags: row.flags,
        ...(row.named_worker_or_team ? { namedWorkerOrTeam: row.named_worker_or_team } : {}),
        ...(row.letter ? { letter: row.letter } : {}),
        recordedBy: row.recorded_by,
        stage: row.stage,
        ...(row.process_instance_key ? { processInstanceKey: row.process_instance_key } : {}),
        history,
      };
      return record;
    },

    async linkJourney(id, processInstanceKey) {
      const { rowCount } = await pool.query(
        `INSERT INTO case_instances (process_instance_key, case_id) SELECT $2, id FROM contacts WHERE id = $1 ON CONFLICT DO NOTHING`,
        [id, processInstanceKey],
      );
      return rowCount === 1 || (await pool.query('SELECT 1 FROM case_instances WHERE process_instance_key = $1', [processInstanceKey])).rowCount === 1;
    },
    async recordStage(id, stage, detail) {
      // The first arrival at a stage wins; a retried job changes nothing. One statement, so the
      // existence check and the insert see the same snapshot: a job that runs while the API's
      // transaction is still committing is told "not found" and retried, never silently done.
      const { rows } = await pool.query<{ found: boolean }>(
        `WITH contact AS (SELECT id FROM contacts WHERE id = $1),
         reached AS (
           INSERT INTO contact_stages (contact_id, stage, detail)
           SELECT id, $2, $3 FROM contact
           ON CONFLICT (contact_id, stage) DO NOTHING
           RETURNING contact_id),
         moved AS (UPDATE contacts SET stage = $2 WHERE id IN (SELECT contact_id FROM reached))
         SELECT EXISTS (SELECT 1 FROM contact) AS found`,
        [id, stage, detail],
      );
      return rows[0]?.found === true;
    },

    async raiseSafeguardingConcern(id, imminentDanger) {
      const { rows } = await pool.query<{ found: boolean }>(
        `WITH contact AS (SELECT id FROM contacts WHERE id = $1),
         raised AS (
           INSERT INTO safeguarding_concerns (contact_id, imminent_danger)
           SELECT id, $2 FROM contact
           ON CONFLICT (contact_id) DO NOTHING)
         SELECT EXISTS (SELECT 1 FROM contact) AS found`,
        [id, imminentDanger],
      );
      return rows[0]?.found === true;
    },
  };
}

/**
 * After a failed start: an engine that dies between committing the start and answering leaves a journey the caller was
 * told did not begin. The row lock waits for a "record-contact" job writing now; a journey that has recorded the contact
 * has begun, and its key is returned so the contact stands. Otherwise the contact is removed, and that journey's
 * "record-contact" finds nothing and ends it without writing to anyone.
 */
async function withdrawUnlessRecorded(pool: Pool, id: string): Promise<{ processInstanceKey: string } | undefined> {
  return inTransaction(pool, async (client) => {
    await client.query('SELECT 1 FROM contacts WHERE id = $1 FOR UPDATE', [id]);
    // A new statement after the lock, so it sees what the job committed (read committed).
    const { rows } = await client.query<{ key: string }>(
      `SELECT detail->>'processInstanceKey' AS key FROM contact_stages WHERE contact_id = $1 AND stage = 'recorded'`,
      [id],
    );
    const key = rows[0]?.key;
    if (key) return { processInstanceKey: key };
    await client.query('DELETE FROM contacts WHERE id = $1', [id]);
    return undefined;
  });
}
