-- A message being sent holds a lease on its row instead of a database connection for the length of the provider's
-- call: another attempt at the same key waits for the lease, and a lease left by a crash lapses.
ALTER TABLE messages ADD COLUMN sending_until timestamptz;
