// The web on a fresh database and the engine in use, listening on a free port, for HTTP and browser specs.
// Staff accounts are created per spec with known passwords; `staffAgent` logs one in and keeps its cookies.
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import type { Knex } from 'knex';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent.js';
import { createCaseFile, type CaseFile } from '../../cases/index.js';
import { loadConfig } from '../../lib/config/index.js';
import { migrate } from '../../lib/db/migrate.js';
import { deployModels } from '../../lib/engine-client/deploy-models.js';
import { createLogger } from '../../lib/logger/index.js';
import type { Role } from '../../web/auth/accounts.js';
import type { OidcSettings } from '../../web/deps.js';
import { startWeb, type RunningWeb } from '../../web/server.js';
import { emptyDatabase } from '../cases/database.js';
import { atEnd, testEngine, type TestEngine } from './engine.js';

/** A running web for specs. */
export interface TestWeb {
  url: string;
  knex: Knex;
  caseFile: CaseFile;
  engine: TestEngine;
  running: RunningWeb;
  /** A new staff account with these roles; returns its username and password. */
  staff(roles: Role[]): Promise<{ username: string; password: string }>;
  /** A supertest agent logged in as a new account with these roles. */
  staffAgent(roles: Role[]): Promise<TestAgent>;
  /** A supertest agent without a login (a citizen). */
  agent(): TestAgent;
}

/** The CSRF token of a page's first form. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no _csrf field on the page');
  return token;
}

/** A port free on 127.0.0.1 just now, for a web or server whose address must be known before it starts. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** Starts the web (and deploys the models) on a new database and the engine in use; stopped at the end. */
export async function startTestWeb(
  options: {
    port?: number;
    oidc?: OidcSettings;
    /** with a port: leave PUBLIC_URL unset, so lib/config derives the links from PORT as `npm start` does */
    derivePublicUrl?: boolean;
    /** DESIGNER_DIRECT_DEPLOY=on: the designer deploys without an approved draft (a development installation) */
    directDeploy?: boolean;
  } = {},
): Promise<TestWeb> {
  const engine = await testEngine();
  const { knex, connectionString } = await emptyDatabase({ pool: 6 });
  await migrate(knex);
  const deployed = await deployModels(engine.zeebe);
  // with a port chosen up front, links and the single sign-on callback point at this web
  const port = options.port ? String(options.port) : undefined;
  const publicUrl = port && !options.derivePublicUrl ? `http://127.0.0.1:${port}` : undefined;
  const config = {
    ...loadConfig(
      { PUBLIC_URL: publicUrl, PORT: port, DESIGNER_DIRECT_DEPLOY: options.directDeploy ? 'on' : undefined },
      {},
    ),
    port: options.port ?? 0,
    oidc: options.oidc,
  };
  const log = createLogger({ level: 'silent' });
  const caseFile = createCaseFile({ knex, config, log });
  await caseFile.deployedResources.record(deployed.records, 'system:spec');
  const running = await startWeb(
    { caseFile, engine: engine.zeebe, knex, connectionString, config, log },
    { port: options.port ?? 0 },
  );
  atEnd(() => running.close());
  const url = running.url;
  const staff = async (roles: Role[]) => {
    const username = `staff-${randomBytes(4).toString('hex')}`;
    const password = randomBytes(12).toString('base64url');
    await running.web.accounts.create({ username, displayName: `Test ${roles.join('+')}`, password, roles });
    return { username, password };
  };
  return {
    url,
    knex,
    caseFile,
    engine,
    running,
    staff,
    agent: () => request.agent(url),
    async staffAgent(roles) {
      const { username, password } = await staff(roles);
      const agent = request.agent(url);
      const page = await agent.get('/staff/login').expect(200);
      await agent
        .post('/staff/login')
        .type('form')
        .send({ _csrf: csrfOf(page.text), username, password })
        .expect(303);
      return agent;
    },
  };
}
