// `npm run screenshots [-- --out <folder>]`: pictures of the product's pages as people see them, for reviews and
// the README. Starts the product exactly as `npm start` does (bin/start.ts, in a process of its own) on a fresh
// temporary data dir, a free PORT and a free ENGINE_PORT, logs in with the demo accounts it prints, and saves
// one PNG per picture into the folder (default ./screenshots, git-ignored) with headless Chromium (Debian's
// `chromium`, or CHROMIUM_PATH). DATABASE_URL and ZEEBE_GRPC_ADDRESS are ignored on purpose: the pictures come
// from an empty, throw-away installation, never from a real one.
// The pages that show a case get one the way a citizen makes it: through the portal's apply flow in the
// browser (which also pictures the step with the checklist); the product's own engine, workers and inbox then
// bring it to the back office's review task, which the task page, the case page and the overview show.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { addDays, localDate } from '../cases/clock.js';
import { demoAccounts, type Role } from '../web/auth/accounts.js';

/** One picture: the page at `url`, seen as a citizen (no `as`) or as a demo account with role `as`. */
interface Shot {
  name: string;
  url: string;
  as?: Role;
}

/** The pages to picture as they are; the pages of a case follow in `caseShots`. */
const shots: Shot[] = [
  { name: 'portal-front-page', url: '/' },
  { name: 'portal-front-page-da', url: '/?lang=da' },
  { name: 'staff-login', url: '/staff/login' },
  { name: 'staff-home', url: '/staff', as: 'back-office' },
  { name: 'staff-designer', url: '/staff/designer', as: 'process-designer' },
];

/** How long the product may take to bring a new case to the review task (checklist worker, inbox). */
const caseTimeoutMs = 60_000;

/** How long the product may take to say it is ready before it is stopped and the run fails. */
const startTimeoutMs = 300_000;

/** A demo account as bin/start.ts prints it on the first start. */
interface DemoAccount {
  username: string;
  password: string;
  roles: string[];
}

/** The running product: its address, the demo accounts it printed, and how to stop it. */
interface RunningProduct {
  url: string;
  accounts: DemoAccount[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts bin/start.ts on `dataDir` and waits for its "ready" block (the demo accounts follow it). */
async function startProduct(dataDir: string): Promise<RunningProduct> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), ENGINE_PORT: '0', PUBLIC_URL: url };
  env.LOG_LEVEL = 'warn';
  delete env.DATABASE_URL;
  delete env.ZEEBE_GRPC_ADDRESS;
  const child = spawn(process.execPath, ['--import', 'tsx', 'bin/start.ts', '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  // its stderr is shown only when it fails to start; at the stop the engine client's goodbyes are noise
  let errors = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    errors += chunk.toString();
  });
  // a first start builds the browser bundles and initialises PostgreSQL: minutes, not more
  const timer = setTimeout(() => child.kill('SIGTERM'), startTimeoutMs);
  const accounts = await new Promise<DemoAccount[]>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      // a fresh data dir gets every demo account, printed after "ready"
      const found = [...output.matchAll(/^ {4}(\S+) +(\S+) {2}\(([^)]*)\)$/gm)].map(
        ([, username, password, roles]) => ({
          username: username ?? '',
          password: password ?? '',
          roles: (roles ?? '').split(', '),
        }),
      );
      if (found.length === demoAccounts.length) resolve(found);
    });
    child.once('exit', (code) =>
      reject(new Error(`npm start exited with ${code} before it was ready:\n${output}${errors}`)),
    );
  }).finally(() => clearTimeout(timer));
  return { url, accounts, stop: () => stopChild(child) };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/lib/chromium/chromium'];
  const found = candidates.find((file): file is string => !!file && fs.existsSync(file));
  if (!found) throw new Error('screenshots need Chromium: apt-get install chromium, or set CHROMIUM_PATH');
  return found;
}

/** A browser context logged in as the demo account with `role` (or none), one per role. */
async function contextFor(browser: Browser, product: RunningProduct, role: Role | undefined): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
  if (!role) return context;
  const account = product.accounts.find((a) => a.roles.includes(role));
  if (!account) throw new Error(`no demo account has the role ${role}`);
  const page = await context.newPage();
  await page.goto(`${product.url}/staff/login`);
  await page.fill('#username', account.username);
  await page.fill('#password', account.password);
  await submitTo(page, 'main form button[type=submit]', `${product.url}/staff`);
  await page.close();
  return context;
}

/**
 * A one-page PDF that says `text`, with a correct cross-reference table, so the task page's preview shows a
 * page and not the viewer's "failed to load" box.
 */
function samplePdf(text: string): Buffer {
  const stream = `BT /F1 28 Tf 72 720 Td (${text.replace(/[()\\]/g, '')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const offset = pdf.length;
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return offset;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  pdf += offsets.map((offset) => `${String(offset).padStart(10, '0')} 00000 n \n`).join('');
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

/** Saves a full-page PNG of `page` as <out>/<name>.png and prints where. */
async function save(page: Page, out: string, name: string): Promise<void> {
  const file = path.join(out, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  const shown = path.relative(process.cwd(), file);
  console.log(shown.startsWith('..') ? file : shown);
}

/**
 * Goes on from a form's submit button to the page it redirects to. The page is opened again by its address:
 * express-session sends a redirect before it has saved the session, so the first request can miss what the
 * post stored (the login, the apply draft), and a second one, moments later, does not.
 */
async function submitTo(page: Page, button: string, next: string): Promise<void> {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST'),
    page.click(button),
  ]);
  await page.waitForLoadState('networkidle');
  if (response.status() >= 400)
    throw new Error(`the form was refused (${response.status()}): ${await page.locator('main').innerText()}`);
  await page.goto(next, { waitUntil: 'networkidle' });
  if (new URL(page.url()).pathname !== new URL(next).pathname) throw new Error(`expected ${next}, got ${page.url()}`);
}

/**
 * One application through the portal's start page and four steps; pictures the start page, the check of the
 * answers and the checklist when `out` is given.
 */
async function applyAsCitizen(page: Page, url: string, applicant: Applicant, out?: string): Promise<string> {
  // in English, whatever language the context saw last
  await page.goto(`${url}/apply/start?lang=en`, { waitUntil: 'networkidle' });
  if (out) await save(page, out, 'portal-apply-start');
  await page.goto(`${url}/apply`, { waitUntil: 'networkidle' });
  await page.selectOption('#nationality', applicant.nationality);
  for (const id of [`purpose-${applicant.purpose}`, 'stay-over-6-months', 'hadCprNumber-no', 'isMarried-no'])
    await page.check(`#${id}`, { force: true });
  await page.fill('#moveInDate', addDays(localDate(new Date()), 14));
  await submitTo(page, 'form button[type=submit]', `${url}/apply/about-you`);
  await page.fill('#applicant-givenName', applicant.givenName);
  await page.fill('#applicant-familyName', applicant.familyName);
  await page.fill('#applicant-birthDate', applicant.birthDate);
  await page.check(`#applicant-sex-${applicant.sex}`, { force: true });
  await page.fill('#applicant-passportNumber', `P${Date.now().toString(36).toUpperCase()}`);
  await page.fill('#email', applicant.email);
  await page.fill('#street', 'Gyldenløvesgade 11, 3. tv');
  await page.fill('#postcode', '1600');
  await page.fill('#city', 'København V');
  await page.check('#childrenComing-no', { force: true });
  if (out) await save(page, out, 'portal-apply-about');
  await submitTo(page, 'button.button-primary[value=continue]', `${url}/apply/check`);
  if (out) await save(page, out, 'portal-apply-check');
  await page.goto(`${url}/apply/documents`, { waitUntil: 'networkidle' });
  if (out) await save(page, out, 'portal-apply-documents');
  await page.setInputFiles('#document-passport', {
    name: 'passport.pdf',
    mimeType: 'application/pdf',
    buffer: samplePdf(`Passport of ${applicant.givenName} ${applicant.familyName} (sample)`),
  });
  await submitTo(page, 'form[enctype="multipart/form-data"] button[type=submit]', `${url}/apply/received`);
  if (out) await save(page, out, 'portal-apply-received');
  const reference = /IH-\d{4}-\d{6}/.exec(await page.locator('main').innerText())?.[0];
  if (!reference) throw new Error('no case reference on the receipt');
  return reference;
}

/** The pictured applicants: a few profiles, so the overview has more than one bar. */
interface Applicant {
  givenName: string;
  familyName: string;
  birthDate: string;
  sex: 'female' | 'male';
  nationality: string;
  purpose: 'work' | 'study';
  email: string;
}
const applicants: Applicant[] = [
  {
    givenName: 'Asha',
    familyName: 'Raghunathan',
    birthDate: '1990-04-12',
    sex: 'female',
    nationality: 'IN',
    purpose: 'work',
    email: 'asha@example.org',
  },
  {
    givenName: 'Lukas',
    familyName: 'Becker',
    birthDate: '1998-09-02',
    sex: 'male',
    nationality: 'DE',
    purpose: 'study',
    email: 'lukas@example.org',
  },
  {
    givenName: 'Mei',
    familyName: 'Tanaka',
    birthDate: '1987-01-23',
    sex: 'female',
    nationality: 'JP',
    purpose: 'work',
    email: 'mei@example.org',
  },
];

/** Reloads `page` until `selector` is on it: the workers and the inbox move the case in the background. */
async function reloadUntil(page: Page, selector: string, what: string): Promise<void> {
  const deadline = Date.now() + caseTimeoutMs;
  for (;;) {
    if ((await page.locator(selector).count()) > 0) return;
    if (Date.now() > deadline) throw new Error(`${what} did not appear within ${caseTimeoutMs / 1000} s`);
    await page.waitForTimeout(500);
    await page.reload({ waitUntil: 'networkidle' });
  }
}

/**
 * The pages of a case: the citizen's apply step with the checklist, then, once the case waits at the review,
 * the back office's task list and task page (form and case file), the case page with its diagram, the
 * production overview and the designer's BPMN modeler with the properties panel.
 */
async function caseShots(
  product: RunningProduct,
  out: string,
  contextOf: (role: Role | undefined) => Promise<BrowserContext>,
): Promise<void> {
  const citizen = await (await contextOf(undefined)).newPage();
  const [first, ...others] = applicants;
  if (!first) return;
  const reference = await applyAsCitizen(citizen, product.url, first, out);
  for (const applicant of others) await applyAsCitizen(citizen, product.url, applicant);
  await citizen.close();

  const back = await (await contextOf('back-office')).newPage();
  await back.goto(`${product.url}/staff/tasks?tab=unassigned`, { waitUntil: 'networkidle' });
  const row = `tr:has(a:text-is("${reference}"))`;
  await reloadUntil(back, row, `the review task of ${reference}`);
  await save(back, out, 'staff-task-list');
  await Promise.all([back.waitForURL(/\/staff\/tasks\/\d+$/), back.click(`${row} a[href^="/staff/tasks/"]`)]);
  await back.locator('#complete-form').waitFor();
  // the passport opened, as a caseworker checks it against the checklist
  await back.locator('.document-list details summary').first().click();
  await back.waitForLoadState('networkidle');
  await save(back, out, 'staff-task-page');

  await back.goto(`${product.url}/staff/cases?q=${encodeURIComponent(reference)}`, { waitUntil: 'networkidle' });
  await Promise.all([back.waitForURL(/\/staff\/cases\/[0-9a-f-]{36}$/), back.click(`a:text-is("${reference}")`)]);
  await back.locator('#case-diagram .djs-element').first().waitFor();
  await back.waitForLoadState('networkidle');
  await save(back, out, 'staff-case-page');
  // the diagram alone as well: on the full page it is too small to see the highlighted path
  const diagram = path.join(out, 'staff-case-diagram.png');
  await back.locator('#case-diagram').screenshot({ path: diagram });
  console.log(path.relative(process.cwd(), diagram).startsWith('..') ? diagram : path.relative(process.cwd(), diagram));
  await back.close();

  const lead = await (await contextOf('team-lead')).newPage();
  await lead.goto(`${product.url}/staff/overview`, { waitUntil: 'networkidle' });
  // Chart.js draws with an animation of about a second
  await lead.waitForTimeout(1500);
  await save(lead, out, 'staff-overview');
  await lead.close();

  const designer = await (await contextOf('process-designer')).newPage();
  await designer.goto(`${product.url}/staff/designer`, { waitUntil: 'networkidle' });
  await Promise.all([
    designer.waitForURL(/\/staff\/designer\/process\/\d+$/),
    designer.click('a[href^="/staff/designer/process/"]'),
  ]);
  await designer.locator('#designer-canvas .djs-container').waitFor();
  await designer.locator('#designer-properties .bio-properties-panel').waitFor();
  // a selected user task shows what the panel is for: its form, assignment and task definition
  await designer.click('#designer-canvas [data-element-id="Task_ReviewApplication"]');
  await designer.waitForTimeout(300);
  await save(designer, out, 'staff-designer-process');
  // the change goes to a second person: saved as a draft and sent for approval
  await designer.click('#designer-deploy');
  await designer.locator('.designer-status--success').waitFor();
  await designer.close();

  const reviewer = await (await contextOf('team-lead')).newPage();
  await reviewer.goto(`${product.url}/staff/designer/drafts`, { waitUntil: 'networkidle' });
  await save(reviewer, out, 'staff-rule-changes');
  await reviewer.close();
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'screenshots' } } });
  const out = path.resolve(values.out);
  const executablePath = chromiumPath();
  await fsp.mkdir(out, { recursive: true });
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'cpr-screenshots-'));
  let product: RunningProduct | undefined;
  let browser: Browser | undefined;
  try {
    product = await startProduct(dataDir);
    const running = product;
    const launched = await chromium.launch({ executablePath, headless: true });
    browser = launched;
    const contexts = new Map<Role | undefined, BrowserContext>();
    const contextOf = async (role: Role | undefined) => {
      const context = contexts.get(role) ?? (await contextFor(launched, running, role));
      contexts.set(role, context);
      return context;
    };
    for (const shot of shots) {
      const page = await (await contextOf(shot.as)).newPage();
      await page.goto(product.url + shot.url, { waitUntil: 'networkidle' });
      await save(page, out, shot.name);
      await page.close();
    }
    await caseShots(product, out, contextOf);
  } finally {
    await browser?.close();
    await product?.stop();
    await fsp.rm(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
