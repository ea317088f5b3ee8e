-- G1: the access log says what was read (the whole record, a task's summary, a referral …) as well as why, and can
-- name a person by NHS number when no contact is read (their allocation). It is append-only: rows are never changed,
-- and removed only by the retention clean-up, which says so for its transaction.
ALTER TABLE record_access RENAME COLUMN purpose TO why;
ALTER TABLE record_access ADD COLUMN what text NOT NULL DEFAULT 'the record';
ALTER TABLE record_access ALTER COLUMN what DROP DEFAULT;
ALTER TABLE record_access ALTER COLUMN contact_id DROP NOT NULL;
ALTER TABLE record_access ADD COLUMN nhs_number text;
ALTER TABLE record_access ADD CONSTRAINT record_access_names_someone CHECK (contact_id IS NOT NULL OR nhs_number IS NOT NULL);
CREATE INDEX record_access_nhs_number ON record_access (nhs_number, at) WHERE nhs_number IS NOT NULL;

CREATE FUNCTION record_access_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('care_front_door.retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'the access log is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER record_access_append_only BEFORE UPDATE OR DELETE ON record_access FOR EACH ROW EXECUTE FUNCTION record_access_append_only();
