-- The signposting directory, in the shape of Open Referral UK (organisation, service, contacts, eligibility, area, taxonomy).
CREATE TABLE directory_services (
  id text PRIMARY KEY,
  name text NOT NULL,
  organization_name text NOT NULL,
  description text NOT NULL,
  phones text[] NOT NULL DEFAULT '{}',
  email text,
  url text,
  eligibility text NOT NULL,
  service_areas text[] NOT NULL,
  taxonomies text[] NOT NULL,
  source text NOT NULL
);
CREATE INDEX directory_services_taxonomies ON directory_services USING gin (taxonomies);
