// Named (prepared) statements: PostgreSQL parses and plans each distinct statement once per connection
// instead of on every call, which matters for the few statements every command runs.
import { createHash } from 'node:crypto';
import type pg from 'pg';

const names = new Map<string, string>();

function nameOf(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `e_${createHash('sha1').update(text).digest('hex').slice(0, 16)}`;
    names.set(text, name);
  }
  return name;
}

/** Runs `text` as a named prepared statement on a client or pool. */
export function query<R extends pg.QueryResultRow>(
  db: pg.ClientBase | pg.Pool,
  text: string,
  values: unknown[] = [],
): Promise<pg.QueryResult<R>> {
  return db.query<R>({ name: nameOf(text), text, values });
}
