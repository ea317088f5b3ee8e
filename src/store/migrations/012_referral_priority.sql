-- A2, A3: where a waiting referral stands on the list, and when that was last judged.
ALTER TABLE referrals ADD COLUMN priority_band text;
ALTER TABLE referrals ADD COLUMN priority_score integer;
ALTER TABLE referrals ADD COLUMN prioritised_at timestamptz;
CREATE INDEX referrals_waiting ON referrals (priority_score DESC, created_at) WHERE status = 'waiting-for-allocation';
