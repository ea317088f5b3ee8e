-- Tasks, timelines, incidents and timers are read from the engine's own runtime and history (Operaton), not from a
-- copy projected from Zeebe's exported records: the copy's tables go. task_completions stays: it is the case record.
DROP TABLE IF EXISTS projected_records, process_elements, process_instances, timeline, user_tasks, incidents, timers;
