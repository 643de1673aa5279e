// Browser specs in headless Chromium through playwright-core: Debian's Chromium (`apt-get install chromium`) or
// the one CHROMIUM_PATH names, launched once per run and closed at the end; each spec opens new contexts on it.
// Without a Chromium the browser suites skip and say how to get one (DESIGN.md "Tests").
// The context keeps the site's Content-Security-Policy on, so a page that breaks its own CSP fails a spec:
// axe-core is therefore run through the DevTools protocol (page.evaluate), which CSP does not govern, never as an
// inline <script> (page.addScriptTag), which `script-src 'self'` refuses.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { AxeResults, RunOptions } from 'axe-core';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { atEnd, skipBecause } from './engine.js';

/** Where Debian's package puts Chromium; CHROMIUM_PATH takes precedence. */
const debianChromium = ['/usr/bin/chromium', '/usr/lib/chromium/chromium'];

/** The Chromium to launch, or why there is none. */
export function findChromium(): { path: string } | { missing: string } {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    return isExecutable(configured)
      ? { path: configured }
      : { missing: `CHROMIUM_PATH=${configured} is not an executable; point it at a Chromium or unset it` };
  }
  const found = debianChromium.find(isExecutable);
  return found
    ? { path: found }
    : { missing: 'no Chromium found; install it with `apt-get install chromium` or set CHROMIUM_PATH' };
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

let shared: Promise<Browser> | undefined;

/** The run's one headless Chromium, launched on first use and closed after the run. */
function launchOnce(executablePath: string): Promise<Browser> {
  shared ??= chromium.launch({ executablePath, headless: true }).then((browser) => {
    atEnd(async () => {
      shared = undefined;
      await browser.close();
    });
    return browser;
  });
  return shared;
}

/** The run's headless Chromium (call it from `before`); skips the suite, saying why, when there is none. */
export async function browserOrSkip(context: Mocha.Context): Promise<Browser> {
  const chromiumFound = findChromium();
  if ('missing' in chromiumFound) {
    // CI installs Chromium (.ci/run): there a missing one is a broken install, not a reason to skip
    if (process.env.CI) throw new Error(`${chromiumFound.missing} (CI runs the browser specs)`);
    skipSuite(context, chromiumFound.missing);
  }
  return launchOnce(chromiumFound.path);
}

/**
 * skipBecause from a `before` hook titles the suite, which the spec reporter has printed by then; the reason
 * goes on the suite's first test instead, so the run's output shows it on one line.
 */
function skipSuite(context: Mocha.Context, reason: string): never {
  const runnable = context.test;
  const isHook = (runnable as { type?: string } | undefined)?.type === 'hook';
  const first = isHook ? runnable?.parent?.tests[0] : undefined;
  if (!first) skipBecause(context, reason);
  first.title += ` [skipped: ${reason}]`;
  context.skip();
}

/**
 * A new context (own cookies and storage) with the site's CSP kept on, so pages are tested as people get them;
 * closed at the end of the run if the spec has not closed it.
 */
export async function newContext(browser: Browser): Promise<BrowserContext> {
  const created = await browser.newContext({ locale: 'en-GB' });
  atEnd(() => created.close());
  return created;
}

/** What went wrong in a page while it was watched: console errors, uncaught exceptions and CSP violations. */
export interface PageProblems {
  /** Each problem on one line, in the order they happened. */
  readonly all: string[];
}

/**
 * Starts recording a page's console errors, uncaught exceptions and Content-Security-Policy violations,
 * across navigations, so a spec can assert `problems.all` is empty. Call before the first `goto`.
 */
export async function collectConsoleErrors(page: Page): Promise<PageProblems> {
  const all: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') all.push(`console: ${message.text()} (${message.location().url || page.url()})`);
  });
  page.on('pageerror', (error) => all.push(`uncaught: ${error.message} (${page.url()})`));
  // the securitypolicyviolation event names the directive even where Chromium's console message is terse
  await page.exposeBinding('__reportCspViolation', (_source, line: string) => {
    all.push(`csp: ${line}`);
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) => {
      const report = (window as unknown as { __reportCspViolation: (line: string) => void }).__reportCspViolation;
      report(`${event.effectiveDirective} refused ${event.blockedURI || 'inline'} on ${event.documentURI}`);
    });
  });
  return { all };
}

/** One axe-core finding, readable in a failed assertion. */
export interface AxeViolation {
  /** axe's rule id, e.g. color-contrast. */
  id: string;
  impact: string;
  help: string;
  helpUrl: string;
  /** CSS selectors of the offending elements. */
  targets: string[];
  /** `id (impact): help — at selector, selector` on one line. */
  summary: string;
}

/** The WCAG levels checked: 2.0 and 2.1, A and AA. */
export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let axeSource: string | undefined;

/**
 * Runs axe-core on the page as it is now, for WCAG 2.1 A and AA, and returns its violations. The axe source is
 * evaluated through the DevTools protocol, so it runs under the page's strict CSP without weakening it.
 */
export async function axeCheck(page: Page): Promise<AxeViolation[]> {
  axeSource ??= fs.readFileSync(path.join(axeDir(), 'axe.min.js'), 'utf8');
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeSource);
  const results = await page.evaluate(
    async (options: RunOptions) => {
      const { axe } = window as unknown as {
        axe: { run(context: Document, options: RunOptions): Promise<AxeResults> };
      };
      const { violations } = await axe.run(document, options);
      return violations.map((v) => ({
        id: v.id,
        impact: v.impact ?? 'unknown',
        help: v.help,
        helpUrl: v.helpUrl,
        targets: v.nodes.map((node) => node.target.join(' ')),
      }));
    },
    { runOnly: { type: 'tag', values: wcagTags } } satisfies RunOptions,
  );
  return results.map((v) => ({ ...v, summary: `${v.id} (${v.impact}): ${v.help} — at ${v.targets.join(', ')}` }));
}

function axeDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve('axe-core/package.json'));
}

/**
 * Saves a full-page PNG as SCREENSHOT_DIR/<name>.png when SCREENSHOT_DIR is set (returns its path);
 * otherwise does nothing, so specs can take screenshots freely.
 */
export async function screenshot(page: Page, name: string): Promise<string | undefined> {
  const dir = process.env.SCREENSHOT_DIR;
  if (!dir) return undefined;
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '-')}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}
