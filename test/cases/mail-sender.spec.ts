// cases/mail-sender against a real SMTP server (smtp-server on 127.0.0.1, a port of its own): the outbox
// is delivered to the right recipient with the right subject, each mail once, however often or however
// concurrently the sender runs; without SMTP_URL mails wait in the outbox.
import { expect } from 'chai';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { SMTPServer } from 'smtp-server';
import type { CaseFile } from '../../cases/index.js';
import { createMailSender, retryDelayMs } from '../../cases/mail-sender.js';
import { loadConfig } from '../../lib/config/index.js';
import { createLogger } from '../../lib/logger/index.js';
import { FakeClock, freshCaseFile, newApplication } from './fixtures.js';

interface Received {
  from: string;
  to: string[];
  raw: string;
}

/** An SMTP server that keeps what it receives and refuses recipients at bounce.example.org. */
async function startSmtpServer(): Promise<{ url: string; received: Received[]; close(): Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.endsWith('@bounce.example.org')) callback(new Error('550 no such mailbox'));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const from = session.envelope.mailFrom;
        received.push({
          from: from ? from.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('cases/mail-sender', function () {
  this.timeout(60_000);
  const log = createLogger({ level: 'silent' });
  let knex: Knex;
  let caseFile: CaseFile;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  const senders: { close(): void }[] = [];
  const sender = (options: { smtpUrl?: string | undefined; clock?: FakeClock; maxAttempts?: number } = {}) => {
    const created = createMailSender({
      knex,
      smtpUrl: 'smtpUrl' in options ? options.smtpUrl : smtp.url,
      from: 'International House <noreply@ihcph.example>',
      log,
      audit: caseFile.audit,
      clock: options.clock,
      maxAttempts: options.maxAttempts,
    });
    senders.push(created);
    return created;
  };
  const to = (address: string) => smtp.received.filter((mail) => mail.to.includes(address));

  before(async () => {
    ({ knex, caseFile } = await freshCaseFile());
    smtp = await startSmtpServer();
  });
  after(async () => {
    for (const s of senders) s.close();
    await smtp.close();
  });

  it('delivers a pending mail to its recipient with its subject over SMTP, and marks it sent', async () => {
    // given an application, whose receipt waits in the outbox
    const { applicationId, reference } = await caseFile.applications.create(
      newApplication({ email: 'first@example.org' }),
    );
    // when the sender runs
    const report = await sender().sendPending();
    // then the SMTP server got the receipt, from the office, for the applicant, with the case's subject
    expect(report.sent).to.be.at.least(1);
    const [mail] = to('first@example.org');
    expect(mail?.to).to.deep.equal(['first@example.org']);
    expect(mail?.from).to.equal('noreply@ihcph.example');
    expect(mail?.raw).to.contain(`Subject: We have received your application ${reference}`);
    const [row] = await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1');
    expect(row).to.deep.include({ status: 'sent', attempts: 1, lastError: null });
    expect(row?.sentAt).to.be.instanceOf(Date);
    expect(mail?.raw).to.contain(`Message-ID: <outbox.${row?.id ?? ''}@ihcph.example>`);
  });

  it('links hearing and booking mails to the port the portal runs on when PUBLIC_URL is unset', async () => {
    // given a case file configured as `PORT=3921 npm start` configures it, without PUBLIC_URL
    const { publicUrl } = loadConfig({ PORT: '3921' }, {});
    const { knex: localKnex, caseFile: local } = await freshCaseFile({ config: { publicUrl } });
    const { applicationId } = await local.applications.create(newApplication({ email: 'on-3921@example.org' }));
    // when a hearing is opened and the citizen is invited to book, and the mails go out
    const { token: hearing = '' } = await local.hearings.open(
      applicationId,
      {
        idempotencyKey: 'port-hearing',
        missingDocuments: ['passport'],
        message: 'Unreadable.',
        messageDa: 'Ulæselig.',
      },
      'spec',
    );
    const { token: booking = '' } = await local.appointments.invite(applicationId, 'port-invitation', 'spec');
    const sent = createMailSender({
      knex: localKnex,
      smtpUrl: smtp.url,
      from: 'IH <noreply@ihcph.example>',
      log,
      audit: local.audit,
    });
    senders.push(sent);
    await sent.sendPending();
    // then both links the citizen receives lead to port 3921 (quoted-printable soft breaks undone)
    const bodies = to('on-3921@example.org').map((mail) => mail.raw.replace(/=\r?\n/g, ''));
    expect(
      bodies.some((raw) => raw.includes(`http://localhost:3921/hearing/${hearing}`)),
      'hearing link',
    ).to.be.true;
    expect(
      bodies.some((raw) => raw.includes(`http://localhost:3921/booking/${booking}`)),
      'booking link',
    ).to.be.true;
  });

  it('mails nothing twice: not when two senders run at once, not when a run is repeated', async () => {
    // given three applications
    const addresses = ['a@example.org', 'b@example.org', 'c@example.org'].map((a) => `twice-${a}`);
    for (const email of addresses) await caseFile.applications.create(newApplication({ email }));
    // when two senders run together, and then again
    const [one, two] = [sender(), sender()];
    const reports = await Promise.all([one.sendPending(), two.sendPending()]);
    const again = await one.sendPending();
    // then each applicant got exactly one mail
    expect(reports[0].sent + reports[1].sent).to.equal(3);
    expect(again.sent).to.equal(0);
    for (const address of addresses) expect(to(address), address).to.have.length(1);
  });

  it('leaves mails pending without an SMTP server, readable through the outbox', async () => {
    const { applicationId } = await caseFile.applications.create(newApplication({ email: 'nobody-sends@example.org' }));
    const offline = sender({ smtpUrl: undefined });
    expect(offline.enabled).to.be.false;
    expect(await offline.sendPending()).to.deep.equal({ sent: 0, retrying: 0, failed: 0 });
    const [row] = await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1');
    expect(row).to.deep.include({ status: 'pending', attempts: 0, template: 'application-received' });
  });

  it('retries a refused mail after a back-off and gives up after the last attempt', async () => {
    // given a mail the server refuses
    const { applicationId } = await caseFile.applications.create(newApplication({ email: 'gone@bounce.example.org' }));
    const clock = new FakeClock(new Date(Date.now() + 1000));
    const stubborn = sender({ clock, maxAttempts: 2 });
    // when it is tried, tried again at once, and again after the back-off
    const first = await stubborn.sendPending();
    const afterFirst = await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1');
    const tooSoon = await stubborn.sendPending();
    clock.advance(retryDelayMs(1));
    const last = await stubborn.sendPending();
    // then it waited between attempts and is failed after the second, with the reason kept for a human
    // (other specs' mails may go out in the same runs; only this one can fail)
    expect([first.retrying, first.failed]).to.deep.equal([1, 0]);
    expect(afterFirst[0]).to.deep.include({ status: 'pending', attempts: 1 });
    expect([tooSoon.retrying, tooSoon.failed]).to.deep.equal([0, 0]);
    expect([last.retrying, last.failed]).to.deep.equal([0, 1]);
    const [row] = await caseFile.outbox.listForApplication(applicationId, 'caseworker:cw-1');
    expect(row).to.deep.include({ status: 'failed', attempts: 2, sentAt: null });
    expect(row?.lastError).to.contain('550');
  });
});
