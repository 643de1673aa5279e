// Custom headers of a job, including the reserved headers Zeebe writes for job-based user tasks.
import { evaluate, wrongType } from '../feel/expression.js';
import { parseDateTime } from '../feel/temporal.js';
import type { Expression, FlowNode } from '../model/types.js';

const PREFIX = 'io.camunda.zeebe:';

export type HeaderResult = { ok: true; headers: Record<string, string> } | { ok: false; message: string };

/** Java's ZonedDateTime.toString(), which Zeebe uses: seconds only when not zero, `Z` for UTC. */
export function javaDateTime(text: string): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(?::(\d{2})(?:\.(\d+))?)?(Z|[+-]\d{2}:?\d{2})?(\[.*\])?$/.exec(
    text.trim(),
  );
  if (!match || parseDateTime(text) === undefined) return undefined;
  const [, minutes, seconds = '00', fraction = '', offset = 'Z', zone = ''] = match;
  const nanos = fraction.replace(/0+$/, '');
  const digits =
    nanos.length === 0
      ? ''
      : nanos.length <= 3
        ? nanos.padEnd(3, '0')
        : nanos.length <= 6
          ? nanos.padEnd(6, '0')
          : nanos.padEnd(9, '0');
  const time = seconds === '00' && digits === '' ? minutes : `${minutes}:${seconds}${digits ? `.${digits}` : ''}`;
  const normalizedOffset = offset === '+00:00' || offset === '-00:00' ? 'Z' : offset;
  return `${time}${normalizedOffset}${zone}`;
}

function list(
  expression: Expression,
  context: Record<string, unknown>,
): { ok: true; value: string } | { ok: false; message: string } {
  if (expression.kind === 'static') {
    const items = expression.value
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== '');
    return { ok: true, value: JSON.stringify(items) };
  }
  const result = evaluate(expression, context);
  if (!result.ok) return result;
  const value = result.value;
  if (!Array.isArray(value) || value.some((v) => typeof v !== 'string'))
    return { ok: false, message: wrongType(expression, 'ARRAY', value) };
  return { ok: true, value: JSON.stringify(value) };
}

function text(
  expression: Expression,
  context: Record<string, unknown>,
): { ok: true; value: string } | { ok: false; message: string } {
  const result = evaluate(expression, context);
  if (!result.ok) return result;
  if (typeof result.value !== 'string') return { ok: false, message: wrongType(expression, 'STRING', result.value) };
  return { ok: true, value: result.value };
}

function date(
  expression: Expression,
  context: Record<string, unknown>,
): { ok: true; value: string } | { ok: false; message: string } {
  const result = text(expression, context);
  if (!result.ok) return result;
  if (result.value === '') return result;
  const formatted = javaDateTime(result.value);
  if (!formatted) {
    return {
      ok: false,
      message: `Expected result of the expression '${expression.kind === 'feel' ? expression.source : expression.value}' to be a valid date-time string, but was '${result.value}'`,
    };
  }
  return { ok: true, value: formatted };
}

/** All headers of the job for `node`, evaluating user task settings in `context`. */
export function jobHeaders(node: FlowNode, context: Record<string, unknown>): HeaderResult {
  const headers: Record<string, string> = {};
  for (const [key, value] of Object.entries(node.job?.headers ?? {}))
    if (key !== '' && value !== '') headers[key] = value;
  const task = node.userTask;
  if (!task) return { ok: true, headers };
  const fields: [string, Expression | undefined, typeof text][] = [
    ['assignee', task.assignee, text],
    ['candidateGroups', task.candidateGroups, list],
    ['candidateUsers', task.candidateUsers, list],
    ['dueDate', task.dueDate, date],
    ['followUpDate', task.followUpDate, date],
  ];
  for (const [name, expression, read] of fields) {
    if (!expression) continue;
    const result = read(expression, context);
    if (!result.ok) return result;
    if (result.value !== '') headers[`${PREFIX}${name}`] = result.value;
  }
  if (task.formKey) headers[`${PREFIX}formKey`] = task.formKey;
  return { ok: true, headers };
}
