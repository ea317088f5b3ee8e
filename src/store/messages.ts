// The messages table (one row per idempotency key, recorded against the case) and the local outbox of person messages, in SQL.
import { randomUUID } from 'node:crypto';
import type { Pool } from 'pg';
import {
  BASE_TEMPLATE_KEYS,
  destinationOf,
  type Accessibility,
  type DeliveryMethod,
  type InboxEntry,
  type MessageStatus,
  type MessageStore,
  type MessageViews,
  type OutboxEntry,
  type PersonChannel,
  type PersonTemplate,
  type SentMessage,
  type Settlement,
  type Signature,
} from '../domain/messages';

/**
 * How long one attempt may take to send a message before another attempt at the same key may try: well over the
 * provider's own time limit (NOTIFY_TIMEOUT_MS, SMTP_TIMEOUT_MS, 10 s by default), so it only lapses after a crash.
 */
const SENDING_LEASE_MS = 60_000;

interface MessageRow {
  id: string;
  idempotency_key: string;
  case_id: string;
  audience: SentMessage['audience'];
  channel: SentMessage['channel'];
  status: MessageStatus;
  status_reason: string | null;
  template: PersonTemplate | null;
  method: DeliveryMethod | null;
  template_key: string | null;
  template_id: string | null;
  signed_by: Signature | null;
  accessibility: Accessibility | null;
  practitioner_id: string | null;
  subject: string | null;
  body: string | null;
  read_at: Date | null;
  destination: string;
  provider_reference: string | null;
  created_at: Date;
  sent_at: Date | null;
}

const toMessage = (r: MessageRow): SentMessage => ({
  id: r.id,
  key: r.idempotency_key,
  caseId: r.case_id,
  audience: r.audience,
  channel: r.channel,
  status: r.status,
  statusReason: r.status_reason,
  template: r.template,
  method: r.method,
  templateKey: r.template_key,
  templateId: r.template_id,
  accessibility: r.accessibility,
  signedBy: r.signed_by,
  practitionerId: r.practitioner_id,
  subject: r.subject,
  destination: r.destination,
  providerReference: r.provider_reference,
  createdAt: r.created_at,
  sentAt: r.sent_at,
});

const toInboxEntry = (r: MessageRow): InboxEntry => ({
  id: r.id,
  caseId: r.case_id,
  subject: r.subject ?? '',
  body: r.body ?? '',
  createdAt: r.created_at,
  readAt: r.read_at,
  email: { status: r.status, reason: r.status_reason },
});

export function createMessageStore(pool: Pool): MessageStore & MessageViews {
  return {
    async claim(record) {
      const m = record.message;
      const person = record.audience === 'person' ? record : undefined;
      const practitioner = record.audience === 'practitioner' ? record.message : undefined;
      const inserted = await pool.query<MessageRow>(
        `INSERT INTO messages (id, idempotency_key, case_id, audience, channel, status, status_reason, template, method, template_key, template_id,
                               recipient, personalisation, signed_by, accessibility, practitioner_id, subject, body, destination)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING *`,
        [
          randomUUID(), m.key, m.caseId, record.audience, record.channel, record.status, person?.statusReason ?? null,
          person?.message.template ?? null, person?.message.method ?? (practitioner ? 'email' : null), person?.templateKey ?? null, person?.templateId ?? null,
          m.to, person?.message.personalisation ?? null, person?.message.signedBy ?? null, person?.message.accessibility ?? null,
          practitioner?.to.practitionerId ?? null, practitioner?.subject ?? null, practitioner?.body ?? null, destinationOf(record),
        ],
      );
      if (inserted.rows[0]) return { record: toMessage(inserted.rows[0]), created: true };
      const { rows } = await pool.query<MessageRow>('SELECT * FROM messages WHERE idempotency_key = $1', [m.key]);
      if (!rows[0]) throw new Error(`The message ${m.key} was neither recorded nor found`);
      return { record: toMessage(rows[0]), created: false };
    },

    async settle(key, work) {
      // The lease, not a held connection or transaction, keeps one attempt per key sending: a provider that is slow to
      // answer then ties up no connection the rest of the service (and the local outbox's own insert) needs.
      let claimed: MessageRow | undefined;
      for (const waitUntil = Date.now() + SENDING_LEASE_MS; !claimed; ) {
        const lease = await pool.query<MessageRow>(
          `UPDATE messages SET sending_until = clock_timestamp() + $2 * interval '1 millisecond'
           WHERE idempotency_key = $1 AND status = 'pending' AND (sending_until IS NULL OR sending_until < clock_timestamp())
           RETURNING *`,
          [key, SENDING_LEASE_MS],
        );
        claimed = lease.rows[0];
        if (claimed) break;
        const { rows } = await pool.query<MessageRow>('SELECT * FROM messages WHERE idempotency_key = $1', [key]);
        if (!rows[0]) throw new Error(`No message recorded under ${key}`);
        if (rows[0].status !== 'pending') return toMessage(rows[0]);
        // Another attempt is sending it: wait to see what it settles.
        if (Date.now() > waitUntil) throw new Error(`The message ${key} is still being sent by another attempt`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      let outcome: Settlement;
      try {
        outcome = await work(toMessage(claimed));
      } catch (err) {
        // Released, so the job's retry may try again at once.
        await pool.query('UPDATE messages SET sending_until = NULL WHERE idempotency_key = $1', [key]);
        throw err;
      }
      const updated = await pool.query<MessageRow>(
        `UPDATE messages SET status = $2, status_reason = $3, provider_reference = $4, sending_until = NULL,
                sent_at = CASE WHEN $2 = 'sent' THEN clock_timestamp() END
         WHERE idempotency_key = $1 RETURNING *`,
        [key, outcome.status, outcome.statusReason ?? null, outcome.providerReference ?? null],
      );
      return toMessage(updated.rows[0] as MessageRow);
    },

    async inbox(practitionerId, query) {
      const { rows } = await pool.query<MessageRow>(
        `SELECT * FROM messages WHERE audience = 'practitioner' AND practitioner_id = $1
           AND ($2::boolean IS NULL OR (read_at IS NULL) = $2)
         ORDER BY created_at DESC, id LIMIT $3`,
        [practitionerId, query.unread ?? null, query.limit],
      );
      return rows.map(toInboxEntry);
    },

    async markRead(id, userId) {
      const { rows } = await pool.query<MessageRow>(
        `UPDATE messages SET read_at = coalesce(read_at, clock_timestamp())
         WHERE id = $1 AND audience = 'practitioner' AND practitioner_id = $2 RETURNING *`,
        [id, userId],
      );
      if (rows[0]) return toInboxEntry(rows[0]);
      const exists = await pool.query("SELECT 1 FROM messages WHERE id = $1 AND audience = 'practitioner'", [id]);
      return exists.rowCount ? 'not-recipient' : 'not-found';
    },

    async forCase(caseId) {
      const { rows } = await pool.query<MessageRow>('SELECT * FROM messages WHERE case_id = $1 ORDER BY created_at, id', [caseId]);
      return rows.map(toMessage);
    },

    async outbox(query) {
      const { rows } = await pool.query<{
        id: string; reference: string; case_id: string; template_key: string; method: DeliveryMethod; recipient: string | null;
        personalisation: Record<string, string | string[]>; created_at: Date;
      }>(
        `SELECT * FROM message_outbox WHERE ($1::uuid IS NULL OR case_id = $1) ORDER BY created_at DESC, id LIMIT $2`,
        [query.caseId ?? null, query.limit],
      );
      return rows.map((r): OutboxEntry => ({
        id: r.id, reference: r.reference, caseId: r.case_id, templateKey: r.template_key, method: r.method, to: r.recipient,
        personalisation: r.personalisation, createdAt: r.created_at,
      }));
    },
  };
}

export type MessageRecords = ReturnType<typeof createMessageStore>;

/**
 * The person channel of a local run with no Notify API key: each message is written to message_outbox,
 * exactly as it would have gone to Notify, for GET /api/messages/outbox. Every base template is available
 * (as "local:<key>"); format and language variants only when NOTIFY_TEMPLATES names them, as with Notify.
 */
export function createOutboxChannel(pool: Pool, templates: Record<string, string> = {}): PersonChannel {
  return {
    name: 'outbox',
    templateId: (key) => templates[key] ?? (BASE_TEMPLATE_KEYS.includes(key) ? `local:${key}` : undefined),
    async findByReference(reference) {
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM message_outbox WHERE reference = $1', [reference]);
      return rows[0] && { providerReference: rows[0].id };
    },
    async send(request) {
      await pool.query(
        `INSERT INTO message_outbox (id, reference, case_id, template_key, method, recipient, personalisation)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (reference) DO NOTHING`,
        [randomUUID(), request.reference, request.caseId, request.templateKey, request.method, request.to ?? null, request.personalisation],
      );
      const { rows } = await pool.query<{ id: string }>('SELECT id FROM message_outbox WHERE reference = $1', [request.reference]);
      return { accepted: true, providerReference: rows[0]?.id ?? request.reference };
    },
  };
}
