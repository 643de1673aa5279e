// migrations/ and lib/db/migrate: every migration file is listed, and migrating is idempotent and safe
// when several processes start at once on a new database.
import { expect } from 'chai';
import fs from 'node:fs/promises';
import path from 'node:path';
import knexFactory from 'knex';
import { migrate } from '../../lib/db/migrate.js';
import { migrations } from '../../migrations/index.js';
import * as deadlineEndOfDay from '../../migrations/20261207090000-deadline-end-of-day.js';
import * as noCprNumberInMail from '../../migrations/20261207090100-no-cpr-number-in-mail.js';
import { emptyDatabase } from './database.js';
import { freshCaseFile, newApplication } from './fixtures.js';

describe('lib/db/migrate', function () {
  this.timeout(60_000);

  it('lists every file of migrations/, in file name order', async () => {
    const files = (await fs.readdir(path.resolve('migrations')))
      .filter((file) => file !== 'index.ts')
      .map((file) => path.basename(file, '.ts'))
      .sort();
    expect(migrations.map((m) => m.name)).to.deep.equal(files);
  });

  it('creates the tables once, and a second run changes nothing', async () => {
    // given an empty database
    const { knex } = await emptyDatabase();
    // when it is migrated twice
    const first = await migrate(knex);
    const second = await migrate(knex);
    // then the first run applied everything, in the public schema, and the second nothing
    expect(first).to.deep.equal(migrations.map((m) => m.name));
    expect(second).to.deep.equal([]);
    const tables = await knex('information_schema.tables').where({ table_schema: 'public' }).pluck('table_name');
    expect(tables).to.include.members([
      'cpr_register',
      'knex_migrations',
      'knex_migrations_lock',
      'municipalities',
      'applications',
      'applicants',
      'family_members',
      'documents',
      'audit_log',
      'hearing_requests',
      'appointment_slots',
      'booking_invitations',
      'bookings',
      'notification_outbox',
      'siri_residence_records',
      'tax_agency_notices',
    ]);
  });

  it('lets processes that start together on a new database all succeed, applying each migration once', async () => {
    // given an empty database and five processes, each with its own pool
    const { connectionString } = await emptyDatabase();
    const processes = Array.from({ length: 5 }, () =>
      knexFactory({ client: 'pg', connection: connectionString, pool: { min: 0, max: 2 } }),
    );
    try {
      // when they all migrate at once
      const applied = await Promise.all(processes.map((knex) => migrate(knex)));
      // then exactly one applied the migrations, and the lock is free and single
      expect(applied.filter((names) => names.length > 0)).to.have.length(1);
      const [knex] = processes as [ReturnType<typeof knexFactory>];
      expect(await knex('knex_migrations').pluck('name')).to.deep.equal(migrations.map((m) => m.name));
      expect(await knex('knex_migrations_lock').select('is_locked')).to.deep.equal([{ is_locked: 0 }]);
    } finally {
      await Promise.all(processes.map((knex) => knex.destroy()));
    }
  });

  it('20261207090000: moves a link still open to the end of the day its mail named, and leaves closed ones', async () => {
    // given two hearings as the code before one deadline made them: mailed "by 20 January 2027", lapsing a day
    // later at the time of day they were sent
    const { knex, caseFile } = await freshCaseFile();
    const hearing = async () => {
      const { applicationId } = await caseFile.applications.create(newApplication());
      const opened = await caseFile.hearings.open(
        applicationId,
        { idempotencyKey: `migration-${applicationId}`, missingDocuments: ['passport'], message: 'm', messageDa: 'm' },
        'spec',
      );
      await knex('hearing_requests')
        .where({ id: opened.hearingId })
        .update({ expires_at: new Date('2027-01-21T09:15:00Z') });
      return { applicationId, hearingId: opened.hearingId };
    };
    const open = await hearing();
    const closed = await hearing();
    await knex('hearing_requests')
      .where({ id: closed.hearingId })
      .update({ closed_at: new Date('2027-01-02T10:00:00Z'), outcome: 'superseded' });
    // when the migration runs
    await deadlineEndOfDay.up(knex);
    // then the open one lapses at midnight after 20 January in Copenhagen, and its page prints that day
    const moved = await caseFile.hearings.current(open.applicationId, 'caseworker:cw-1');
    expect(moved?.expiresAt.toISOString()).to.equal('2027-01-20T23:00:00.000Z');
    expect(moved?.answerBy).to.equal('2027-01-20');
    const kept = await caseFile.hearings.current(closed.applicationId, 'caseworker:cw-1');
    expect(kept?.expiresAt.toISOString()).to.equal('2027-01-21T09:15:00.000Z');
  });

  it('20261207090100: writes a registration mail still waiting without its CPR number, and leaves sent ones', async () => {
    // given two registration mails as the old template wrote them, one waiting and one sent
    const { knex, caseFile } = await freshCaseFile();
    const { applicationId } = await caseFile.applications.create(newApplication());
    const old = (id: string, status: 'pending' | 'sent') => ({
      id,
      dedupe_key: `old-${id}`,
      application_id: applicationId,
      to_address: 'asha@example.org',
      template: 'cpr-issued',
      language: 'en',
      subject: 'Your CPR number',
      body_text: 'Your CPR number is 120490-1234.',
      status,
      sent_at: status === 'sent' ? new Date() : null,
    });
    await knex('notification_outbox').insert([old('waiting', 'pending'), old('gone', 'sent')]);
    // when the migration runs
    await noCprNumberInMail.up(knex);
    // then the waiting one holds no number and says where to get it; the sent one is the record of what went
    const body = async (id: string) =>
      ((await knex('notification_outbox').where({ id }).first()) as { body_text: string }).body_text;
    const rewritten = await body('waiting');
    expect(rewritten).not.to.contain('120490');
    expect(rewritten).to.contain('registration confirmation');
    expect(await body('gone')).to.equal('Your CPR number is 120490-1234.');
  });
});
