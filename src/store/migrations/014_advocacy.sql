-- Independent advocacy (V1–V5): the providers the council commissions, and each referral to them.
CREATE TABLE advocacy_providers (
  id text PRIMARY KEY,
  name text NOT NULL,
  email text NOT NULL,
  phone text NOT NULL,
  -- care-act, imca, imha: the kinds of advocate the provider supplies.
  kinds text[] NOT NULL,
  accepting boolean NOT NULL DEFAULT true
);
INSERT INTO advocacy_providers (id, name, email, phone, kinds) VALUES
  ('local-advocacy-hub', 'Local Advocacy Hub', 'referrals@advocacy-hub.example', '0300 123 5100', '{care-act,imca}'),
  ('mental-health-advocacy', 'Mental Health Advocacy Service', 'referrals@mh-advocacy.example', '0300 123 5200', '{care-act,imha}');

CREATE TABLE advocacy_referrals (
  id uuid PRIMARY KEY,
  case_id uuid NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
  -- What the advocate supports: the referral (assessment) or review it was made for.
  for_id text NOT NULL,
  process text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('care-act', 'imca', 'imha')),
  provider_id text REFERENCES advocacy_providers (id),
  status text NOT NULL CHECK (status IN ('requested', 'no-provider', 'advocate-named', 'declined')),
  advocate_name text,
  advocate_phone text,
  declined_reason text,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  UNIQUE (for_id, process)
);
