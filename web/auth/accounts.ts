// Staff accounts: local ones with argon2id hashes, and the roles that decide what each page allows.
// First start creates one demo account per role and returns their passwords once, for `npm start` to print.
import { randomBytes, randomUUID } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';

/** The roles of DESIGN.md and the issue: each page names the roles it admits. */
export const roles = ['back-office', 'front-office', 'team-lead', 'process-designer', 'admin'] as const;
/** A role. */
export type Role = (typeof roles)[number];

/** A staff member as the pages see them. */
export interface StaffAccount {
  id: string;
  username: string;
  displayName: string;
  roles: Role[];
}

interface AccountRow {
  id: string;
  username: string;
  display_name: string;
  password_hash: string | null;
  roles: Role[];
  disabled_at: Date | null;
}

const toAccount = (row: AccountRow): StaffAccount => ({
  id: row.id,
  username: row.username,
  displayName: row.display_name,
  roles: row.roles,
});

// a hash to verify against when the username is unknown, so a miss takes as long as a wrong password
let decoyHash: Promise<string> | undefined;

/** The accounts repository. */
export interface Accounts {
  /** The account for a username and password, or undefined (unknown, disabled or wrong password alike). */
  authenticate(username: string, password: string): Promise<StaffAccount | undefined>;
  /** An enabled account by id. */
  byId(id: string): Promise<StaffAccount | undefined>;
  /** An enabled account linked to an OIDC subject. */
  byOidcSubject(subject: string): Promise<StaffAccount | undefined>;
  /**
   * Links an OIDC subject to the enabled account with this username, if it has none yet and is not an admin
   * account, and returns it; undefined otherwise.
   */
  linkOidcSubject(username: string, subject: string): Promise<StaffAccount | undefined>;
  /** Creates an account; returns it. */
  create(input: { username: string; displayName: string; password: string; roles: Role[] }): Promise<StaffAccount>;
  /** Every enabled account (for assigning tasks). */
  list(): Promise<StaffAccount[]>;
  /**
   * On an empty table, creates the demo accounts (one per role, and "lead" with team-lead and back-office)
   * and returns their usernames and generated passwords; otherwise returns [].
   */
  ensureDemoAccounts(): Promise<{ username: string; password: string; roles: Role[] }[]>;
}

/** Demo accounts of a fresh install: username, display name, roles. */
export const demoAccounts: { username: string; displayName: string; roles: Role[] }[] = [
  { username: 'backoffice', displayName: 'Bo Back-office', roles: ['back-office'] },
  { username: 'frontoffice', displayName: 'Frida Front-office', roles: ['front-office'] },
  { username: 'lead', displayName: 'Lene Team-lead', roles: ['team-lead', 'back-office', 'front-office'] },
  { username: 'designer', displayName: 'Dan Designer', roles: ['process-designer'] },
  { username: 'admin', displayName: 'Ada Admin', roles: ['admin'] },
];

/** Creates the accounts repository. */
export function createAccounts({ knex }: { knex: Knex }): Accounts {
  const enabled = () => knex('staff_accounts').whereNull('disabled_at');
  const accounts: Accounts = {
    async authenticate(username, password) {
      const row = await enabled().where({ username }).first<AccountRow | undefined>();
      if (!row?.password_hash) {
        decoyHash ??= hash(randomBytes(16).toString('hex'));
        await verify(await decoyHash, password).catch(() => false);
        return undefined;
      }
      return (await verify(row.password_hash, password)) ? toAccount(row) : undefined;
    },
    async byId(id) {
      const row = await enabled().where({ id }).first<AccountRow | undefined>();
      return row && toAccount(row);
    },
    async byOidcSubject(subject) {
      const row = await enabled().where({ oidc_subject: subject }).first<AccountRow | undefined>();
      return row && toAccount(row);
    },
    async linkOidcSubject(username, subject) {
      // preferred_username is the provider's to give and not promised unique: an admin account is never linked by
      // it, only by an admin setting oidc_subject
      const [row] = await enabled()
        .where({ username })
        .whereNull('oidc_subject')
        .whereRaw("not ('admin' = any(roles))")
        .update({ oidc_subject: subject })
        .returning<AccountRow[]>('*');
      return row && toAccount(row);
    },
    async create({ username, displayName, password, roles: granted }) {
      const [row] = await knex('staff_accounts')
        .insert({
          id: randomUUID(),
          username,
          display_name: displayName,
          password_hash: await hash(password),
          roles: granted,
        })
        .returning<AccountRow[]>('*');
      if (!row) throw new Error('account insert returned nothing');
      return toAccount(row);
    },
    async list() {
      return (await enabled().orderBy('display_name')).map((row: AccountRow) => toAccount(row));
    },
    async ensureDemoAccounts() {
      const [{ count } = { count: '0' }] = await knex('staff_accounts').count<{ count: string }[]>({ count: '*' });
      if (Number(count) > 0) return [];
      const created: { username: string; password: string; roles: Role[] }[] = [];
      for (const demo of demoAccounts) {
        const password = randomBytes(9).toString('base64url');
        try {
          await accounts.create({ ...demo, password });
          created.push({ username: demo.username, password, roles: demo.roles });
        } catch {
          // another process created them at the same moment: theirs stand, and they print them
          return [];
        }
      }
      return created;
    },
  };
  return accounts;
}
