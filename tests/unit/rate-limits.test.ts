// The sign-in rate limit, ready for a sign-in route: per client address, 429 problem+json with Retry-After.
import express from 'express';
import request from 'supertest';
import { signInRateLimit } from '../../src/api/middleware/rate-limits';
import { problemHandler } from '../../src/api/problem';
import { testLogger } from '../support/harness';

test('when one address tries to sign in more often than the configured limit, then 429 problem+json with Retry-After', async () => {
  const app = express();
  app.post('/sign-in', signInRateLimit({ limit: 3, windowSeconds: 900 }), (_req, res) => {
    res.status(401).end();
  });
  app.use(problemHandler(testLogger().log));
  for (let i = 0; i < 3; i++) await request(app).post('/sign-in').expect(401);
  const res = await request(app).post('/sign-in').expect(429).expect('content-type', /application\/problem\+json/);
  expect(res.body).toMatchObject({ status: 429, title: 'Too many requests', detail: expect.stringMatching(/Too many sign-in attempts in a short time\. Try again in \d+ seconds/) });
  expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(900);
});
