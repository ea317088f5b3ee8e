-- A1: when each RAC meeting was due, whether it opened late, and the meeting times before it at which none sat.
ALTER TABLE rac_meetings ADD COLUMN due_at timestamptz;
ALTER TABLE rac_meetings ADD COLUMN late boolean NOT NULL DEFAULT false;
ALTER TABLE rac_meetings ADD COLUMN missed timestamptz[] NOT NULL DEFAULT '{}';
-- Meetings recorded before this was kept are taken to have opened on time.
UPDATE rac_meetings SET due_at = opened_at WHERE due_at IS NULL;
ALTER TABLE rac_meetings ALTER COLUMN due_at SET NOT NULL;
