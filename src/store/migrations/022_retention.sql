-- G1, UK GDPR Art. 5(1)(e): a closed case's personal data is removed once its time under the retention policy is up. The
-- rows statistics count stay, anonymised; when that was done, and what it removed, is recorded without personal data.
ALTER TABLE contacts ADD COLUMN anonymised_at timestamptz;
-- A case looked at and not yet due is not looked at again before this (the end of its time, or a week for one still running).
ALTER TABLE contacts ADD COLUMN retention_check_after timestamptz;
CREATE INDEX contacts_retention ON contacts (coalesce(retention_check_after, received_at)) WHERE anonymised_at IS NULL;

CREATE TABLE retention_log (
  case_id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('contact', 'case-record', 'safeguarding')),
  -- When the case's last journey ended (null: the engine no longer knew any), and when its time was up.
  closed_at timestamptz,
  due_at timestamptz NOT NULL,
  -- Engine time, when the nightly job did it, and the job's journey (process instance id).
  anonymised_at timestamptz NOT NULL,
  run text NOT NULL,
  -- Rows changed or deleted, by table: {"contacts": 1, "messages": 3, ...}.
  removed jsonb NOT NULL
);
CREATE INDEX retention_log_anonymised ON retention_log (anonymised_at);
