-- C4: a letter's arrival day and what it asks for; C5: who recorded the contact, so a reply can be signed by them.
ALTER TABLE contacts ADD COLUMN letter jsonb;
ALTER TABLE contacts ADD COLUMN recorded_by text;
-- A decision recorded by a task's completion belongs to its case, so the outcome can be sent from it (C9, C12).
ALTER TABLE task_completions ADD COLUMN case_id uuid;
CREATE INDEX task_completions_case ON task_completions (case_id, completed_at);
