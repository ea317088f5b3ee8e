-- The users a task is offered to by name (e.g. the allocated worker who follows up advice, U1), beside its groups.
ALTER TABLE user_tasks ADD COLUMN candidate_users text[] NOT NULL DEFAULT '{}';
