// LISTEN for what other engine processes on the same database announce: new activatable jobs and
// instances whose result someone waits for. The connection is re-established when it drops; since
// notifications sent meanwhile are lost, a reconnect is reported so callers can look again.
import pg from 'pg';
import type { EngineLogger } from '../core.js';

export interface NotificationHandlers {
  /** A notification from another engine process: channel and subject (job type or instance key). */
  received(channel: 'engine_jobs' | 'engine_results', subject: string): void;
  /** The connection was re-established after a loss; anything may have been missed. */
  reconnected(): void;
}

const ORIGIN_LENGTH = 36;

export class NotificationListener {
  private client: pg.Client | undefined;
  private stopped = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly databaseUrl: string,
    private readonly origin: string,
    private readonly handlers: NotificationHandlers,
    private readonly log: EngineLogger,
  ) {}

  async start(): Promise<void> {
    const client = new pg.Client({ connectionString: this.databaseUrl });
    client.on('notification', (note) => {
      const payload = note.payload ?? '';
      if (payload.slice(0, ORIGIN_LENGTH) === this.origin) return;
      const channel = note.channel === 'engine_results' ? 'engine_results' : 'engine_jobs';
      this.handlers.received(channel, payload.slice(ORIGIN_LENGTH + 1));
    });
    const lost = (error?: Error) => {
      if (this.stopped || this.client !== client) return;
      this.client = undefined;
      this.log.warn({ err: error }, 'notification connection lost; reconnecting');
      this.scheduleReconnect(1000);
    };
    client.on('error', lost);
    client.on('end', () => lost());
    await client.connect();
    await client.query('listen engine_jobs');
    await client.query('listen engine_results');
    this.client = client;
  }

  private scheduleReconnect(delayMs: number): void {
    this.retry = setTimeout(() => {
      this.start().then(
        () => this.handlers.reconnected(),
        () => this.scheduleReconnect(Math.min(delayMs * 2, 30_000)),
      );
    }, delayMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retry);
    await this.client?.end().catch(() => undefined);
  }
}
