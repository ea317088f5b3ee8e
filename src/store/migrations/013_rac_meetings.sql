-- The weekly RAC meeting (A1–A7): each sitting, what it decided for each referral, and where a referral stands after it.
CREATE TABLE rac_meetings (
  id text PRIMARY KEY,              -- the meeting process instance's key
  opened_at timestamptz NOT NULL,   -- engine time: the meeting's own time
  waiting_at_opening integer NOT NULL,
  closed_at timestamptz             -- when the panel finished; no decisions after it
);

-- One decision per referral per meeting: only the meeting allocates (A1).
CREATE TABLE rac_decisions (
  meeting_id text NOT NULL REFERENCES rac_meetings (id),
  referral_id uuid NOT NULL REFERENCES referrals (id) ON DELETE CASCADE,
  decision text NOT NULL CHECK (decision IN ('allocate', 'defer', 'close')),
  team text,
  worker text,
  reason text,
  note text,
  followed_suggestion boolean,
  decided_by text NOT NULL,
  decided_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (meeting_id, referral_id)
);
CREATE INDEX rac_decisions_referral ON rac_decisions (referral_id, decided_at);

ALTER TABLE referrals ADD COLUMN allocated_worker text;
ALTER TABLE referrals ADD COLUMN allocated_at timestamptz;
ALTER TABLE referrals ADD COLUMN closed_reason text;
-- A3: when someone last checked on the person while they wait.
ALTER TABLE referrals ADD COLUMN rechecked_at timestamptz;
-- A5: a worker's current caseload is their open allocations.
CREATE INDEX referrals_allocated_worker ON referrals (allocated_worker) WHERE status = 'allocated';
