// Who reaches what: every route of the app against every identity (anonymous, a citizen with a link of their
// own, each staff role, admin). The routes are read from Express's router stack at run time and held against
// the table below, so the spec fails when a route is added without declaring its access (or an entry outlives
// its route). Staff pages admit their roles only (403 for other roles, the login page for people without an
// account); private links admit whoever holds the token, show that case and no other, and give staff nothing
// more than the token gives; a made-up token or one of another kind is 404 for everybody.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import { expect } from 'chai';
import type { Response } from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { addDays, localDate } from '../../cases/clock.js';
import type { Tasks } from '../../cases/tasks.js';
import { ConflictError } from '../../lib/errors/index.js';
import { roles, type Role } from '../../web/auth/accounts.js';
import { files, newApplication } from '../cases/fixtures.js';
import { appRoutes } from '../support/routes.js';
import { csrfOf, startTestWeb, type TestWeb } from '../support/web.js';

/** The staff roles a page can name (admin passes every check). */
type StaffRole = Exclude<Role, 'admin'>;
/** The kind of private link a citizen route takes. */
type LinkKind = 'case' | 'hearing' | 'booking';

/** Who may reach a route. */
type Access =
  /** anyone, logged in or not */
  | { access: 'public'; sample?: string; answers?: string }
  /** whoever holds a private link of this kind; staff get nothing more */
  | { access: 'link'; kind: LinkKind }
  /** logged-in staff with one of these roles, and admin */
  | { access: 'staff'; roles: StaffRole[] }
  /** middleware on a path prefix that answers nothing itself; the routes under it are checked on their own */
  | { access: 'prefix' };

const caseRoles: StaffRole[] = ['back-office', 'front-office', 'team-lead'];

/**
 * The expected access of every route, by method and path as declared in web/. A new route fails the spec
 * until it is listed here. `sample` is the path requested for a prefix that serves files; `answers` is the
 * route's own answer where that is a redirect to the login page (logging out) or where it must be exact.
 */
const expected: Record<string, Access> = {
  'GET /healthz': { access: 'public' },
  'USE /assets': { access: 'public', sample: '/assets/dkfds.js' },
  'USE /dkfds': { access: 'public', sample: '/dkfds/css/dkfds-borgerdk.min.css' },
  'GET /staff/login': { access: 'public' },
  'POST /staff/login': { access: 'public', answers: '303 -> /staff' },
  'POST /staff/logout': { access: 'public', answers: '303 -> /staff/login' },
  'GET /staff/login/oidc': { access: 'public' },
  'GET /staff/login/oidc/callback': { access: 'public' },

  'GET /': { access: 'public' },
  'GET /apply/start': { access: 'public' },
  'GET /apply': { access: 'public' },
  'POST /apply': { access: 'public' },
  'GET /apply/not-eligible': { access: 'public' },
  'GET /apply/about-you': { access: 'public' },
  'POST /apply/about-you': { access: 'public' },
  'GET /apply/check': { access: 'public' },
  'GET /apply/documents': { access: 'public' },
  'POST /apply/documents': { access: 'public' },
  'GET /apply/received': { access: 'public' },

  'USE /case': { access: 'prefix' },
  'USE /hearing': { access: 'prefix' },
  'USE /booking': { access: 'prefix' },
  // the no-store header on the apply steps and the staff pages: the routes under them say who may reach them
  'USE /apply': { access: 'prefix' },
  'USE /staff': { access: 'prefix' },
  'GET /case/:token': { access: 'link', kind: 'case' },
  'GET /case/:token/withdraw': { access: 'link', kind: 'case' },
  'POST /case/:token/withdraw': { access: 'link', kind: 'case' },
  'GET /hearing/:token': { access: 'link', kind: 'hearing' },
  'POST /hearing/:token': { access: 'link', kind: 'hearing' },
  'GET /hearing/:token/received': { access: 'link', kind: 'hearing' },
  'GET /booking/:token': { access: 'link', kind: 'booking' },
  'POST /booking/:token': { access: 'link', kind: 'booking' },
  'GET /booking/:token/confirmed': { access: 'link', kind: 'booking' },
  'GET /booking/:token/change': { access: 'link', kind: 'booking' },
  'POST /booking/:token/change': { access: 'link', kind: 'booking' },
  'GET /booking/:token/cancel': { access: 'link', kind: 'booking' },
  'POST /booking/:token/cancel': { access: 'link', kind: 'booking' },
  'GET /booking/:token/cancelled': { access: 'link', kind: 'booking' },

  'GET /staff': { access: 'staff', roles: ['back-office', 'front-office', 'team-lead', 'process-designer'] },
  'GET /staff/tasks': { access: 'staff', roles: caseRoles },
  'GET /staff/tasks/:jobKey': { access: 'staff', roles: caseRoles },
  'POST /staff/tasks/:jobKey/claim': { access: 'staff', roles: caseRoles },
  'POST /staff/tasks/:jobKey/unclaim': { access: 'staff', roles: caseRoles },
  'POST /staff/tasks/:jobKey/complete': { access: 'staff', roles: caseRoles },
  'POST /staff/tasks/:jobKey/assign': { access: 'staff', roles: ['team-lead'] },
  'GET /staff/documents/:documentId': { access: 'staff', roles: caseRoles },
  'GET /staff/front-office': { access: 'staff', roles: ['front-office', 'team-lead'] },
  'POST /staff/front-office/check-in/:bookingId': { access: 'staff', roles: ['front-office', 'team-lead'] },
  'GET /staff/front-office/registration/:applicationId': { access: 'staff', roles: ['front-office', 'team-lead'] },
  'GET /staff/cases': { access: 'staff', roles: caseRoles },
  'GET /staff/cases/:applicationId': { access: 'staff', roles: caseRoles },
  'GET /staff/overview': { access: 'staff', roles: caseRoles },
  'GET /staff/designer': { access: 'staff', roles: ['process-designer'] },
  'GET /staff/designer/process/:key': { access: 'staff', roles: ['process-designer'] },
  'GET /staff/designer/decision/:key': { access: 'staff', roles: ['process-designer'] },
  'GET /staff/designer/form/:key': { access: 'staff', roles: ['process-designer'] },
  'POST /staff/designer/lint': { access: 'staff', roles: ['process-designer'] },
  'POST /staff/designer/deploy': { access: 'staff', roles: ['process-designer'] },
  'GET /staff/designer/drafts': { access: 'staff', roles: ['team-lead', 'process-designer'] },
  'POST /staff/designer/drafts': { access: 'staff', roles: ['process-designer'] },
  'POST /staff/designer/drafts/:id/propose': { access: 'staff', roles: ['process-designer'] },
  'POST /staff/designer/drafts/:id/approve': { access: 'staff', roles: ['team-lead', 'process-designer'] },
  'POST /staff/designer/drafts/:id/reject': { access: 'staff', roles: ['team-lead', 'process-designer'] },
  'POST /staff/designer/rollback': { access: 'staff', roles: ['team-lead', 'process-designer'] },
};

/** Who asks: nobody in particular, a citizen who has opened their own case's link, or staff with one role. */
type Who = 'anonymous' | 'citizen' | Role;
const everyone: Who[] = ['anonymous', 'citizen', ...roles];

/** An identity: its cookies (supertest agent), its CSRF token, and its own client address. */
interface Identity {
  who: Who;
  agent: TestAgent;
  csrf: string;
  /**
   * Each identity connects from its own loopback address (127.0.x.y), as separate people do: the private
   * links' rate limit counts per address, and this spec asks far more than one person would.
   */
  connection: http.Agent;
}

let addresses = 0;
const nextAddress = () => {
  addresses += 1;
  return `127.0.${Math.floor(addresses / 250) % 250}.${(addresses % 250) + 2}`;
};

const today = () => localDate(new Date());

describe('web: access control, every route against every role', function () {
  this.timeout(120_000);
  let web: TestWeb;
  let tasks: Tasks;
  const connections: http.Agent[] = [];

  before(async function () {
    this.timeout(180_000);
    // every optional part switched on, so every route the app can have exists; the provider is never reached;
    // the direct deploy on, so its row checks the role guard (without it, everyone gets 403: designer.spec.ts)
    web = await startTestWeb({
      oidc: { issuer: 'http://127.0.0.1:9', clientId: 'access-spec', clientSecret: 'access-spec-secret' },
      directDeploy: true,
    });
    tasks = web.caseFile.tasks;
    await web.caseFile.appointments.openSlots({ from: today(), to: addDays(today(), 56) });
  });
  after(() => {
    for (const connection of connections) connection.destroy();
  });

  // ---- identities and requests ----

  async function identity(who: Who): Promise<Identity> {
    const agent = who === 'anonymous' || who === 'citizen' ? web.agent() : await web.staffAgent([who]);
    const connection = new http.Agent({ localAddress: nextAddress() });
    connections.push(connection);
    const me: Identity = { who, agent, csrf: '', connection };
    if (who === 'citizen') {
      // a citizen with a session of their own: they have opened their own case's link
      const own = await citizenCase('Cecilie');
      expect((await send(me, 'GET', `/case/${own.accessToken}`)).status).to.equal(200);
    }
    me.csrf = csrfOf((await agent.get('/staff/login').expect(200)).text);
    return me;
  }

  const identities = () => Promise.all(everyone.map(identity));

  /** One request as `me`, not following redirects; a POST carries the identity's CSRF token. */
  async function send(me: Identity, method: string, path: string, form: Record<string, string> = {}) {
    const request =
      method === 'GET'
        ? me.agent.get(path)
        : me.agent
            .post(path)
            .type('form')
            .send({ _csrf: me.csrf, ...form });
    return await request.agent(me.connection).redirects(0);
  }

  /** The case references a page names, distinct, comma-joined: '' when it names none. */
  const referencesIn = (html: string) => [...new Set(html.match(/IH-\d{4}-\d{6}/g) ?? [])].join(',');

  const toLogin = (res: Response) => res.status === 303 && res.headers.location === '/staff/login';
  const describeAnswer = (res: Response) =>
    `${res.status}${res.headers.location ? ` -> ${String(res.headers.location)}` : ''}`;

  /** Reached: the route answered for itself (any status but 401, 403 or the login page; 400/404/409 count). */
  function expectReached(res: Response, me: Identity, route: string) {
    expect(
      res.status === 401 || res.status === 403 || toLogin(res),
      `${me.who} should reach ${route}, got ${describeAnswer(res)}`,
    ).to.equal(false);
  }

  // ---- data the routes are about ----

  let serial = 0;
  const unique = () => `${Date.now()}${(serial += 1)}${randomBytes(2).readUInt16BE(0)}`;

  /** A case with a distinct given name, so a page showing another case's data is easy to spot. */
  function citizenCase(givenName: string) {
    const base = newApplication({}, addDays(today(), 5));
    return web.caseFile.applications.create({ ...base, applicant: { ...base.applicant, givenName } }, 'citizen');
  }

  let slotCursor = 0;
  /** Books a seat at least three days ahead (so it can still be changed) with an invitation link. */
  async function bookSomewhere(token: string) {
    const slots = await web.caseFile.appointments.listBookable(
      new Date(Date.now() + 3 * 86_400_000),
      new Date(Date.now() + 50 * 86_400_000),
      'regular',
    );
    for (let tries = 0; tries < slots.length; tries++) {
      const slot = slots[(slotCursor += 1) % slots.length];
      if (!slot) break;
      try {
        return await web.caseFile.appointments.book(token, slot.id);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new Error('no free slot to book');
  }

  /** A citizen's case with a private link of `kind` (a hearing open; an invitation used for a booking). */
  async function linked(kind: LinkKind, givenName: string) {
    const created = await citizenCase(givenName);
    const base = { ...created, givenName, tokens: { case: created.accessToken } as Record<LinkKind, string> };
    if (kind === 'hearing') {
      const { token } = await web.caseFile.hearings.open(
        created.applicationId,
        {
          idempotencyKey: `access-${unique()}`,
          missingDocuments: ['passport'],
          message: 'The passport scan is unreadable.',
          messageDa: 'Scanningen af passet kan ikke læses.',
        },
        'spec',
      );
      base.tokens.hearing = token ?? expect.fail('no hearing token');
    }
    if (kind === 'booking') {
      const { token } = await web.caseFile.appointments.invite(created.applicationId, `access-${unique()}`, 'spec');
      base.tokens.booking = token ?? expect.fail('no booking token');
      await bookSomewhere(base.tokens.booking);
    }
    return base;
  }

  /** A user task in the task list for `group`, as the inbox would have stored it. */
  async function task(group: 'back-office' | 'front-office', applicationId: string): Promise<string> {
    const jobKey = `22${unique()}`.slice(0, 18);
    await tasks.upsertFromJob(
      {
        jobKey,
        processInstanceKey: `23${unique()}`.slice(0, 18),
        processDefinitionKey: '2251799813685249',
        bpmnProcessId: 'cpr-application',
        elementId: group === 'back-office' ? 'Task_ReviewApplication' : 'Task_AttendAppointment',
        elementInstanceKey: `24${unique()}`.slice(0, 18),
        customHeaders: { 'io.camunda.zeebe:candidateGroups': JSON.stringify([group]) },
        variables: { applicationId },
      },
      'spec',
    );
    return jobKey;
  }

  /** What the staff routes' parameters are filled with: real ids, made for the test. */
  async function staffData() {
    const { applicationId } = await citizenCase('Dagny');
    const document = await web.caseFile.documents.upload(
      { applicationId, kind: 'passport', filename: 'passport.pdf', content: files.pdf, uploadedBy: 'citizen' },
      'citizen',
    );
    const { token } = await web.caseFile.appointments.invite(applicationId, `access-${unique()}`, 'spec');
    const booking = await bookSomewhere(token ?? expect.fail('no booking token'));
    const designs: Record<string, string> = {};
    for (const kind of ['process', 'decision', 'form'] as const) {
      const [first] = await web.caseFile.deployedResources.list(kind);
      designs[kind] = first?.key ?? expect.fail(`nothing of kind ${kind} deployed`);
    }
    return { applicationId, documentId: document.id, bookingId: booking.id, designs };
  }

  /** The route's path with its parameters filled; a parameter without a value fails with its name. */
  function fill(path: string, value: (name: string) => string | undefined): string {
    return path.replace(/:(\w+)/g, (_, name: string) => {
      const filled = value(name);
      if (filled === undefined) expect.fail(`no value for :${name} of ${path}: teach fill() what to put there`);
      return encodeURIComponent(filled);
    });
  }

  // ---- the table and the app agree ----

  it('lists every route of the app in the table, and no route the app does not have', async () => {
    const actual = appRoutes(web.running.web.app).map((r) => `${r.method} ${r.path}`);
    const undeclared = actual.filter((route) => !(route in expected));
    const stale = Object.keys(expected).filter((route) => !actual.includes(route));
    expect(undeclared, 'routes without an entry in the access table: declare who may reach them').to.deep.equal([]);
    expect(stale, 'entries in the access table without a route').to.deep.equal([]);
    for (const [route, access] of Object.entries(expected))
      if (access.access === 'prefix') {
        const prefix = route.split(' ')[1] ?? '';
        expect(
          actual.filter((r) => r.split(' ')[1]?.startsWith(`${prefix}/`)),
          `routes under ${prefix}`,
        ).to.not.deep.equal([]);
      }
  });

  // ---- each route against each identity ----

  for (const [route, access] of Object.entries(expected)) {
    const [method = '', path = ''] = route.split(' ');

    if (access.access === 'public')
      it(`${route} is public: everyone reaches it`, async () => {
        const target = access.sample ?? path;
        for (const me of await identities()) {
          let form: Record<string, string> = {};
          if (route === 'POST /staff/login') {
            // a real login as someone new: the answer of a login that works, for whoever sends it
            const account = await web.staff(['back-office']);
            form = account;
          }
          const res = await send(me, method === 'USE' ? 'GET' : method, target, form);
          if (access.answers) expect(describeAnswer(res), `${me.who} on ${route}`).to.equal(access.answers);
          else expectReached(res, me, route);
        }
      });

    if (access.access === 'staff')
      it(`${route} admits ${access.roles.join(', ')} and admin only`, async () => {
        const data = await staffData();
        for (const me of await identities()) {
          const own = me.who === 'front-office' ? 'front-office' : 'back-office';
          const jobKey = await task(own, data.applicationId);
          const filled = fill(path, (name) => {
            if (name === 'jobKey') return jobKey;
            if (name === 'key') return data.designs[/\/designer\/(\w+)\/:key/.exec(path)?.[1] ?? ''];
            if (name === 'applicationId' || name === 'documentId' || name === 'bookingId') return data[name];
            // a draft nobody has: the guard answers before the draft is looked up (404 once admitted)
            if (name === 'id' && path.includes('/drafts/')) return '00000000-0000-4000-8000-000000000000';
            return undefined;
          });
          const res = await send(me, method, filled);
          if (me.who === 'anonymous' || me.who === 'citizen') {
            const refused = toLogin(res) || (method !== 'GET' && res.status === 403);
            expect(refused, `${me.who} on ${route}: ${describeAnswer(res)}`).to.equal(true);
          } else if (me.who === 'admin' || access.roles.includes(me.who)) expectReached(res, me, route);
          else expect(res.status, `${me.who} on ${route}: ${describeAnswer(res)}`).to.equal(403);
        }
      });

    if (access.access === 'link')
      it(`${route} opens for whoever holds the ${access.kind} link, shows that case only, and is 404 for other tokens`, async () => {
        const other = await linked(access.kind, 'Bodil');
        const answers = new Map<Who, string>();
        for (const me of await identities()) {
          // the link's own case, fresh for each identity, since a POST may change it
          const mine = await linked(access.kind, 'Alma');
          const res = await send(
            me,
            method,
            fill(path, () => mine.tokens[access.kind]),
          );
          expectReached(res, me, route);
          expect(res.status, `${me.who} on ${route}: ${describeAnswer(res)}`).to.be.below(500);
          answers.set(me.who, describeAnswer(res).replace(mine.tokens[access.kind], ':token'));
          if (method === 'GET') {
            expect(res.text, `${me.who} on ${route} with one case's link`)
              .to.not.contain(other.reference)
              .and.not.contain(other.givenName);
            expect(referencesIn(res.text), `references ${me.who} sees on ${route}`).to.be.oneOf(['', mine.reference]);
            const theirs = await send(
              me,
              method,
              fill(path, () => other.tokens[access.kind]),
            );
            expect(theirs.text, `${me.who} on ${route} with the other case's link`)
              .to.not.contain(mine.reference)
              .and.not.contain(mine.givenName);
            expect(referencesIn(theirs.text)).to.be.oneOf(['', other.reference]);
          }
          // a made-up token, and a token of this case of another kind, open nothing, whoever asks
          const foreign = [
            randomBytes(32).toString('base64url'),
            ...Object.entries(mine.tokens)
              .filter(([kind]) => kind !== access.kind)
              .map(([, token]) => token),
          ];
          for (const token of foreign) {
            const refused = await send(
              me,
              method,
              fill(path, () => token),
            );
            expect(refused.status, `${me.who} on ${route} with a token that is not a ${access.kind} link`).to.equal(
              404,
            );
          }
        }
        // staff get what anybody holding the link gets, nothing more
        const anonymous = answers.get('anonymous');
        for (const [who, answer] of answers) expect(answer, `${who} on ${route}, as anonymous got`).to.equal(anonymous);
      });
  }

  // ---- beyond the role check ----

  it("a task of another group is 403 for back office and front office, and open to the team lead's", async () => {
    const { applicationId } = await citizenCase('Edith');
    const backOfficeTask = await task('back-office', applicationId);
    const frontOfficeTask = await task('front-office', applicationId);
    const [backOffice, frontOffice, teamLead] = await Promise.all(
      (['back-office', 'front-office', 'team-lead'] as const).map(identity),
    );
    if (!backOffice || !frontOffice || !teamLead) throw new Error('identities missing');
    expect((await send(backOffice, 'GET', `/staff/tasks/${frontOfficeTask}`)).status).to.equal(403);
    expect((await send(backOffice, 'POST', `/staff/tasks/${frontOfficeTask}/claim`)).status).to.equal(403);
    expect((await send(frontOffice, 'GET', `/staff/tasks/${backOfficeTask}`)).status).to.equal(403);
    expect((await send(frontOffice, 'POST', `/staff/tasks/${backOfficeTask}/complete`)).status).to.equal(403);
    expect((await send(backOffice, 'GET', `/staff/tasks/${backOfficeTask}`)).status).to.equal(200);
    for (const jobKey of [backOfficeTask, frontOfficeTask])
      expect((await send(teamLead, 'GET', `/staff/tasks/${jobKey}`)).status).to.equal(200);
  });
});
