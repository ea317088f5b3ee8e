-- Referrals for assessment (F1–F7): the 14 items as the person and referrer gave them, and what the journey decided.
CREATE TABLE referrals (
  id uuid PRIMARY KEY,
  contact_id uuid NOT NULL UNIQUE REFERENCES contacts (id) ON DELETE CASCADE,
  items jsonb NOT NULL DEFAULT '{}',
  facts jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'gathering',
  team text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX referrals_status ON referrals (status, created_at);

