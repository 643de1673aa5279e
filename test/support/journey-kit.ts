// What the browser specs of whole journeys share: people in browser contexts of their own (a citizen, a
// caseworker logged in through the login page) in either language, the engine's tasks and the outbox as the
// journey reaches them, and a record of what axe and the console found on every page visited, asserted
// empty at the end. The words people click are read from the product's own locale files and the forms'
// Danish phrasebook, so one journey reads in both languages; what a rule promises is asserted in the spec.
import { expect } from 'chai';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import type { OutboxMessage } from '../../cases/outbox.js';
import type { UserTask } from '../../cases/tasks.js';
import { resourceOf, translator, type Language } from '../../web/i18n.js';
import { axeCheck, collectConsoleErrors, newContext, screenshot, type PageProblems } from './browser.js';
import { eventually } from './probe.js';
import type { TestWeb } from './web.js';

/** A person's browser: one page in a context (cookies) of its own. */
export interface Person {
  page: Page;
  problems: PageProblems;
  language: Language;
  /** the product's words in this person's language */
  t: ReturnType<typeof translator>;
  /** a form-js label as this person's task page shows it (the Danish phrasebook on Danish pages) */
  formLabel: (formId: string, english: string) => string;
}

/** What was found on each visited page, by page name. */
export type Findings = Record<string, string[]>;

export interface JourneyKit {
  /** A citizen's browser, with the language chosen on the first page. */
  citizen(language: Language): Promise<Person>;
  /** A new staff account with `roles`, logged in through the login page in `language`. */
  staff(roles: Parameters<TestWeb['staff']>[0], language: Language): Promise<Person & { username: string }>;
  /** Runs axe on the page as it is, saves a screenshot, records what it and the console found. */
  inspect(person: Person, name: string): Promise<void>;
  /** Everything found on the pages so far, by page name (asserted empty at a journey's end). */
  findings: Findings;
  /** The open user task of an instance at an element, once the inbox has stored it. */
  openTaskAt(processInstanceKey: string, elementId: string): Promise<UserTask>;
  /** The newest mail of a template to the citizen, once the outbox holds it. */
  mailOf(applicationId: string, template: string): Promise<OutboxMessage>;
  /** The private link's path (/hearing/<token>) in a mail. */
  linkIn(mail: OutboxMessage, path: string): string;
  /** Reloads `page` until `locator` shows, for what a worker or the inbox does in the background. */
  reloadUntilVisible(page: Page, locator: Locator, what: string): Promise<void>;
  /** Opens a task page and waits for form-js to render the form. */
  openTaskPage(person: Person, jobKey: string): Promise<void>;
  /** Presses the task page's complete button and waits for the page it leads to. */
  completeTask(person: Person, next: string | RegExp): Promise<void>;
  /** Closes every context the kit opened. */
  close(): Promise<void>;
}

/** The kit for one spec file; `stepMs` is how long a step of the process may take to show. */
export function journeyKit(web: TestWeb, browser: Browser, stepMs: number): JourneyKit {
  const contexts: BrowserContext[] = [];
  const findings: Findings = {};
  const phrasebook = resourceOf('da', 'forms') as Record<string, Record<string, string>>;

  async function person(language: Language): Promise<Person> {
    const context = await newContext(browser);
    contexts.push(context);
    const page = await context.newPage();
    // a page that asks the engine (the checklist decision) may wait on a busy shared Zeebe
    page.setDefaultTimeout(60_000);
    return {
      page,
      problems: await collectConsoleErrors(page),
      language,
      t: translator(language),
      formLabel: (formId, english) => (language === 'da' ? (phrasebook[formId]?.[english] ?? english) : english),
    };
  }

  return {
    findings,

    async citizen(language) {
      return person(language);
    },

    async staff(roles, language) {
      const { username, password } = await web.staff(roles);
      const someone = await person(language);
      const { page, t } = someone;
      await page.goto(`${web.url}/staff/login?lang=${language}`);
      await page.getByLabel(t('staff:login.username')).fill(username);
      await page.getByLabel(t('staff:login.password')).fill(password);
      const [response] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST'),
        page.getByRole('button', { name: t('staff:login.submit'), exact: true }).click(),
      ]);
      expect(response.status(), 'the login post').to.equal(303);
      // opened again by its address: the redirect can overtake the session's save, and land on the login
      await page.goto(`${web.url}/staff`, { waitUntil: 'networkidle' });
      expect(page.url()).to.equal(`${web.url}/staff`);
      return { ...someone, username };
    },

    async inspect({ page, problems, language }, name) {
      // 'load', not 'networkidle': a PDF preview opened in the case file keeps the network busy
      await page.waitForLoadState('load');
      const violations = await axeCheck(page);
      await screenshot(page, `journey-${language}-${name}`);
      const found = [...violations.map((v) => `axe ${v.summary}`), ...problems.all.splice(0)];
      if (found.length > 0) findings[`${language} ${name}`] = found;
    },

    openTaskAt: (processInstanceKey, elementId) =>
      eventually(async () => {
        const row = (await web
          .knex('user_tasks')
          .where({ process_instance_key: processInstanceKey, element_id: elementId, status: 'open' })
          .first()) as { job_key: string } | undefined;
        expect(row, `an open ${elementId}`).to.not.equal(undefined);
        const task = await web.caseFile.tasks.get(row?.job_key ?? '');
        if (!task) throw new Error('task vanished');
        return task;
      }, stepMs),

    mailOf: (applicationId, template) =>
      eventually(async () => {
        const mails = await web.caseFile.outbox.listForApplication(applicationId, 'spec');
        const mail = mails.filter((m) => m.template === template).at(-1);
        expect(mail, `a ${template} mail`).to.not.equal(undefined);
        if (!mail) throw new Error('no mail');
        return mail;
      }, stepMs),

    linkIn(mail, path) {
      const token = new RegExp(`/${path}/([A-Za-z0-9_-]+)`).exec(mail.bodyText)?.[1];
      expect(token, `the ${path} link in the ${mail.template} mail`).to.be.a('string');
      return `/${path}/${token ?? ''}`;
    },

    async reloadUntilVisible(page, locator, what) {
      await eventually(async () => {
        await page.reload({ waitUntil: 'networkidle' });
        expect(await locator.count(), what).to.be.greaterThan(0);
      }, stepMs);
    },

    async openTaskPage({ page }, jobKey) {
      await page.goto(`${web.url}/staff/tasks/${jobKey}`, { waitUntil: 'networkidle' });
      await page.locator('#complete-form').waitFor();
    },

    async completeTask({ page, t }, next) {
      await Promise.all([
        page.waitForURL(next),
        page.getByRole('button', { name: t('tasks:actions.complete'), exact: true }).click(),
      ]);
    },

    async close() {
      for (const context of contexts.splice(0)) await context.close().catch(() => undefined);
    },
  };
}
