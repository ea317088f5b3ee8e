// The API's identity layer with real signed tokens: who is calling, what they may do, and problem+json when they may not.
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import request from 'supertest';
import { authenticate, authOptionsSchema, createAuthenticator, currentUser, DEFAULT_DEV_SECRET, signDevToken, type AuthOptions } from '../../src/api/auth';
import { devToken } from '../../src/api/dev-token';
import { problemHandler } from '../../src/api/problem';
import { testLogger } from '../support/harness';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const devOptions = authOptionsSchema.parse({ devSecret: SECRET });

/** /me answers with the signed-in user. Which groups may call which route is the access policy's (tests/api/information-governance.test.ts). */
function appWith(options: AuthOptions, log = testLogger().log): express.Express {
  const app = express();
  app.get('/me', authenticate(options), (_req, res) => {
    res.json(currentUser(res));
  });
  app.use(problemHandler(log));
  return app;
}

const hs256 = (claims: Record<string, unknown>) => new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setIssuedAt().setExpirationTime('5m');

test('when there is no Authorization header, or it is not a bearer token, then 401 problem+json with a Bearer challenge', async () => {
  const app = appWith(devOptions);
  const res = await request(app).get('/me').expect(401).expect('content-type', /application\/problem\+json/).expect('www-authenticate', 'Bearer');
  expect(res.body).toMatchObject({ type: 'about:blank', title: 'Sign-in required', status: 401 });
  expect(res.body.detail).toMatch(/Authorization header as "Bearer <token>"/);
  await request(app).get('/me').set('authorization', 'Basic YWxpY2U6cGFzc3dvcmQ=').expect(401).expect('www-authenticate', 'Bearer');
  await request(app).get('/me').set('authorization', 'Bearer').expect(401).expect('www-authenticate', 'Bearer');
});

test('when the token is signed with another secret, then 401 says the access token is not valid, with an invalid_token challenge', async () => {
  const token = await signDevToken('another-secret-of-at-least-32-characters', { id: 'mallory', groups: ['team-managers'] });
  const res = await request(appWith(devOptions)).get('/me').set('authorization', `Bearer ${token}`).expect(401).expect('content-type', /problem\+json/);
  expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  expect(res.body).toMatchObject({ title: 'The access token is not valid', status: 401 });
  expect(res.body.detail).toMatch(/not signed by a trusted key/);
});

test('when the token has expired, then 401 says so', async () => {
  const token = await signDevToken(SECRET, { id: 'alice', groups: [] }, '-1h');
  const res = await request(appWith(devOptions)).get('/me').set('authorization', `Bearer ${token}`).expect(401);
  expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
  expect(res.body.detail).toMatch(/has expired/);
});

test('when the token is not a signed token at all, then 401 says the access token is not valid', async () => {
  const res = await request(appWith(devOptions)).get('/me').set('authorization', 'Bearer not.a.token').expect(401);
  expect(res.body.title).toBe('The access token is not valid');
});

test('when the token is valid, then the handler sees the user id and groups', async () => {
  const token = await signDevToken(SECRET, { id: 'alice', groups: ['contact-advisors', 'team-managers'] });
  const res = await request(appWith(devOptions)).get('/me').set('authorization', `bearer ${token}`).expect(200);
  expect(res.body).toEqual({ id: 'alice', groups: ['contact-advisors', 'team-managers'] });
});

test('when groups come as one space- or comma-separated string, or not at all, then they are read as a list', async () => {
  const key = new TextEncoder().encode(SECRET);
  const verify = createAuthenticator(devOptions);
  expect(await verify(await hs256({ groups: 'contact-advisors team-managers' }).sign(key))).toEqual({ id: 'alice', groups: ['contact-advisors', 'team-managers'] });
  expect(await verify(await hs256({ groups: 'contact-advisors, team-managers' }).sign(key))).toEqual({ id: 'alice', groups: ['contact-advisors', 'team-managers'] });
  expect(await verify(await hs256({}).sign(key))).toEqual({ id: 'alice', groups: [] });
  const roles = createAuthenticator({ ...devOptions, groupsClaim: 'roles' });
  expect(await roles(await hs256({ roles: ['service-leads'], groups: ['ignored'] }).sign(key))).toEqual({ id: 'alice', groups: ['service-leads'] });
});

describe('G1 hardened edges: what a token must be', () => {
  const key = new TextEncoder().encode(SECRET);
  const now = () => Math.floor(Date.now() / 1000);
  const bearer = async (jwt: SignJWT) => `Bearer ${await jwt.sign(key)}`;

  test('when any token is refused, or none is sent, then the 401 never tells the caller how to mint a development token', async () => {
    const app = appWith(devOptions);
    const answers = [
      await request(app).get('/me').expect(401),
      await request(app).get('/me').set('authorization', 'Bearer not.a.token').expect(401),
      await request(app).get('/me').set('authorization', `Bearer ${await signDevToken(SECRET, { id: 'alice', groups: [] }, '-1h')}`).expect(401),
    ];
    for (const res of answers) {
      expect(res.body.detail).toMatch(/sign in and send your access token/);
      expect(res.body.detail).not.toMatch(/npm|token --|--sub|development|secret/i);
    }
  });

  test('when a token is good for longer than the limit (exp a century ahead), then 401 says so; within the limit it is accepted', async () => {
    const app = appWith(devOptions);
    const century = await request(app).get('/me').set('authorization', await bearer(hs256({}).setExpirationTime(now() + 100 * 365 * 86_400))).expect(401);
    expect(century.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(century.body.detail).toMatch(/good for longer than this service allows/);
    // 12 hours and a minute: just over the default limit.
    await request(app).get('/me').set('authorization', await bearer(hs256({}).setExpirationTime(now() + 12 * 3600 + 60))).expect(401);
    await request(app).get('/me').set('authorization', await bearer(hs256({}).setExpirationTime(now() + 12 * 3600 - 60))).expect(200);
    // A configured limit of one hour.
    const hour = appWith(authOptionsSchema.parse({ devSecret: SECRET, maxTokenLifetimeSeconds: 3600 }));
    await request(hour).get('/me').set('authorization', await bearer(hs256({}).setExpirationTime('2h'))).expect(401);
    await request(hour).get('/me').set('authorization', await bearer(hs256({}).setExpirationTime('30m'))).expect(200);
  });

  test('when a token says nothing of when it was issued, or was issued in the future, or longer ago than the limit, then 401', async () => {
    const app = appWith(devOptions);
    const noIat = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('alice').setExpirationTime('5m');
    const res = await request(app).get('/me').set('authorization', await bearer(noIat)).expect(401);
    expect(res.body.detail).toMatch(/does not say when it was issued, or says it was issued in the future/);
    const future = hs256({}).setIssuedAt(now() + 3600).setExpirationTime(now() + 7200);
    expect((await request(app).get('/me').set('authorization', await bearer(future)).expect(401)).body.detail).toMatch(/issued in the future/);
    // A few seconds ahead is a clock difference, not a forgery.
    await request(app).get('/me').set('authorization', await bearer(hs256({}).setIssuedAt(now() + 5).setExpirationTime(now() + 600))).expect(200);
    // Issued 13 hours ago and not yet expired: older than any token may be.
    const old = hs256({}).setIssuedAt(now() - 13 * 3600).setExpirationTime(now() + 60);
    await request(app).get('/me').set('authorization', await bearer(old)).expect(401);
  });

  test.each([
    ['a 4,000-character sub', 'a'.repeat(4000)],
    ['a sub of 65 characters', 'a'.repeat(65)],
    ['a sub with a space', 'ada advisor'],
    ['a sub with a newline', 'ada\nadvisor'],
    ['a sub with a right-to-left override', 'ada\u202Eadvisor'],
    ['a sub ending in a dot', 'ada.'],
    ['an empty sub', ''],
  ])('when a token names %s, then 401: it is not a sign-in id', async (_what, sub) => {
    const res = await request(appWith(devOptions)).get('/me').set('authorization', await bearer(hs256({}).setSubject(sub))).expect(401);
    expect(res.body.title).toBe('The access token is not valid');
  });

  test('when a token names a group not of the engine\'s shape, or too many groups, then 401; a sign-in id of the engine\'s shape is accepted', async () => {
    const app = appWith(devOptions);
    for (const groups of [['team-managers', 'x'.repeat(65)], ['team managers'], ['/council/team-managers'], [42], Array.from({ length: 101 }, (_, i) => `g${i}`)]) {
      const res = await request(app).get('/me').set('authorization', await bearer(hs256({ groups }))).expect(401);
      expect(res.body.detail).toMatch(/names a user or group in a form this service does not take/);
    }
    const ok = await request(app).get('/me').set('authorization', await bearer(hs256({ groups: ['contact-advisors', 'ASC_Team.Managers'] }).setSubject('Ada.Advisor-2'))).expect(200);
    expect(ok.body).toEqual({ id: 'Ada.Advisor-2', groups: ['contact-advisors', 'ASC_Team.Managers'] });
  });
});

test('when the development secret is shorter than 32 characters, or no mode is configured, then the options are refused', () => {
  const short = authOptionsSchema.safeParse({ devSecret: 'too-short' });
  expect(short.success).toBe(false);
  expect(short.error?.issues[0]).toMatchObject({ path: ['devSecret'], message: 'must be at least 32 characters' });
  expect(authOptionsSchema.safeParse({}).success).toBe(false);
  expect(() => createAuthenticator({ devSecret: 'too-short', groupsClaim: 'groups' })).toThrow(/at least 32 characters/);
  expect(DEFAULT_DEV_SECRET.length).toBeGreaterThanOrEqual(32);
});

test('when the dev-token tool is run, then it prints a token the service accepts, signed with the default secret unless JWT_DEV_SECRET is set', async () => {
  const token = await devToken(['--sub', 'alice', '--groups', 'contact-advisors, team-managers', '--expires', '1h'], {});
  expect(await createAuthenticator({ devSecret: DEFAULT_DEV_SECRET, groupsClaim: 'groups' })(token)).toEqual({ id: 'alice', groups: ['contact-advisors', 'team-managers'] });
  const own = await devToken(['--sub', 'bob'], { JWT_DEV_SECRET: SECRET });
  expect(await createAuthenticator(devOptions)(own)).toEqual({ id: 'bob', groups: [] });
  await expect(devToken(['--groups', 'team-managers'], {})).rejects.toThrow(/--sub is required/);
});

describe('when tokens come from an OpenID Connect issuer', () => {
  let server: http.Server;
  let issuer: string;
  let sign: (claims: { iss: string; aud?: string }) => Promise<string>;

  beforeAll(async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
    server = http.createServer((req, res) => {
      const body =
        req.url === '/.well-known/openid-configuration' ? { issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs` } : req.url === '/protocol/openid-connect/certs' ? { keys: [jwk] } : undefined;
      res.writeHead(body ? 200 : 404, { 'content-type': 'application/json' }).end(JSON.stringify(body ?? {}));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    sign = ({ iss, aud = 'care-front-door' }) =>
      new SignJWT({ groups: ['team-managers'] }).setProtectedHeader({ alg: 'RS256', kid: 'test-key' }).setIssuer(iss).setAudience(aud).setSubject('carol').setIssuedAt().setExpirationTime('5m').sign(privateKey);
  });
  afterAll(async () => {
    // Keep-alive connections from fetch and jose would otherwise hold the server open.
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  test('when the issuer signed the token for this audience, then it is accepted; another issuer or audience is refused', async () => {
    const app = appWith(authOptionsSchema.parse({ issuer, audience: 'care-front-door' }));
    const res = await request(app).get('/me').set('authorization', `Bearer ${await sign({ iss: issuer })}`).expect(200);
    expect(res.body).toEqual({ id: 'carol', groups: ['team-managers'] });

    const wrongIssuer = await request(app).get('/me').set('authorization', `Bearer ${await sign({ iss: 'https://login.example.org' })}`).expect(401);
    expect(wrongIssuer.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    expect(wrongIssuer.body.detail).toMatch(/not issued for this service/);
    await request(app).get('/me').set('authorization', `Bearer ${await sign({ iss: issuer, aud: 'another-service' })}`).expect(401);
  });

  test('when a token is signed with the development secret, then the issuer mode refuses it', async () => {
    const app = appWith(authOptionsSchema.parse({ issuer, devSecret: SECRET }));
    const token = await signDevToken(SECRET, { id: 'mallory', groups: ['team-managers'] });
    await request(app).get('/me').set('authorization', `Bearer ${token}`).expect(401);
  });

  test('when the issuer cannot be reached, then 503 problem+json, not a 401 that would send the user to sign in again', async () => {
    // A server that hangs up on every connection: a freed port could be handed to supertest's next server.
    const closed = net.createServer((socket) => socket.destroy());
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const gone = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    const { log, memory } = testLogger();
    const app = appWith(authOptionsSchema.parse({ issuer: gone }), log);
    const res = await request(app).get('/me').set('authorization', `Bearer ${await sign({ iss: gone })}`).expect(503).expect('content-type', /problem\+json/);
    expect(res.body.title).toBe('The sign-in service is unavailable');
    // Where the provider is and how it failed go to the log, not to the caller.
    expect(res.body.detail).toBe('The access token could not be checked with the sign-in service. Try again shortly.');
    expect(JSON.stringify(memory.entries)).toMatch(/openid-configuration could not be reached/);
    await new Promise((resolve) => closed.close(resolve));
  });
});
