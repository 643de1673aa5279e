// Optional staff single sign-on through an OpenID Connect provider (openid-client): authorization code flow
// with PKCE, state and nonce kept in the session. The provider proves who someone is; what they may do
// stays ours: the login is linked to a local account (by subject once linked, first by the username the
// provider calls preferred_username), and that account's roles apply. No account, no entry.
import { Router } from 'express';
import * as client from 'openid-client';
import { ForbiddenError, UpstreamError, ValidationError } from '../../lib/errors/index.js';
import type { OidcSettings } from '../deps.js';
import { regenerate } from '../security/session.js';
import type { Accounts } from './accounts.js';

const callbackPath = '/staff/login/oidc/callback';

/** GET /staff/login/oidc (to the provider) and its callback. */
export function oidcRoutes({
  settings,
  accounts,
  publicUrl,
}: {
  settings: OidcSettings;
  accounts: Accounts;
  /** the callback is <publicUrl>/staff/login/oidc/callback, as registered at the provider */
  publicUrl: string;
}): Router {
  const router = Router();
  let discovered: Promise<client.Configuration> | undefined;
  const configuration = () => {
    discovered ??= client
      .discovery(new URL(settings.issuer), settings.clientId, settings.clientSecret, undefined, {
        // a provider on plain http is only ever a local one (development, the specs)
        ...(settings.issuer.startsWith('http://') ? { execute: [client.allowInsecureRequests] } : {}),
      })
      .catch((error: unknown) => {
        discovered = undefined;
        throw new UpstreamError('the single sign-on provider did not answer', { cause: String(error) });
      });
    return discovered;
  };
  // the address registered at the provider, whatever Host header a proxy passes on
  const redirectUri = `${publicUrl}${callbackPath}`;

  router.get('/staff/login/oidc', async (req, res) => {
    const config = await configuration();
    const codeVerifier = client.randomPKCECodeVerifier();
    const state = client.randomState();
    const nonce = client.randomNonce();
    req.session.oidc = { state, nonce, codeVerifier };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: redirectUri,
      scope: 'openid profile',
      code_challenge: await client.calculatePKCECodeChallenge(codeVerifier),
      code_challenge_method: 'S256',
      state,
      nonce,
    });
    res.redirect(303, url.href);
  });

  router.get(callbackPath, async (req, res) => {
    const pending = req.session.oidc;
    if (!pending) throw new ValidationError('no single sign-on login was started in this browser');
    delete req.session.oidc;
    const config = await configuration();
    const currentUrl = new URL(`${redirectUri}${req.originalUrl.slice(callbackPath.length)}`);
    let subject: string;
    let username: unknown;
    try {
      const tokens = await client.authorizationCodeGrant(config, currentUrl, {
        pkceCodeVerifier: pending.codeVerifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('no ID token');
      subject = claims.sub;
      // providers that keep profile claims out of the ID token give them at the userinfo endpoint
      username =
        claims.preferred_username ??
        (await client.fetchUserInfo(config, tokens.access_token, subject)).preferred_username;
    } catch (error) {
      throw new ForbiddenError('the single sign-on login was not accepted', { cause: String(error) });
    }
    const account =
      (await accounts.byOidcSubject(subject)) ??
      (typeof username === 'string' ? await accounts.linkOidcSubject(username, subject) : undefined);
    if (!account) throw new ForbiddenError('no staff account is linked to this login');
    const returnTo = req.session.returnTo;
    await regenerate(req);
    req.session.accountId = account.id;
    req.session.loggedInAt = Date.now();
    res.redirect(303, returnTo?.startsWith('/staff') ? returnTo : '/staff');
  });
  return router;
}
