// When a timer is due: a duration from now, a date, or a cycle, either ISO 8601 repetitions
// (`R[n]/[start/]duration`, the first after one interval) or a cron expression (engine/feel/temporal.ts).
// A timer row keeps its interval as text: an ISO duration, or the cron expression.
import { describeExpression, evaluate, wrongType } from '../feel/expression.js';
import {
  addDuration,
  cronProblem,
  isCron,
  nextDue,
  parseCycle,
  parseDateTime,
  parseDuration,
} from '../feel/temporal.js';
import type { TimerDefinition } from '../model/types.js';

export interface Schedule {
  due: number;
  /** How many times it fires; -1 for no end. */
  repetitions: number;
  /** What comes between two firings: an ISO duration or a cron expression; null for a one-off. */
  interval: string | null;
}

export type ScheduleOutcome = { ok: true; value: Schedule } | { ok: false; message: string };

/** Evaluates a timer definition (maybe FEEL) against `context` and says when it is first due. */
export function timerSchedule(timer: TimerDefinition, context: Record<string, unknown>, now: number): ScheduleOutcome {
  const result = evaluate(timer.expression, context);
  if (!result.ok) return { ok: false, message: result.message };
  const raw = result.value;
  const text = typeof raw === 'string' ? raw : undefined;
  const source = describeExpression(timer.expression);
  const fail = (format: string): ScheduleOutcome => ({
    ok: false,
    message:
      text === undefined
        ? wrongType(timer.expression, 'STRING', raw, context)
        : `Invalid ${format} format '${text}' for expression '${source}'.`,
  });
  if (text === undefined) return fail('');
  if (timer.kind === 'duration') {
    const duration = parseDuration(text);
    if (!duration) return fail('duration');
    return { ok: true, value: { due: addDuration(now, duration), repetitions: 1, interval: null } };
  }
  if (timer.kind === 'date') {
    const due = parseDateTime(text);
    if (due === undefined) return fail('date-time');
    return { ok: true, value: { due, repetitions: 1, interval: null } };
  }
  if (isCron(text)) {
    const problem = cronProblem(text);
    const due = problem ? undefined : nextDue(text.trim(), now);
    if (due === undefined) return fail('cycle');
    return { ok: true, value: { due, repetitions: -1, interval: text.trim() } };
  }
  const cycle = parseCycle(text);
  if (!cycle || addDuration(0, cycle.interval) <= 0) return fail('cycle');
  const intervalText = text.split('/').pop() ?? '';
  const start = cycle.start ?? now;
  return {
    ok: true,
    value: { due: addDuration(start, cycle.interval), repetitions: cycle.repetitions, interval: intervalText },
  };
}
