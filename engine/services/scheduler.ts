// Work that falls due by the clock: timers, job deadlines, retry back-offs and message expiry.
// It sleeps until the earliest due time it knows of (new timers from this process wake it early) and
// looks at least once a second, which also picks up what other engine processes scheduled.
import { query } from '../state/sql.js';
import type { EngineCore } from '../core.js';
import type { TimerRow } from '../state/rows.js';
import { dueStartTimers, fireStartTimer } from '../commands/start-timers.js';

const MAX_SLEEP_MS = 1000;
const BATCH = 200;
/** Bounds one pass, so timers that keep failing cannot keep it busy. */
const MAX_TIMER_BATCHES = 10;
/** How often (in passes, about seconds) to look for held-back message starts. */
const HELD_START_SWEEP_TICKS = 10;

export class Scheduler {
  private timer: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  private ticks = 0;

  /**
   * @param releaseStart starts an instance from a buffered message whose start was held back because
   *   an instance with its correlation key was active (normally done when that instance ends; the
   *   sweep here catches what a crash at that moment would lose)
   */
  constructor(
    private readonly core: EngineCore,
    private readonly jobsAvailable: (types: string[]) => void,
    private readonly releaseStart: (bpmnProcessId: string, correlationKey: string) => Promise<void>,
  ) {
    core.listeners.push({ timerScheduled: (due) => this.wake(due) });
  }

  start(): void {
    this.wake(Date.now());
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  /** Makes sure the scheduler looks again no later than `at`. */
  wake(at: number): void {
    if (this.stopped || at >= this.wakeAt) return;
    clearTimeout(this.timer);
    this.wakeAt = at;
    this.timer = setTimeout(() => this.run(), Math.max(0, at - Date.now()));
  }

  private run(): void {
    this.wakeAt = Number.POSITIVE_INFINITY;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.tick()
      .catch((error: unknown) => this.core.log.error({ err: error }, 'scheduler pass failed'))
      .finally(() => {
        this.running = undefined;
        if (this.again) {
          this.again = false;
          this.wake(Date.now());
        }
      });
  }

  private async tick(): Promise<void> {
    const now = Date.now();
    // each kind of due work runs on its own: a timer that keeps failing must not hold up job time-outs
    await this.fireTimers(now).catch((error: unknown) => this.core.log.error({ err: error }, 'firing timers failed'));
    await this.fireStartTimers(now).catch((error: unknown) =>
      this.core.log.error({ err: error }, 'firing timer start events failed'),
    );
    await this.releaseJobs(now).catch((error: unknown) => this.core.log.error({ err: error }, 'releasing jobs failed'));
    await query(
      this.core.pool,
      `with expired as (delete from engine.messages where deadline <= $1 returning key)
       delete from engine.message_correlations c using expired where c.message_key = expired.key`,
      [now],
    );
    if (this.ticks++ % HELD_START_SWEEP_TICKS === 0) {
      await this.sweepHeldStarts(now).catch((error: unknown) =>
        this.core.log.error({ err: error }, 'starting held-back message start instances failed'),
      );
    }
    const { rows } = await query<{ next: number | null }>(
      this.core.pool,
      `select least((select min(due_date) from engine.timers),
                    (select min(due_date) from engine.start_timers),
                    (select min(deadline) from engine.jobs where state = 'ACTIVATED'),
                    (select min(recur_at) from engine.jobs where state = 'FAILED'))::float8 as next`,
    );
    const next = rows[0]?.next ?? Number.POSITIVE_INFINITY;
    this.wake(Math.min(next, Date.now() + MAX_SLEEP_MS));
  }

  private async fireTimers(now: number): Promise<void> {
    for (let batch = 0; batch < MAX_TIMER_BATCHES; batch++) {
      const { rows } = await query<{ key: string; process_instance_key: string }>(
        this.core.pool,
        'select key::text, process_instance_key::text from engine.timers where due_date <= $1 order by due_date limit $2',
        [now, BATCH],
      );
      for (const due of rows) {
        await this.core
          .onInstance(
            due.process_instance_key,
            () => new Error('gone'),
            async ({ client, interpreter }) => {
              const timer = (
                await query<TimerRow>(
                  client,
                  `select key::text, process_instance_key::text, element_instance_key::text, target_element_id,
                          due_date::float8 as due_date, repetitions, interval
                     from engine.timers where key = $1 and due_date <= $2 for update`,
                  [due.key, now],
                )
              ).rows[0];
              if (timer) await interpreter.triggerTimer(timer);
            },
          )
          .catch(async (error: unknown) => {
            if (error instanceof Error && error.message === 'gone') {
              await query(this.core.pool, 'delete from engine.timers where key = $1', [due.key]);
            } else {
              this.core.log.error({ err: error, timerKey: due.key }, 'a due timer could not be fired; retrying later');
            }
          });
      }
      if (rows.length < BATCH) return;
    }
  }

  /** Timer start events that are due create their instances, a batch at a time. */
  private async fireStartTimers(now: number): Promise<void> {
    for (let batch = 0; batch < MAX_TIMER_BATCHES; batch++) {
      const keys = await dueStartTimers(this.core, now, BATCH);
      for (const key of keys) {
        await fireStartTimer(this.core, key, now).catch((error: unknown) =>
          this.core.log.error({ err: error, startTimerKey: key }, 'a timer start event could not fire; retrying later'),
        );
      }
      if (keys.length < BATCH) return;
    }
  }

  /** Buffered keyed messages for a message start event, with no active instance holding their key. */
  private async sweepHeldStarts(now: number): Promise<void> {
    const { rows } = await query<{ bpmn_process_id: string; correlation_key: string }>(
      this.core.pool,
      `select distinct s.bpmn_process_id, m.correlation_key
         from engine.messages m join engine.message_start_subscriptions s on s.message_name = m.name
        where m.correlation_key <> '' and m.deadline > $1
          and not exists (select 1 from engine.message_correlations c where c.message_key = m.key and c.bpmn_process_id = s.bpmn_process_id)
          and not exists (select 1 from engine.process_instances p where p.bpmn_process_id = s.bpmn_process_id
                            and p.start_correlation_key = m.correlation_key and p.state = 'ACTIVE')`,
      [now],
    );
    for (const row of rows) await this.releaseStart(row.bpmn_process_id, row.correlation_key);
  }

  /** Job deadlines that passed and back-offs that ended make jobs activatable again. */
  private async releaseJobs(now: number): Promise<void> {
    const { rows } = await query<{ type: string }>(
      this.core.pool,
      `with due as (
         select key, state from engine.jobs
          where (state = 'ACTIVATED' and deadline <= $1) or (state = 'FAILED' and recur_at <= $1)
          for update skip locked
       ), released as (
         update engine.jobs j set state = 'ACTIVATABLE', worker = '', deadline = null, recur_at = null
           from due where j.key = due.key
         returning j.key, j.type, j.process_instance_key, j.element_id, j.retries, due.state as previous
       ), journal as (
         insert into engine.journal (process_instance_key, key, at, value_type, intent, element_id, detail)
         select process_instance_key, key, $1, 'JOB', case previous when 'FAILED' then 'RECURRED_AFTER_BACKOFF' else 'TIMED_OUT' end,
                element_id, jsonb_build_object('type', type, 'retries', retries)
           from released
       )
       select type, pg_notify('engine_jobs', $2 || ':' || type) from (select distinct type from released) t`,
      [now, this.core.origin],
    );
    const types = rows.map((r) => r.type);
    if (types.length === 0) return;
    this.jobsAvailable(types);
  }
}
