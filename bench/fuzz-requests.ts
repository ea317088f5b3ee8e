// Requests made from the API's own OpenAPI description (src/api/openapi.ts): mostly well formed, often a little wrong,
// sometimes hostile (control characters, %-escapes, numbers past 64 bits, wrong types, bodies that are not JSON), sent
// as every group. fast-check makes them from a seed, so a run can be repeated exactly.
import fc from 'fast-check';
import { ACCESS_POLICY, GROUPS, type Route } from '../src/api/access-policy';
import type { openApiDocument } from '../src/api/openapi';

type Schema = {
  type?: string; enum?: unknown[]; format?: string; pattern?: string; minLength?: number; maxLength?: number; minimum?: number; maximum?: number;
  items?: Schema; properties?: Record<string, Schema>; required?: string[]; oneOf?: Schema[]; anyOf?: Schema[]; allOf?: Schema[]; nullable?: boolean;
};
type Document = ReturnType<typeof openApiDocument>;

/** One request to send: method, path with its parameters filled in, query, body (JSON or raw text), and the caller's groups. */
export interface FuzzRequest {
  route: Route;
  method: string;
  path: string;
  query: Record<string, string>;
  body?: { json: unknown } | { raw: string; contentType: string };
  groups: string[];
}

const hostileText = fc.constantFrom(
  '', ' ', '%ZZ', '%00', '\u0000', 'a\u0000b', '\u001b[31mred', '\u202Eevil', 'zero\u200Bwidth', '../../etc/passwd', '<script>alert(1)</script>',
  "'; DROP TABLE contacts; --", '1e309', '-0', '99999999999999999999999', 'P100000000W', 'null', 'true', '{}', '[]', 'x'.repeat(5000), '😀', 'Ω',
);
const hostileValue = fc.oneof(
  hostileText, fc.constant(null), fc.constant(true), fc.integer(), fc.double(), fc.constant(Number.MAX_SAFE_INTEGER * 1000),
  fc.array(fc.string(), { maxLength: 3 }), fc.dictionary(fc.string({ maxLength: 8 }), fc.string({ maxLength: 8 }), { maxKeys: 3 }),
);

/** A value the schema describes; `depth` keeps nested objects finite. */
function valid(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  if (s.enum) return fc.constantFrom(...s.enum);
  if (s.allOf?.[0]) return valid(s.allOf[0], depth);
  const choices = s.oneOf ?? s.anyOf;
  if (choices) return fc.oneof(...choices.map((c) => valid(c, depth)));
  switch (s.type) {
    case 'string':
      if (s.format === 'uuid') return fc.uuid();
      if (s.pattern) {
        try {
          return fc.stringMatching(new RegExp(s.pattern)).map((x) => x.slice(0, s.maxLength ?? 200));
        } catch {
          return fc.string();
        }
      }
      return fc.string({ minLength: s.minLength ?? 0, maxLength: Math.min(s.maxLength ?? 40, 60) });
    case 'integer':
      return fc.integer({ min: s.minimum ?? -1000, max: s.maximum ?? 1000 });
    case 'number':
      return fc.double({ min: s.minimum ?? -1000, max: s.maximum ?? 1000, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return depth > 3 ? fc.constant([]) : fc.array(s.items ? anyOf(s.items, depth + 1) : hostileValue, { maxLength: 3 });
    case 'object': {
      if (depth > 3 || !s.properties) return fc.constant({});
      const keys = Object.keys(s.properties);
      return fc.record(Object.fromEntries(keys.map((k) => [k, anyOf(s.properties![k]!, depth + 1)])), { requiredKeys: s.required?.filter((k) => keys.includes(k)) ?? [] });
    }
    default:
      return hostileValue;
  }
}

/** Mostly what the schema describes, one time in six something it does not. */
function anyOf(s: Schema, depth = 0): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 5, arbitrary: valid(s, depth) }, { weight: 1, arbitrary: hostileValue });
}

const asText = (v: unknown) => (typeof v === 'string' ? v : JSON.stringify(v) ?? '');

type Parameter = { name: string; in: string; required?: boolean; schema?: Schema };
type Operation = { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: Schema }> } };

/** The requests of one route: its parameters and body from the description, and a caller of any group or none. */
function routeRequests(doc: Document, route: Route): fc.Arbitrary<FuzzRequest> {
  const [method, path] = route.split(' ') as [string, string];
  const op = (doc.paths[path.replace(/:(\w+)/g, '{$1}')] as Record<string, Operation>)[method.toLowerCase()]!;
  const params = op.parameters ?? [];
  const inPath = params.filter((p) => p.in === 'path');
  const inQuery = params.filter((p) => p.in === 'query');
  const bodySchema = op.requestBody?.content['application/json']?.schema;
  const allowed = ACCESS_POLICY[route].groups as readonly string[];
  const groups = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...allowed).map((g) => [g]) },
    { weight: 1, arbitrary: fc.subarray(Object.keys(GROUPS), { maxLength: 2 }) },
  );
  const pathValues = fc.tuple(...inPath.map((p) => anyOf(p.schema ?? {}).map(asText)));
  const query = fc.record(Object.fromEntries(inQuery.map((p) => [p.name, anyOf(p.schema ?? {}).map(asText)])), { requiredKeys: [] });
  const extraQuery = fc.option(fc.tuple(fc.constantFrom('page', 'x', 'purpose', '__proto__'), hostileText), { freq: 5 });
  const raw = fc.constantFrom(
    { raw: '{"unclosed": ', contentType: 'application/json' }, { raw: 'not json', contentType: 'application/json' },
    { raw: '{}', contentType: 'application/json; charset=latin1' }, { raw: 'a=1', contentType: 'application/x-www-form-urlencoded' },
    { raw: '[1,2,3]', contentType: 'application/json' }, { raw: '"just a string"', contentType: 'application/json' },
  );
  const body = bodySchema
    ? fc.oneof({ weight: 6, arbitrary: anyOf(bodySchema).map((json) => ({ json })) }, { weight: 1, arbitrary: raw })
    : fc.option(raw, { freq: 8 }).map((b) => b ?? undefined);
  return fc.record({ pathValues, query, extraQuery, body, groups }).map(({ pathValues: values, query: q, extraQuery: extra, body: b, groups: g }) => {
    let i = 0;
    const filled = path.replace(/:(\w+)/g, () => encodeURIComponent(values[i++] ?? '') || 'x')
      // A hostile %-escape is sent as it is, not escaped again.
      .replace(/%25ZZ/g, '%ZZ');
    return {
      route, method, path: filled, groups: g,
      query: { ...(q as Record<string, string>), ...(extra ? { [extra[0]]: extra[1] } : {}) },
      ...(b ? { body: b } : {}),
    };
  });
}

/** `count` requests spread over every route of the description, the same ones for the same seed. */
export function fuzzRequests(doc: Document, count: number, seed: number): FuzzRequest[] {
  const routes = Object.keys(ACCESS_POLICY) as Route[];
  const arbitrary = fc.oneof(...routes.map((r) => routeRequests(doc, r)));
  return fc.sample(arbitrary, { numRuns: count, seed });
}

/** What a run found: answers by status, any 5xx, and refused requests that changed what the case store holds. */
export interface FuzzReport {
  sent: number;
  byStatus: Record<string, number>;
  serverErrors: { request: FuzzRequest; status: number; body: string }[];
  refusedButChanged: { request: FuzzRequest; status: number }[];
  routesCovered: number;
}

/**
 * Sends each request and reports. A request that changes state (not GET) and is refused (4xx) must leave the case store
 * as it was: its fingerprint is compared before and after. The access log is left out of the fingerprint, since a
 * refused read may still be logged as an attempt.
 */
export async function runFuzz(
  requests: FuzzRequest[],
  send: (r: FuzzRequest) => Promise<{ status: number; body: string }>,
  fingerprint: () => Promise<string>,
): Promise<FuzzReport> {
  const report: FuzzReport = { sent: 0, byStatus: {}, serverErrors: [], refusedButChanged: [], routesCovered: new Set(requests.map((r) => r.route)).size };
  for (const request of requests) {
    const writes = request.method !== 'GET';
    const before = writes ? await fingerprint() : '';
    const { status, body } = await send(request);
    report.sent++;
    const bucket = `${Math.floor(status / 100)}xx ${status}`;
    report.byStatus[bucket] = (report.byStatus[bucket] ?? 0) + 1;
    if (status >= 500) report.serverErrors.push({ request, status, body: body.slice(0, 300) });
    if (writes && status >= 400 && status < 500 && (await fingerprint()) !== before) report.refusedButChanged.push({ request, status });
  }
  return report;
}

/** The case store's tables (all but the access log), hashed: equal fingerprints mean nothing was stored or changed. */
export const FINGERPRINT_SQL = `
  SELECT md5(string_agg(t.name || ':' || t.digest, ',' ORDER BY t.name)) AS fingerprint FROM (
    SELECT c.relname AS name,
           (xpath('/row/d/text()', query_to_xml(format('SELECT md5(coalesce(string_agg(x::text, '''' ORDER BY x::text), '''')) AS d FROM %I.%I x', n.nspname, c.relname), false, true, '')))[1]::text AS digest
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE n.nspname = 'public' AND c.relkind = 'r' AND c.relname NOT IN ('record_access', 'schema_migrations')
  ) t`;
