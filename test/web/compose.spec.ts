// docker-compose.yml is a valid Compose file and wires the app the way lib/config reads it. Checked with
// `docker compose config` (the v2 plugin) or Debian's `docker-compose` (v1), neither of which needs a Docker
// daemon for it; skipped, saying how to get one, when neither is installed. Nothing is started.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { loadConfig } from '../../lib/config/index.js';
import { skipBecause } from '../support/engine.js';

const run = promisify(execFile);

/** The Compose command on this machine, or undefined. */
async function composeCommand(): Promise<string[] | undefined> {
  for (const command of [['docker', 'compose'], ['docker-compose']]) {
    const [file = '', ...args] = command;
    const works = await run(file, [...args, 'version']).then(
      () => true,
      () => false,
    );
    if (works) return command;
  }
  return undefined;
}

describe('deployment: docker-compose.yml', function () {
  this.timeout(30_000);
  let compose: string[];

  /** Runs `compose -f docker-compose.yml <args>` with no variables of our own, and returns its stdout. */
  async function config(...args: string[]): Promise<string> {
    const [file = '', ...prefix] = compose;
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
    const { stdout } = await run(file, [...prefix, '-f', 'docker-compose.yml', 'config', ...args], { env });
    return stdout;
  }

  before(async function () {
    const found = await composeCommand();
    if (!found) {
      const reason = 'no Docker Compose; apt-get install docker-compose (`config` needs no Docker daemon)';
      skipBecause(this, reason);
    }
    compose = found;
  });

  it('is a valid Compose file with the app, PostgreSQL and the mail catcher, and no Camunda image', async () => {
    await config('--quiet');
    const services = (await config('--services')).split('\n').filter(Boolean);
    expect(services).to.have.members(['app', 'postgres', 'mailpit']);
    const images = [...(await config()).matchAll(/^ +image: (\S+)$/gm)].map((m) => m[1] ?? '');
    expect(images).to.include('postgres:17');
    // the Zeebe distribution is under the Camunda License: nothing here may pull it
    expect(images.filter((image) => /camunda|zeebe/i.test(image))).to.deep.equal([]);
  });

  it('gives the app settings lib/config accepts: the embedded engine on the PostgreSQL service, mail to Mailpit', async () => {
    const resolved = await config();
    const setting = (key: string) => new RegExp(`^ +${key}: ['"]?([^'"\\n]+)['"]?$`, 'm').exec(resolved)?.[1];
    const env = {
      DATABASE_URL: setting('DATABASE_URL'),
      ZEEBE_GRPC_ADDRESS: setting('ZEEBE_GRPC_ADDRESS'),
      SMTP_URL: setting('SMTP_URL'),
      PUBLIC_URL: setting('PUBLIC_URL'),
      ENGINE_HOST: setting('ENGINE_HOST'),
    };
    const loaded = loadConfig({}, env);
    expect(new URL(loaded.databaseUrl ?? '').hostname).to.equal('postgres');
    // no external gateway: bin/start.ts then runs the embedded engine, reachable from outside the container
    expect(loaded.zeebeGrpcAddress).to.equal(undefined);
    expect(loaded.engineHost).to.equal('0.0.0.0');
    expect(new URL(loaded.smtpUrl ?? '').host).to.equal('mailpit:1025');
    expect(loaded.publicUrl).to.equal('http://localhost:3000');
  });

  it('starts the app only once its neighbours are healthy', async () => {
    const resolved = await config();
    const app = /^ {2}app:\n((?: {4}.*\n| *\n)+)/m.exec(resolved)?.[1] ?? '';
    for (const service of ['postgres', 'mailpit'])
      expect(app, `app depends on ${service}`).to.match(new RegExp(`${service}:\\n +condition: service_healthy`));
  });
});
