-- Reassessments (U4) are referrals too, made from a review: a contact may have its first referral and later ones.
ALTER TABLE referrals ADD COLUMN kind text NOT NULL DEFAULT 'assessment' CHECK (kind IN ('assessment', 'reassessment'));
-- What the referral came from: 'contact' for the first contact's, or the review that asked for a reassessment.
ALTER TABLE referrals ADD COLUMN origin text NOT NULL DEFAULT 'contact';
ALTER TABLE referrals DROP CONSTRAINT referrals_contact_id_key;
CREATE UNIQUE INDEX referrals_origin ON referrals (contact_id, origin);
