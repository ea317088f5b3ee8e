-- C10: the queue puts urgent work (a 999 call) above everything else; Zeebe 8.6 user tasks carry a priority 0–100 (default 50).
ALTER TABLE user_tasks ADD COLUMN priority integer NOT NULL DEFAULT 50;
CREATE INDEX user_tasks_queue ON user_tasks (state, priority DESC, due_date DESC);
