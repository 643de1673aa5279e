// When a timer is due: a duration from now, a date, or a cycle, either ISO 8601 repetitions
// (`R[n]/[start/]duration`, the first after one interval) or a cron expression in Spring's six-field
// syntax (seconds first, `?`, `L`, `#` and the @hourly-style macros), which Zeebe uses. Cron runs in UTC.
// A timer row keeps its interval as text: an ISO duration, or the cron expression.
import { CronExpressionParser } from 'cron-parser';
import { describeExpression, evaluate, wrongType } from '../feel/expression.js';
import { addDuration, parseCycle, parseDateTime, parseDuration } from '../feel/temporal.js';
import type { TimerDefinition } from '../model/types.js';

export interface Schedule {
  due: number;
  /** How many times it fires; -1 for no end. */
  repetitions: number;
  /** What comes between two firings: an ISO duration or a cron expression; null for a one-off. */
  interval: string | null;
}

export type ScheduleOutcome = { ok: true; value: Schedule } | { ok: false; message: string };

const macros = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);

/** Why `text` is not a cron expression Zeebe accepts, or undefined when it is one. */
export function cronProblem(text: string): string | undefined {
  const trimmed = text.trim();
  if (macros.has(trimmed)) return undefined;
  const parts = trimmed.split(/\s+/).length;
  if (parts !== 6) return `Cron expression contains ${parts} parts but we expect one of [6]`;
  try {
    CronExpressionParser.parse(trimmed, { tz: 'UTC' });
    return undefined;
  } catch (error) {
    return (error as Error).message;
  }
}

/** Whether `text` looks like a cron expression rather than an ISO repetition. */
export const isCron = (text: string) => !text.trim().startsWith('R');

/** The first time after `after` that an interval (ISO duration or cron) leads to. */
export function nextDue(interval: string, after: number): number | undefined {
  if (!isCron(interval) || interval.startsWith('P')) {
    const duration = parseDuration(interval);
    return duration ? addDuration(after, duration) : undefined;
  }
  try {
    return CronExpressionParser.parse(interval.trim(), { currentDate: new Date(after), tz: 'UTC' })
      .next()
      .getTime();
  } catch {
    return undefined;
  }
}

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
