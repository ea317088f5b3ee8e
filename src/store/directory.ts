// The signposting directory in PostgreSQL: seeded from the organisations the procedures name, searchable by text, topic and area.
import fs from 'node:fs';
import path from 'node:path';
import type { Pool } from 'pg';
import { z } from 'zod';
import { directoryServiceSchema, type DirectoryQuery, type DirectoryService } from '../domain/directory';
import { PROJECT_ROOT } from '../engine/distribution';

const SEED = path.join(PROJECT_ROOT, 'src', 'store', 'seed', 'signposting-directory.json');

/** Inserts or refreshes the seeded services; entries added through other means are left alone. */
export async function seedDirectory(pool: Pool): Promise<number> {
  const services = z.array(directoryServiceSchema).parse(JSON.parse(fs.readFileSync(SEED, 'utf8')));
  for (const s of services) {
    await pool.query(
      `INSERT INTO directory_services (id, name, organization_name, description, phones, email, url, eligibility, service_areas, taxonomies, source)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
       ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, organization_name = EXCLUDED.organization_name, description = EXCLUDED.description,
         phones = EXCLUDED.phones, email = EXCLUDED.email, url = EXCLUDED.url, eligibility = EXCLUDED.eligibility,
         service_areas = EXCLUDED.service_areas, taxonomies = EXCLUDED.taxonomies, source = EXCLUDED.source`,
      [s.id, s.name, s.organization.name, s.description, s.phones, s.email, s.url, s.eligibility, s.service_areas, s.taxonomies, s.source],
    );
  }
  return services.length;
}

interface Row {
  id: string; name: string; organization_name: string; description: string; phones: string[]; email: string | null; url: string | null;
  eligibility: string; service_areas: string[]; taxonomies: string[]; source: string;
}

const toService = (r: Row): DirectoryService => ({
  id: r.id, name: r.name, organization: { name: r.organization_name }, description: r.description, phones: r.phones, email: r.email,
  url: r.url, eligibility: r.eligibility, service_areas: r.service_areas, taxonomies: r.taxonomies, source: r.source,
});

export function createDirectory(pool: Pool) {
  return {
    async search(q: DirectoryQuery): Promise<DirectoryService[]> {
      const { rows } = await pool.query<Row>(
        `SELECT * FROM directory_services
         WHERE ($1::text IS NULL OR name ILIKE $1 OR organization_name ILIKE $1 OR description ILIKE $1 OR eligibility ILIKE $1
                OR EXISTS (SELECT 1 FROM unnest(taxonomies) t WHERE t ILIKE $1))
           AND ($2::text IS NULL OR $2 = ANY(taxonomies))
           AND ($3::text IS NULL OR EXISTS (SELECT 1 FROM unnest(service_areas) a WHERE lower(a) = lower($3)))
         ORDER BY 'National' = ANY(service_areas), name`,
        [q.q ? `%${q.q.replace(/[%_\\]/g, (c) => `\\${c}`)}%` : null, q.topic ?? null, q.area ?? null],
      );
      return rows.map(toService);
    },
    async find(id: string): Promise<DirectoryService | undefined> {
      const { rows } = await pool.query<Row>('SELECT * FROM directory_services WHERE id = $1', [id]);
      return rows[0] && toService(rows[0]);
    },
  };
}

export type Directory = ReturnType<typeof createDirectory>;
