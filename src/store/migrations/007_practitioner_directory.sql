-- The practitioner and team directory: who works where, who is away (from their calendars), and which people known to
-- the council are allocated to whom (T1, T2). A person's own details stay in the contact record: only the NHS number here.
CREATE TABLE directory_teams (
  id text PRIMARY KEY,
  name text NOT NULL,
  responsibilities text[] NOT NULL DEFAULT '{}',
  specialisms text[] NOT NULL DEFAULT '{}',
  phone text NOT NULL,
  email text
);
-- An advisor names a team in words: a name must pick out one team.
CREATE UNIQUE INDEX directory_teams_name ON directory_teams (lower(name));

CREATE TABLE directory_practitioners (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL,
  phone text NOT NULL,
  email text NOT NULL,
  team_id text NOT NULL REFERENCES directory_teams (id),
  skills text[] NOT NULL DEFAULT '{}'
);
CREATE INDEX directory_practitioners_team ON directory_practitioners (team_id);
CREATE INDEX directory_practitioners_name ON directory_practitioners (lower(name));

-- Time away, as the practitioner's calendar shows it; ends_at null means the return is not known.
CREATE TABLE practitioner_absences (
  id bigserial PRIMARY KEY,
  practitioner_id text NOT NULL REFERENCES directory_practitioners (id) ON DELETE CASCADE,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz,
  reason text,
  UNIQUE (practitioner_id, starts_at),
  CHECK (ends_at IS NULL OR ends_at > starts_at)
);

-- People known to the council and who is responsible for them; nothing else about the person.
CREATE TABLE person_allocations (
  nhs_number text PRIMARY KEY CHECK (nhs_number ~ '^[0-9]{10}$'),
  allocated_worker text REFERENCES directory_practitioners (id),
  assessment_team text REFERENCES directory_teams (id),
  review_team text REFERENCES directory_teams (id),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX person_allocations_worker ON person_allocations (allocated_worker);
