-- Every read of a person's record, so access can be audited (UK GDPR, Caldicott: G1).
CREATE TABLE record_access (
  id bigserial PRIMARY KEY,
  contact_id uuid NOT NULL,
  user_id text NOT NULL,
  purpose text NOT NULL,
  at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX record_access_contact ON record_access (contact_id, at);
