-- The staff app's sessions (src/web/middleware/session.ts), in connect-pg-simple's own table shape: who is signed in
-- (their sign-in id, name and groups), the form token that protects their forms, and a one-off message. Nothing about
-- the people the service helps. Expired rows are removed by the store every 15 minutes.
CREATE TABLE web_sessions (
  sid varchar NOT NULL PRIMARY KEY,
  sess json NOT NULL,
  expire timestamp(6) NOT NULL
);
CREATE INDEX web_sessions_expire ON web_sessions (expire);
