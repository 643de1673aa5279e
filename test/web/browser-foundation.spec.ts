// The web's foundation in a real browser (headless Chromium): the portal front page, the staff login and the
// staff layout load with no console errors and no CSP violations, and axe-core finds nothing against
// WCAG 2.1 A/AA. Also pins down why axeCheck evaluates axe instead of adding a <script>: the CSP stays on.
import { expect } from 'chai';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  axeCheck,
  browserOrSkip,
  newContext,
  collectConsoleErrors,
  screenshot,
  type PageProblems,
} from '../support/browser.js';
import { pause } from '../support/waits.js';
import { startTestWeb, type TestWeb } from '../support/web.js';

describe('web: foundation in the browser', function () {
  this.timeout(60_000);
  let web: TestWeb;
  let browser: Browser;
  let context: BrowserContext | undefined;

  before(async function () {
    this.timeout(120_000);
    browser = await browserOrSkip(this);
    web = await startTestWeb();
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  /** A page in a new context (no cookies from other specs) that records its problems, opened on `path`. */
  async function open(path: string): Promise<{ page: Page; problems: PageProblems }> {
    context = await newContext(browser);
    const page = await context.newPage();
    const problems = await collectConsoleErrors(page);
    const response = await page.goto(web.url + path);
    expect(response?.status(), `status of ${path}`).to.equal(200);
    await page.waitForLoadState('networkidle');
    return { page, problems };
  }

  const pages = [
    { name: 'portal front page', path: '/', heading: 'Apply for a CPR number' },
    { name: 'portal front page in Danish', path: '/?lang=da', heading: 'Ansøg om CPR-nummer' },
    { name: 'staff login', path: '/staff/login', heading: 'Log in' },
  ];
  for (const { name, path, heading } of pages) {
    it(`shows the ${name} with no console errors or CSP violations, and no WCAG 2.1 AA violations`, async () => {
      const { page, problems } = await open(path);
      expect(await page.locator('h1').innerText()).to.equal(heading);
      const violations = await axeCheck(page);
      await screenshot(page, `foundation-${name}`);
      expect(problems.all, 'console errors and CSP violations').to.deep.equal([]);
      expect(
        violations.map((v) => v.summary),
        'axe violations',
      ).to.deep.equal([]);
    });
  }

  it('logs a caseworker in to the staff layout with its navigation, which passes axe too', async () => {
    const { username, password } = await web.staff(['back-office']);
    const { page, problems } = await open('/staff/login');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await Promise.all([page.waitForURL(`${web.url}/staff`), page.getByRole('button', { name: 'Log in' }).click()]);
    expect(await page.getByRole('navigation', { name: 'Staff navigation' }).isVisible()).to.equal(true);
    const violations = await axeCheck(page);
    await screenshot(page, 'foundation-staff-home');
    expect(problems.all, 'console errors and CSP violations').to.deep.equal([]);
    expect(
      violations.map((v) => v.summary),
      'axe violations',
    ).to.deep.equal([]);
  });

  it('keeps the CSP on in the browser: an inline script is refused and reported, and axe runs and finds faults all the same', async () => {
    const { page, problems } = await open('/');
    // playwright may or may not report the refusal as an error; what counts is that the script did not run
    await page.addScriptTag({ content: 'window.inlineRan = true;' }).catch(() => undefined);
    expect(await page.evaluate(() => 'inlineRan' in window), 'the inline script ran').to.equal(false);
    for (let tries = 0; !problems.all.some((p) => p.startsWith('csp: ')) && tries < 50; tries++) await pause(100);
    expect(problems.all.join('\n')).to.match(/^csp: script-src-elem refused inline/m);
    await page.evaluate(() => document.querySelector('main')?.append(document.createElement('img')));
    expect((await axeCheck(page)).map((v) => v.id)).to.deep.equal(['image-alt']);
  });
});
