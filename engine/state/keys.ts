// Zeebe-shaped keys: partition 1 in the high bits (key = 1 << 51 | counter), as strings.
// Counters come from a database sequence in blocks, so several engine processes never collide.
import type pg from 'pg';

const PARTITION_BASE = 1n << 51n;
const BLOCK = 256;

export class KeyAllocator {
  private readonly free: string[] = [];
  private refill: Promise<void> | undefined;

  constructor(private readonly pool: pg.Pool) {}

  async next(): Promise<string> {
    while (this.free.length === 0) {
      this.refill ??= this.fetch().finally(() => (this.refill = undefined));
      await this.refill;
    }
    return this.free.shift() as string;
  }

  private async fetch(): Promise<void> {
    const { rows } = await this.pool.query<{ n: string }>(
      `select nextval('engine.key_counter')::text as n from generate_series(1, $1)`,
      [BLOCK],
    );
    for (const row of rows) this.free.push((PARTITION_BASE + BigInt(row.n)).toString());
  }
}
