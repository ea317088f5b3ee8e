// A real OpenID Connect provider for the staff app's sign-in tests (panva's oidc-provider, OpenID Certified), run as its
// own Node process because it ships only ES modules. Its development login page takes any account name with any
// password; the accounts below are who it knows (their name and groups come from its user-info endpoint).
// Reads IDP_CLIENT (JSON: client_id, client_secret, redirect_uris, post_logout_redirect_uris) and IDP_ACCOUNTS (JSON:
// account id → { name, groups }); prints "issuer <url>" once it listens on 127.0.0.1 on a free port.
import http from 'node:http';
import Provider from 'oidc-provider';

const client = JSON.parse(process.env.IDP_CLIENT ?? '{}');
const accounts = JSON.parse(process.env.IDP_ACCOUNTS ?? '{}');

const server = http.createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [{ ...client, grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_basic' }],
    claims: { openid: ['sub'], profile: ['name', 'groups'] },
    findAccount: (_ctx, id) => (accounts[id] ? { accountId: id, claims: () => ({ sub: id, ...accounts[id] }) } : undefined),
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['identity-provider-for-tests-only'] },
  });
  // The warnings about development-only settings are expected here.
  provider.on('server_error', (_ctx, err) => console.error('identity provider error', err.message));
  server.on('request', provider.callback());
  console.log(`issuer ${issuer}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
