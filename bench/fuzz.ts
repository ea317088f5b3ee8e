// `npm run fuzz`: requests made from the API's OpenAPI description, sent to a running service on a fresh stack as every
// group; prints how it answered. Nothing may answer 5xx, and a refused write must leave the case store as it was.
// FUZZ_REQUESTS (default 10000) and FUZZ_SEED (default 2026) choose the run; the same seed sends the same requests.
import { Pool } from 'pg';
import { DEFAULT_DEV_SECRET, signDevToken } from '../src/api/auth';
import { FINGERPRINT_SQL, fuzzRequests, runFuzz, type FuzzRequest } from './fuzz-requests';
import { runBench, withStack } from './stack';

const COUNT = Number(process.env.FUZZ_REQUESTS ?? 10_000);
const SEED = Number(process.env.FUZZ_SEED ?? 2026);

async function main(): Promise<void> {
  await withStack('fuzz', async ({ apiUrl, databaseUrl }) => {
    const doc = (await (await fetch(`${apiUrl}/openapi.json`)).json()) as Parameters<typeof fuzzRequests>[0];
    const requests = fuzzRequests(doc, COUNT, SEED);
    const pool = new Pool({ connectionString: databaseUrl, max: 1 });
    // The stack drops its database when it stops; an idle connection ended then is not this run's failure.
    pool.on('error', () => undefined);
    const tokens = new Map<string, string>();
    const tokenFor = async (groups: string[]) => {
      const key = groups.join(',');
      if (!tokens.has(key)) tokens.set(key, await signDevToken(DEFAULT_DEV_SECRET, { id: 'fuzz.tester', groups }));
      return tokens.get(key)!;
    };
    const send = async (r: FuzzRequest) => {
      const url = new URL(`${apiUrl}${r.path}`);
      for (const [k, v] of Object.entries(r.query)) url.searchParams.set(k, v);
      const headers: Record<string, string> = { authorization: `Bearer ${await tokenFor(r.groups)}` };
      let body: string | undefined;
      // fetch sends no body with GET (HTTP allows one, with no meaning): those requests go without it.
      const withBody = r.method !== 'GET' ? r.body : undefined;
      if (withBody && 'json' in withBody) { headers['content-type'] = 'application/json'; body = JSON.stringify(withBody.json); }
      if (withBody && 'raw' in withBody) { headers['content-type'] = withBody.contentType; body = withBody.raw; }
      const res = await fetch(url, { method: r.method, headers, ...(body !== undefined ? { body } : {}) });
      return { status: res.status, body: await res.text() };
    };
    const started = Date.now();
    const report = await runFuzz(requests, send, async () => (await pool.query<{ fingerprint: string }>(FINGERPRINT_SQL)).rows[0]!.fingerprint);
    await pool.end();
    console.log(JSON.stringify({
      requests: report.sent, seed: SEED, routesCovered: report.routesCovered, seconds: Math.round((Date.now() - started) / 1000),
      byStatus: Object.fromEntries(Object.entries(report.byStatus).sort()),
      serverErrors: report.serverErrors.length, refusedButChanged: report.refusedButChanged.length,
      firstProblems: [...report.serverErrors.slice(0, 5), ...report.refusedButChanged.slice(0, 5)],
    }, null, 2));
    if (report.serverErrors.length || report.refusedButChanged.length) process.exitCode = 1;
  });
}

runBench(main);
