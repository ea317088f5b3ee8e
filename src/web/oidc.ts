// Signing staff in with the council's identity provider: the OpenID Connect authorization-code flow with PKCE, state
// and nonce (openid-client, certified by the OpenID Foundation), and the provider's own sign-out.
import * as oidc from 'openid-client';
import { z } from 'zod';
import { GROUPS } from '../api/access-policy';
import { signInIdSchema } from '../domain/identity';
import type { SignedInUser } from './middleware/session';

/** The council's identity provider, as the staff app signs in with it (config: OIDC_ISSUER, OIDC_CLIENT_ID, …). */
export interface IdentityProvider {
  /** The issuer URL; its /.well-known/openid-configuration is read once, on the first sign-in. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** This service's callback, registered with the provider: <STAFF_APP_URL>/sign-in/callback. */
  redirectUri: string;
  /** Where the provider sends people after signing out: <STAFF_APP_URL>/signed-out. */
  postSignOutUri: string;
  /** Space-separated scopes asked for; "openid" always. */
  scope: string;
  /** The claim (in the ID token, or else from the user-info endpoint) listing the person's groups: JWT_GROUPS_CLAIM. */
  groupsClaim: string;
}

/** What the browser's session keeps between sending the person to the provider and their return: never sent to them. */
export interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** A sign-in the provider completed but this service cannot accept, in words for the person. */
export class SignInRefused extends Error {}

const loopback = (url: string) => ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname);

const profileSchema = z.object({
  sub: z.string(),
  name: z.string().max(200).optional(),
  given_name: z.string().max(100).optional(),
  family_name: z.string().max(100).optional(),
  preferred_username: z.string().max(200).optional(),
}).passthrough();

/**
 * One client per provider: `start()` makes the address to send a person to (with a fresh state, nonce and PKCE
 * verifier, to keep in their session), `finish()` checks the provider's answer at the callback and gives the signed-in
 * user, `signOutUrl()` where to send them to sign out of the provider too. The provider's metadata is fetched on first
 * use; a failure to reach it rejects, and is tried again next time. Plain http is allowed only for a provider on a
 * loopback address (a local test provider).
 */
export function identityProviderClient(idp: IdentityProvider) {
  let configuration: Promise<oidc.Configuration> | undefined;
  const config = () => {
    configuration ??= oidc.discovery(new URL(idp.issuer), idp.clientId, idp.clientSecret, undefined, loopback(idp.issuer) ? { execute: [oidc.allowInsecureRequests] } : undefined)
      .catch((err: unknown) => {
        configuration = undefined;
        throw err;
      });
    return configuration;
  };

  return {
    async start(): Promise<{ url: string; pending: PendingSignIn }> {
      const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), codeVerifier: oidc.randomPKCECodeVerifier() };
      const url = oidc.buildAuthorizationUrl(await config(), {
        redirect_uri: idp.redirectUri,
        scope: idp.scope,
        state: pending.state,
        nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.codeVerifier),
        code_challenge_method: 'S256',
      });
      return { url: url.href, pending };
    },

    /**
     * The person back from the provider at the callback (`query`: its query string): the code is exchanged (with the
     * PKCE verifier) and the ID token checked (signature, issuer, audience, nonce, expiry). Their groups are those of
     * GROUPS the provider lists. Throws SignInRefused when their id is not one the engine can record or they are in no
     * group of this service; openid-client's errors when the answer does not check out.
     */
    async finish(query: string, pending: PendingSignIn): Promise<{ user: SignedInUser; idToken: string | undefined }> {
      const c = await config();
      const callback = new URL(idp.redirectUri);
      callback.search = query;
      const tokens = await oidc.authorizationCodeGrant(c, callback, { pkceCodeVerifier: pending.codeVerifier, expectedState: pending.state, expectedNonce: pending.nonce, idTokenExpected: true });
      let claims: Record<string, unknown> = tokens.claims() ?? {};
      if (claims[idp.groupsClaim] === undefined || claims.name === undefined) {
        // Many providers put only the subject in the ID token; the rest is at the user-info endpoint.
        claims = { ...claims, ...(await oidc.fetchUserInfo(c, tokens.access_token, String(claims.sub))) };
      }
      const profile = profileSchema.parse(claims);
      const id = signInIdSchema.safeParse(profile.preferred_username ?? profile.sub);
      if (!id.success) throw new SignInRefused('Your account\'s name cannot be used by this service. Ask the service desk to check your account.');
      const listed = z.array(z.string()).catch([]).parse(claims[idp.groupsClaim]);
      const groups = listed.filter((g) => g in GROUPS);
      if (!groups.length) throw new SignInRefused('Your account is not in any of this service\'s groups. Ask your manager to add you to the group for your role.');
      const name = profile.name ?? ([profile.given_name, profile.family_name].filter(Boolean).join(' ') || id.data);
      return { user: { id: id.data, name, groups }, idToken: tokens.id_token };
    },

    /** The provider's sign-out address for this person, returning them to the signed-out page; undefined when it has none. */
    async signOutUrl(idToken: string | undefined): Promise<string | undefined> {
      const c = await config();
      if (!c.serverMetadata().end_session_endpoint) return undefined;
      return oidc.buildEndSessionUrl(c, { post_logout_redirect_uri: idp.postSignOutUri, ...(idToken ? { id_token_hint: idToken } : {}) }).href;
    },
  };
}

export type IdentityProviderClient = ReturnType<typeof identityProviderClient>;
