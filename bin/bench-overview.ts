// `npm run bench:overview -- [--cases N] [--runs R]`
// How fast the production overview is with many cases: seeds N synthetic cases (default 100,000) into a
// fresh database with one generate_series insert per table (made-up names and numbers, only what the
// constraints demand), opens eight weeks of appointment slots with some seats booked, then times each of
// the overview's queries, the case search, and the whole /staff/overview page as a team lead sees it,
// R times (default 5). The database is the one at DATABASE_URL, or an embedded PostgreSQL in a temporary
// folder; either way the bench creates its own database in it and drops it at the end.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import knexFactory, { type Knex } from 'knex';
import request from 'supertest';
import { createCaseSearch } from '../cases/case-search.js';
import { addDays, localDate } from '../cases/clock.js';
import { createCaseFile } from '../cases/index.js';
import { createOverview } from '../cases/overview.js';
import { loadConfig } from '../lib/config/index.js';
import { openDatabase } from '../lib/db/index.js';
import { migrate } from '../lib/db/migrate.js';
import { createEngineClient } from '../lib/engine-client/index.js';
import { createEngineJournal } from '../lib/engine-client/journal.js';
import { createLogger } from '../lib/logger/index.js';
import * as overviewIndexes from '../migrations/20261123091000-overview-indexes.js';
import { createWebApp } from '../web/app.js';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '5' },
  },
});
const cases = Number(values.cases);
const runs = Number(values.runs);
if (!Number.isInteger(cases) || cases < 1 || cases > 999_999) throw new Error('--cases must be 1 to 999999');
if (!Number.isInteger(runs) || runs < 1) throw new Error('--runs must be a positive integer');

const say = (line: string) => console.log(line);
const log = createLogger({ level: 'warn' });
const config = { ...loadConfig(), port: 0 };

/** Times `work` and returns the milliseconds, to a tenth. */
async function timed(work: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await work();
  return Math.round(Number(process.hrtime.bigint() - started) / 100_000) / 10;
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

/** Cases spread over the last year: the older ones mostly closed, the newer ones in every open status. */
async function seed(knex: Knex, n: number): Promise<void> {
  await knex.raw(
    `insert into applications (id, reference, status, purpose, citizenship_group, is_married, move_in_date,
                               municipality_code, language, email, access_token_hash, process_instance_key,
                               created_at, updated_at, closed_at)
     select gen_random_uuid()::text, 'IH-2026-' || lpad(i::text, 6, '0'), s.status,
            (array['work', 'study', 'family', 'other'])[1 + i % 4], (array['eu', 'nordic', 'other'])[1 + i % 3],
            i % 3 = 0, (c.created_at + interval '10 days')::date, m.codes[1 + i % array_length(m.codes, 1)],
            'en', 'bench-' || i || '@example.org', md5('bench-token-' || i), (2251799813685248 + i)::text,
            c.created_at, c.created_at, case when s.status like 'closed-%' then c.closed_at end
       from generate_series(1, ?::int) as i
       cross join (select array_agg(code order by code) as codes from municipalities) m
       cross join lateral (select now() - ((i * 7919) % 365) * interval '1 day' - (i % 86400) * interval '1 second'
                                  as created_at,
                                  least(now(), now() - ((i * 7919) % 365) * interval '1 day'
                                               + (1 + i % 40) * interval '1 day') as closed_at,
                                  (i * 7919) % 365 as age) c
       cross join lateral (select case when c.age > 45 and i % 10 <> 0
                                    then (array['closed-issued', 'closed-issued', 'closed-issued', 'closed-rejected',
                                                'closed-unanswered', 'closed-withdrawn', 'closed-unbooked'])[1 + i % 7]
                                    else (array['submitted', 'checking', 'in-review', 'awaiting-documents',
                                                'documents-received', 'awaiting-booking', 'booked', 'no-show',
                                                'cpr-issued'])[1 + i % 9] end as status) s`,
    [n],
  );
  await knex.raw(
    `insert into applicants (application_id, given_name, family_name, birth_date, sex, nationality, passport_number,
                             street, postcode, city)
     select a.id, 'Bench', 'Applicant' || substr(a.reference, 9), date '1990-01-01', 'female', 'DE',
            'BP' || substr(a.reference, 9), 'Benchvej 1', '1600', 'København V'
       from applications a`,
  );
  const today = localDate(new Date());
  const caseFile = createCaseFile({ knex, config, log });
  await caseFile.appointments.openSlots({ from: today, to: addDays(today, 55) });
  await knex.raw(`update appointment_slots set booked = capacity where starts_at > now() and hashtext(id) % 3 = 0`);
  // vacuum sets the visibility map, as autovacuum would have by the time anyone looks, so index-only scans work
  await knex.raw('vacuum analyze');
}

async function main(): Promise<void> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'bench-overview-'));
  const server = await openDatabase({ databaseUrl: config.databaseUrl, dataDir, log });
  const name = `bench_overview_${randomBytes(4).toString('hex')}`;
  await server.knex.raw('create database ??', [name]);
  const url = new URL(server.connectionString);
  url.pathname = `/${name}`;
  const knex = knexFactory({ client: 'pg', connection: url.toString(), pool: { min: 0, max: 10 } });
  const engine = createEngineClient('127.0.0.1:1', { retry: false });
  try {
    await migrate(knex);
    // until migrations/index.ts lists it, the index migration is applied here (it is idempotent)
    await overviewIndexes.up(knex);
    say(`seeding ${cases} cases into ${name}...`);
    say(`seeded in ${await timed(() => seed(knex, cases))} ms`);

    const clock = { now: () => new Date() };
    const overview = createOverview({ knex, clock });
    const journal = createEngineJournal({ knex });
    const caseFile = createCaseFile({ knex, config, log });
    const search = createCaseSearch({ knex, audit: caseFile.audit, deployedResources: caseFile.deployedResources });
    const web = createWebApp({
      caseFile,
      engine,
      knex,
      connectionString: url.toString(),
      config: { ...config, sessionSecret: randomBytes(16).toString('hex') },
      log,
    });
    const password = randomBytes(12).toString('base64url');
    await web.accounts.create({ username: 'bench-lead', displayName: 'Bench', password, roles: ['team-lead'] });
    const agent = request.agent(web.app);
    const login = await agent.get('/staff/login');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(login.text)?.[1] ?? '';
    await agent.post('/staff/login').type('form').send({ _csrf: csrf, username: 'bench-lead', password });

    const measures: Record<string, () => Promise<unknown>> = {
      'status groups': () => overview.groups(),
      municipalities: () => overview.municipalities(),
      ageing: () => overview.ageing(),
      'throughput (12 weeks)': () => overview.throughput(12),
      'appointment load (6 weeks)': () => overview.appointmentLoad(6),
      incidents: () => journal.incidents(),
      'all panels (parallel)': () => overview.all(),
      'search by reference': () => search.search('IH-2026-000777', 'system:bench'),
      'search by passport': () => search.search('BP000777', 'system:bench'),
      'search by name': () => search.search('bench applicant00077', 'system:bench'),
      'GET /staff/overview': async () => {
        const response = await agent.get('/staff/overview');
        if (response.status !== 200) throw new Error(`overview answered ${response.status}`);
      },
    };
    const figures = await overview.groups();
    say(`cases per group: ${JSON.stringify(figures)}`);
    say(
      `\n${'ms per run'.padEnd(28)}${Array.from({ length: runs }, (_, i) => `#${i + 1}`.padStart(8)).join('')}  median`,
    );
    const summary: Record<string, number> = {};
    for (const [label, work] of Object.entries(measures)) {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) times.push(await timed(work));
      summary[label] = median(times);
      say(
        `${label.padEnd(28)}${times.map((t) => String(t).padStart(8)).join('')}  ${String(median(times)).padStart(6)}`,
      );
    }
    say(`\n${JSON.stringify({ cases, runs, medianMs: summary })}`);
    await web.close();
  } finally {
    await engine.close().catch(() => undefined);
    await knex.destroy();
    await server.knex.raw('drop database ?? with (force)', [name]);
    await server.close();
    await fs.rm(dataDir, { recursive: true, force: true });
  }
}

await main();
