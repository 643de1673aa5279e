// The web's foundation: security headers, CSRF on every form, staff login with session rotation, role
// checks, the error pages and the language switch.
import { expect } from 'chai';
import { loggablePath } from '../../web/errors.js';
import { csrfOf, startTestWeb, type TestWeb } from '../support/web.js';

describe('web: foundation', function () {
  this.timeout(60_000);
  let web: TestWeb;

  before(async function () {
    this.timeout(120_000);
    web = await startTestWeb();
  });

  it('serves pages with a strict Content-Security-Policy and no framing by others', async () => {
    const response = await web.agent().get('/').expect(200);
    const csp = String(response.headers['content-security-policy']);
    expect(csp).to.contain("script-src 'self'").and.contain("default-src 'self'").and.not.contain('unsafe-eval');
    expect(csp).to.contain("frame-ancestors 'self'");
    expect(response.headers['x-content-type-options']).to.equal('nosniff');
    expect(response.headers).to.not.have.property('x-powered-by');
  });

  it('refuses a form post without the CSRF token, and accepts it with the token', async () => {
    const { username, password } = await web.staff(['back-office']);
    const agent = web.agent();
    await agent
      .post('/staff/login')
      .set('accept', 'application/json')
      .type('form')
      .send({ username, password })
      .expect(403);
    // a browser is sent back to the form (as after an expired session), and is not logged in
    await agent
      .post('/staff/login')
      .type('form')
      .send({ username, password })
      .expect(303)
      .expect('location', '/staff/login');
    await agent.get('/staff').expect(303).expect('location', '/staff/login');
    const page = await agent.get('/staff/login').expect(200);
    await agent
      .post('/staff/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username: 'nobody', password: 'wrong' })
      .expect(401);
  });

  it('gives a new session id at login, and sends anonymous staff pages to the login', async () => {
    const { username, password } = await web.staff(['back-office']);
    const agent = web.agent();
    await agent.get('/staff').expect(303).expect('location', '/staff/login');
    const page = await agent.get('/staff/login').expect(200);
    const before = /cpr\.sid=([^;]+)/.exec(String(page.headers['set-cookie']))?.[1];
    const login = await agent
      .post('/staff/login')
      .type('form')
      .send({ _csrf: csrfOf(page.text), username, password })
      .expect(303);
    const after = /cpr\.sid=([^;]+)/.exec(String(login.headers['set-cookie']))?.[1];
    expect(before, 'a session before login').to.be.a('string');
    expect(after, 'a session after login').to.be.a('string').and.not.equal(before);
    expect((await agent.get('/staff').expect(200)).text).to.contain('Welcome');
  });

  it('answers an unknown page with 404 as a page for people and as problem+json for programs', async () => {
    expect((await web.agent().get('/no-such-page').expect(404)).text).to.contain('Page not found');
    const json = await web.agent().get('/no-such-page').set('accept', 'application/json').expect(404);
    expect(json.headers['content-type']).to.contain('application/problem+json');
  });

  it('speaks Danish when asked, and remembers it', async () => {
    const agent = web.agent();
    expect((await agent.get('/?lang=da').expect(200)).text).to.contain('Ansøg om CPR-nummer');
    expect((await agent.get('/').expect(200)).text).to.contain('lang="da"');
  });

  it('keeps the deployed forms and processes under the keys the engine gave them', async () => {
    const forms = await web.caseFile.deployedResources.latest('form');
    expect(forms.map((f) => f.id)).to.include.members([
      'back-office-review',
      'hearing-request',
      'front-office-attendance',
    ]);
    const review = forms.find((f) => f.id === 'back-office-review');
    const form = await web.caseFile.deployedResources.formByKey(review?.key ?? '');
    expect(form?.schema).to.have.property('id', 'back-office-review');
    const [process] = await web.caseFile.deployedResources.list('process', 'cpr-application');
    expect(await web.caseFile.deployedResources.content(process?.key ?? '')).to.contain('Task_ReviewApplication');
  });

  it('stops logins after 10 failed attempts from one address, but never counts successful ones', async () => {
    const { username, password } = await web.staff(['front-office']);
    // more successful logins than the limit: each answers 303, none is refused
    for (let i = 0; i < 12; i++) await web.staffAgent(['back-office']);
    const agent = web.agent();
    const page = await agent.get('/staff/login').expect(200);
    const attempt = (pw: string) =>
      agent
        .post('/staff/login')
        .type('form')
        .send({ _csrf: csrfOf(page.text), username, password: pw });
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await attempt('wrong')).status);
    // other specs in this file may have failed once already, so the refusal comes at the 10th or 11th try
    expect(statuses.slice(0, 9)).to.deep.equal(Array(9).fill(401));
    expect(statuses.at(-1)).to.equal(429);
    await attempt(password).expect(429);
  });

  it('never lets a cache keep an apply step or a staff page', async () => {
    expect((await web.agent().get('/staff/login').expect(200)).headers['cache-control']).to.equal('no-store');
    expect((await web.agent().get('/apply').expect(200)).headers['cache-control']).to.equal('no-store');
  });

  it('sends a form posted after the session ran out back to its page with a note, instead of "no access"', async () => {
    const agent = web.agent();
    const page = await agent.get('/staff/login').expect(200);
    const token = csrfOf(page.text);
    await web.knex('web_sessions').delete();
    const answer = await agent.post('/staff/login').type('form').send({ _csrf: token, username: 'x', password: 'y' });
    expect(answer.status).to.equal(303);
    expect(answer.headers.location).to.equal('/staff/login');
    expect((await agent.get('/staff/login').expect(200)).text).to.contain('Your session timed out');
  });

  it('keeps private-link tokens out of logged paths', () => {
    expect(loggablePath('/hearing/abcDEF_123-xyz')).to.equal('/hearing/:token');
    expect(loggablePath('/booking/abc/change')).to.equal('/booking/:token/change');
    expect(loggablePath('/staff/tasks/123')).to.equal('/staff/tasks/123');
  });
});
