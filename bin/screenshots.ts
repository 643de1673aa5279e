// `npm run screenshots [-- --out <folder>]`: pictures of the product's pages as people see them, for reviews and
// the README. Starts the product exactly as `npm start` does (bin/start.ts, in a process of its own) on a fresh
// temporary data dir, a free PORT and a free ENGINE_PORT, logs in with the demo accounts it prints, and saves
// one PNG per entry of `shots` into the folder (default ./screenshots, git-ignored) with headless Chromium
// (Debian's `chromium`, or CHROMIUM_PATH). DATABASE_URL and ZEEBE_GRPC_ADDRESS are ignored on purpose: the
// pictures come from an empty, throw-away installation, never from a real one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { demoAccounts, type Role } from '../web/auth/accounts.js';

/** One picture: the page at `url`, seen as a citizen (no `as`) or as a demo account with role `as`. */
interface Shot {
  name: string;
  url: string;
  as?: Role;
}

/** The pages to picture; add a line per page. */
const shots: Shot[] = [
  { name: 'portal-front-page', url: '/' },
  { name: 'portal-front-page-da', url: '/?lang=da' },
  { name: 'staff-login', url: '/staff/login' },
  { name: 'staff-home', url: '/staff', as: 'back-office' },
];

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
  await Promise.all([page.waitForURL(`${product.url}/staff`), page.click('button[type=submit]')]);
  await page.close();
  return context;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { out: { type: 'string', default: 'screenshots' } } });
  const out = path.resolve(values.out);
  const executablePath = chromiumPath();
  await fsp.mkdir(out, { recursive: true });
  const dataDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'cpr-screenshots-'));
  // as root, embedded PostgreSQL runs as another user, who must be able to enter the folder
  await fsp.chmod(dataDir, 0o755);
  let product: RunningProduct | undefined;
  let browser: Browser | undefined;
  try {
    product = await startProduct(dataDir);
    browser = await chromium.launch({ executablePath, headless: true });
    const contexts = new Map<Role | undefined, BrowserContext>();
    for (const shot of shots) {
      const context = contexts.get(shot.as) ?? (await contextFor(browser, product, shot.as));
      contexts.set(shot.as, context);
      const page = await context.newPage();
      await page.goto(product.url + shot.url, { waitUntil: 'networkidle' });
      const file = path.join(out, `${shot.name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      await page.close();
      const shown = path.relative(process.cwd(), file);
      console.log(shown.startsWith('..') ? file : shown);
    }
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
