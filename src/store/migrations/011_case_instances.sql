-- Journeys that are not the contact's own (a referral's) still belong to its case: tasks and views find them here.
CREATE TABLE case_instances (
  process_instance_key text PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE
);
