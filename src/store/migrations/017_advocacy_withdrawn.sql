-- An advocacy referral is withdrawn when what it supported will not happen (the RAC meeting closed the referral).
ALTER TABLE advocacy_referrals DROP CONSTRAINT advocacy_referrals_status_check;
ALTER TABLE advocacy_referrals ADD CONSTRAINT advocacy_referrals_status_check CHECK (status IN ('requested', 'no-provider', 'advocate-named', 'declined', 'withdrawn'));
