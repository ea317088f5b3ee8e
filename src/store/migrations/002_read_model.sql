-- The read model, projected from the records the broker exports: what operations staff and practitioners query.
CREATE TABLE projected_records (
  partition_id integer NOT NULL,
  position bigint NOT NULL,
  projected_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (partition_id, position)
);

CREATE TABLE process_elements (
  process_definition_key text NOT NULL,
  element_id text NOT NULL,
  element_type text NOT NULL,
  name text,
  PRIMARY KEY (process_definition_key, element_id)
);

CREATE TABLE process_instances (
  key text PRIMARY KEY,
  root_key text NOT NULL,
  parent_key text,
  bpmn_process_id text NOT NULL,
  process_definition_key text NOT NULL,
  state text NOT NULL,
  started_at timestamptz NOT NULL,
  ended_at timestamptz
);
CREATE INDEX process_instances_root ON process_instances (root_key);

CREATE TABLE timeline (
  partition_id integer NOT NULL,
  position bigint NOT NULL,
  process_instance_key text NOT NULL,
  process_definition_key text NOT NULL,
  element_instance_key text NOT NULL,
  element_id text NOT NULL,
  element_type text NOT NULL,
  event text NOT NULL,
  at timestamptz NOT NULL,
  PRIMARY KEY (partition_id, position)
);
CREATE INDEX timeline_instance ON timeline (process_instance_key, at);

CREATE TABLE user_tasks (
  key text PRIMARY KEY,
  process_instance_key text NOT NULL,
  process_definition_key text NOT NULL,
  bpmn_process_id text NOT NULL,
  element_id text NOT NULL,
  element_instance_key text NOT NULL,
  state text NOT NULL,
  assignee text,
  candidate_groups text[] NOT NULL DEFAULT '{}',
  form_key text,
  due_date timestamptz,
  created_at timestamptz NOT NULL,
  ended_at timestamptz,
  last_position bigint NOT NULL
);
CREATE INDEX user_tasks_open ON user_tasks (state, due_date);
CREATE INDEX user_tasks_groups ON user_tasks USING gin (candidate_groups);

CREATE TABLE incidents (
  key text PRIMARY KEY,
  process_instance_key text NOT NULL,
  bpmn_process_id text NOT NULL,
  element_id text NOT NULL,
  job_key text,
  error_type text NOT NULL,
  error_message text NOT NULL,
  state text NOT NULL,
  created_at timestamptz NOT NULL,
  resolved_at timestamptz
);

CREATE TABLE timers (
  key text PRIMARY KEY,
  process_instance_key text NOT NULL,
  process_definition_key text NOT NULL,
  element_id text NOT NULL,
  due_at timestamptz NOT NULL,
  state text NOT NULL,
  ended_at timestamptz
);
CREATE INDEX timers_due ON timers (state, due_at);
