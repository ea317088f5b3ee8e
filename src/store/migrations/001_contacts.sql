-- Contacts, the stages their journeys reach, and safeguarding concerns. Personal data lives here, not in the engine.
CREATE TABLE contacts (
  id uuid PRIMARY KEY,
  received_at timestamptz NOT NULL DEFAULT now(),
  channel text NOT NULL,
  made_by jsonb NOT NULL,
  person jsonb NOT NULL,
  presenting_issue text NOT NULL,
  flags jsonb NOT NULL,
  named_worker_or_team text,
  stage text NOT NULL DEFAULT 'received',
  process_instance_key text
);

CREATE TABLE contact_stages (
  contact_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  stage text NOT NULL,
  reached_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  detail jsonb NOT NULL DEFAULT '{}',
  PRIMARY KEY (contact_id, stage)
);

CREATE TABLE safeguarding_concerns (
  contact_id uuid PRIMARY KEY REFERENCES contacts (id) ON DELETE CASCADE,
  raised_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  imminent_danger boolean NOT NULL
);
