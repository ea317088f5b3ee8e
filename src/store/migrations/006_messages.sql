-- Messages to people and practitioners, one row per idempotency key, recorded against the case before anything is sent;
-- and the local outbox that stands in for GOV.UK Notify when no API key is configured.
CREATE TABLE messages (
  id uuid PRIMARY KEY,
  idempotency_key text NOT NULL UNIQUE,
  case_id uuid NOT NULL,
  audience text NOT NULL CHECK (audience IN ('person', 'practitioner')),
  channel text NOT NULL CHECK (channel IN ('notify', 'outbox', 'smtp')),
  status text NOT NULL CHECK (status IN ('pending', 'sent', 'not-sent', 'failed', 'needs-alternative-format')),
  status_reason text,
  -- Person messages: what was asked for (C5 signature, C9 format and language) and the template chosen.
  template text,
  method text CHECK (method IN ('email', 'text', 'letter')),
  template_key text,
  template_id text,
  recipient jsonb NOT NULL,
  personalisation jsonb,
  signed_by jsonb,
  accessibility jsonb,
  -- Practitioner messages: the in-app inbox entry.
  practitioner_id text,
  subject text,
  body text,
  read_at timestamptz,
  destination text NOT NULL,
  provider_reference text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  sent_at timestamptz
);
CREATE INDEX messages_case ON messages (case_id, created_at);
CREATE INDEX messages_inbox ON messages (practitioner_id, created_at DESC) WHERE audience = 'practitioner';

CREATE TABLE message_outbox (
  id uuid PRIMARY KEY,
  reference text NOT NULL UNIQUE,
  case_id uuid NOT NULL,
  template_key text NOT NULL,
  method text NOT NULL,
  recipient text,
  personalisation jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX message_outbox_created ON message_outbox (created_at DESC);
