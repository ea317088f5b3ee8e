// The configuration's guards on identity (G1): where the development secret may be used, and what production mode needs.
import { authOptions, isLoopback, loadConfig, webOptions } from '../../src/config';
import { DEFAULT_SESSION_SECRET } from '../../src/web/app';
import { DEFAULT_DEV_SECRET, DEFAULT_MAX_TOKEN_LIFETIME_SECONDS } from '../../src/api/auth';

const STAFF_SIGN_IN = { OIDC_CLIENT_ID: 'care-front-door-staff', OIDC_CLIENT_SECRET: 'the-client-secret', STAFF_APP_URL: 'https://care.example.gov.uk/' };
const PRODUCTION = {
  NODE_ENV: 'production', HOST: '0.0.0.0', OIDC_ISSUER: 'https://login.example.gov.uk/realms/council', OIDC_AUDIENCE: 'care-front-door', TOKEN_MAX_LIFETIME_MINUTES: '60',
  SESSION_SECRET: 'a-random-session-secret-of-32-characters-or-more', ...STAFF_SIGN_IN,
};

test.each(['0.0.0.0', '::', '192.168.1.20', 'care-front-door.internal'])(
  'when the public development secret would be used on %s, then start-up is refused, naming HOST and what to set instead',
  (HOST) => {
    expect(() => loadConfig({ HOST })).toThrow(/Configuration is invalid: HOST: is .*, but the public development token secret is accepted on a loopback address only: set HOST=127\.0\.0\.1, or set OIDC_ISSUER and OIDC_AUDIENCE .*, or for a development stack JWT_DEV_SECRET/);
    expect(() => loadConfig({ HOST, JWT_DEV_SECRET: DEFAULT_DEV_SECRET })).toThrow(/HOST/);
  },
);

test('when the development secret is used on a loopback address, or a secret of the developer\'s own anywhere, or an issuer is set, then the service starts', () => {
  for (const HOST of ['127.0.0.1', '127.0.1.1', '::1', '[::1]', 'localhost', 'LOCALHOST']) {
    expect(isLoopback(HOST)).toBe(true);
    expect(authOptions(loadConfig({ HOST })).devSecret).toBe(DEFAULT_DEV_SECRET);
  }
  expect(authOptions(loadConfig({ HOST: '0.0.0.0', JWT_DEV_SECRET: 'a-developer-secret-of-32-characters-or-more' })).devSecret).toBe('a-developer-secret-of-32-characters-or-more');
  expect(authOptions(loadConfig({ HOST: '0.0.0.0', OIDC_ISSUER: 'https://login.example.gov.uk/realms/council' })).issuer).toBe('https://login.example.gov.uk/realms/council');
  expect(isLoopback('0.0.0.0')).toBe(false);
  expect(isLoopback('128.0.0.1')).toBe(false);
});

test('when NODE_ENV=production, then an issuer, an audience, a maximum token lifetime, a session secret and the staff app\'s sign-in client are each required, by name', () => {
  expect(() => loadConfig({ NODE_ENV: 'production', HOST: '127.0.0.1' })).toThrow(
    /OIDC_ISSUER: is required in production \(NODE_ENV=production\).*; OIDC_AUDIENCE: is required in production.*; TOKEN_MAX_LIFETIME_MINUTES: is required in production/,
  );
  for (const missing of ['OIDC_ISSUER', 'OIDC_AUDIENCE', 'TOKEN_MAX_LIFETIME_MINUTES', 'SESSION_SECRET', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'STAFF_APP_URL'] as const) {
    const env = Object.fromEntries(Object.entries(PRODUCTION).filter(([k]) => k !== missing));
    expect(() => loadConfig(env)).toThrow(new RegExp(`${missing}: is required in production`));
  }
  const auth = authOptions(loadConfig(PRODUCTION));
  expect(auth).toMatchObject({ issuer: PRODUCTION.OIDC_ISSUER, audience: 'care-front-door', maxTokenLifetimeSeconds: 3600 });
  expect(auth.devSecret).toBeUndefined();
  expect(() => loadConfig({ ...PRODUCTION, SESSION_SECRET: DEFAULT_SESSION_SECRET })).toThrow(/SESSION_SECRET: is required in production/);
});

test('when the service listens on a loopback address in development, then the staff app offers the development sign-in and plain cookies; anywhere else, or with an identity provider, or in production, neither', () => {
  expect(webOptions(loadConfig({}))).toMatchObject({ developmentSignIn: true, secureCookies: false, sessionSecret: DEFAULT_SESSION_SECRET });
  expect(webOptions(loadConfig({ HOST: '0.0.0.0', JWT_DEV_SECRET: 'a-developer-secret-of-32-characters-or-more' }))).toMatchObject({ developmentSignIn: false, secureCookies: true });
  expect(webOptions(loadConfig({ OIDC_ISSUER: 'https://login.example.gov.uk/realms/council' }))).toMatchObject({ developmentSignIn: false });
  expect(webOptions(loadConfig(PRODUCTION))).toMatchObject({ developmentSignIn: false, secureCookies: true });
});

test('when no maximum token lifetime is set outside production, then it is 12 hours; a set one is minutes from 1 to 1440', () => {
  expect(authOptions(loadConfig({})).maxTokenLifetimeSeconds).toBe(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS);
  expect(DEFAULT_MAX_TOKEN_LIFETIME_SECONDS).toBe(12 * 3600);
  expect(authOptions(loadConfig({ TOKEN_MAX_LIFETIME_MINUTES: '90' })).maxTokenLifetimeSeconds).toBe(5400);
  expect(() => loadConfig({ TOKEN_MAX_LIFETIME_MINUTES: '0' })).toThrow(/TOKEN_MAX_LIFETIME_MINUTES/);
  expect(() => loadConfig({ TOKEN_MAX_LIFETIME_MINUTES: '1441' })).toThrow(/TOKEN_MAX_LIFETIME_MINUTES/);
});

test('when the staff app\'s sign-in client is set, then it signs in with the identity provider at the service\'s own callback, and a part missing is named', () => {
  expect(webOptions(loadConfig({ OIDC_ISSUER: PRODUCTION.OIDC_ISSUER, ...STAFF_SIGN_IN })).identityProvider).toEqual({
    issuer: PRODUCTION.OIDC_ISSUER, clientId: 'care-front-door-staff', clientSecret: 'the-client-secret', scope: 'openid profile', groupsClaim: 'groups',
    redirectUri: 'https://care.example.gov.uk/sign-in/callback', postSignOutUri: 'https://care.example.gov.uk/signed-out',
  });
  expect(webOptions(loadConfig({})).identityProvider).toBeUndefined();
  expect(() => loadConfig({ OIDC_ISSUER: PRODUCTION.OIDC_ISSUER, OIDC_CLIENT_ID: 'care-front-door-staff' })).toThrow(/OIDC_CLIENT_SECRET: is required for the staff app's sign-in.*STAFF_APP_URL: is required/);
  expect(() => loadConfig({ OIDC_SCOPE: 'profile' })).toThrow(/OIDC_SCOPE: must include openid/);
});
