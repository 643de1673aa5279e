// One command, one transaction. Deadlocks and serialisation failures are retried, since the
// transaction rolled back completely and nothing was written.
import type pg from 'pg';

const retryable = new Set(['40P01', '40001']);

export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect();
    try {
      await client.query('begin');
      const result = await work(client);
      await client.query('commit');
      return result;
    } catch (error) {
      await client.query('rollback').catch(() => undefined);
      const code = (error as { code?: string }).code;
      if (code && retryable.has(code) && attempt < 5) {
        // a short random pause, so the transactions that collided do not meet again in lockstep
        await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
        continue;
      }
      throw error;
    } finally {
      client.release();
    }
  }
}
