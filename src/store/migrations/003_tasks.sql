-- Forms linked to user tasks, and what practitioners entered when they completed a task (kept here, not in the engine).
ALTER TABLE process_elements ADD COLUMN form_id text;

CREATE TABLE task_completions (
  task_key text PRIMARY KEY,
  form_id text NOT NULL,
  completed_by text NOT NULL,
  completed_at timestamptz NOT NULL DEFAULT now(),
  data jsonb NOT NULL
);
