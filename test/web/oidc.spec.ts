// Staff single sign-on through OpenID Connect, against a real provider (oidc-provider on 127.0.0.1): the
// authorization code flow with PKCE ends in a staff session for the local account the login is linked to,
// with that account's roles; a provider account with no staff account behind it gets no session.
import { expect } from 'chai';
import type { Server } from 'node:http';
import Provider from 'oidc-provider';
import request from 'supertest';
import { freePort, startTestWeb, type TestWeb } from '../support/web.js';

describe('web: staff single sign-on (OIDC)', function () {
  this.timeout(60_000);
  let web: TestWeb;
  let provider: Server;
  let issuer: string;

  before(async function () {
    this.timeout(120_000);
    const [providerPort, webPort] = [await freePort(), await freePort()];
    issuer = `http://127.0.0.1:${providerPort}`;
    const oidc = new Provider(issuer, {
      clients: [
        {
          client_id: 'cpr-web',
          client_secret: 'a-secret-only-this-spec-knows',
          redirect_uris: [`http://127.0.0.1:${webPort}/staff/login/oidc/callback`],
          response_types: ['code'],
          grant_types: ['authorization_code'],
        },
      ],
      findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub, preferred_username: sub }) }),
      claims: { openid: ['sub'], profile: ['preferred_username'] },
      cookies: { keys: ['spec-cookie-key'] },
    });
    provider = oidc.listen(providerPort);
    web = await startTestWeb({
      port: webPort,
      oidc: { issuer, clientId: 'cpr-web', clientSecret: 'a-secret-only-this-spec-knows' },
    });
  });

  after(() => {
    provider.close();
  });

  /** Logs in at the provider as `login` and returns the web agent after the callback. */
  async function signOn(login: string) {
    const staff = request.agent(web.url);
    const idp = request.agent(issuer);
    let location = (await staff.get('/staff/login/oidc').expect(303)).headers.location ?? '';
    expect(location.startsWith(issuer), 'sent to the provider').to.equal(true);
    // the provider's own pages: login, then consent, each a form posted back to it
    for (let step = 0; step < 10 && location.startsWith(issuer); step++) {
      const response = await idp.get(location.slice(issuer.length));
      if (response.status === 200) {
        const action = /action="([^"]+)"/.exec(response.text)?.[1] ?? '';
        const prompt = /name="prompt" value="([^"]+)"/.exec(response.text)?.[1] ?? '';
        const answer = await idp
          .post(new URL(action, issuer).pathname)
          .type('form')
          .send({ prompt, login, password: 'x' });
        location = new URL(answer.headers.location ?? '', issuer).href;
      } else location = new URL(response.headers.location ?? '', issuer).href;
    }
    expect(location, 'back at the web').to.contain('/staff/login/oidc/callback');
    const callback = await staff.get(new URL(location).pathname + new URL(location).search);
    return { staff, callback };
  }

  it('logs a linked staff member in with their own roles, with a session id of its own', async () => {
    await web.running.web.accounts.create({
      username: 'sso-lead',
      displayName: 'Sso Lead',
      password: 'not-used-here-0123',
      roles: ['team-lead'],
    });
    const { staff, callback } = await signOn('sso-lead');
    expect(callback.status).to.equal(303);
    expect(callback.headers.location).to.equal('/staff');
    const home = await staff.get('/staff').expect(200);
    expect(home.text).to.contain('Sso Lead').and.contain('Team lead');
    // linked by subject now: a second login finds the account the same way
    expect((await signOn('sso-lead')).callback.status).to.equal(303);
  });

  it('gives no session to a provider account without a staff account', async () => {
    const { staff, callback } = await signOn('stranger');
    expect(callback.status).to.equal(403);
    await staff.get('/staff').expect(303).expect('location', '/staff/login');
  });

  it('offers single sign-on on the login page, and refuses a callback nobody started', async () => {
    expect((await request(web.url).get('/staff/login').expect(200)).text).to.contain('/staff/login/oidc');
    await request(web.url).get('/staff/login/oidc/callback?code=x&state=y').expect(400);
  });

  it('never links an admin account by the username the provider claims', async () => {
    await web.running.web.accounts.create({
      username: 'sso-admin',
      displayName: 'Sso Admin',
      password: 'not-used-here-0123',
      roles: ['admin'],
    });
    const { staff, callback } = await signOn('sso-admin');
    expect(callback.status).to.equal(403);
    await staff.get('/staff').expect(303).expect('location', '/staff/login');
  });
});
