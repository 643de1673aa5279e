// The case's timeline: what happened to the case, in the words a caseworker uses (submitted, checked,
// hearing sent, answered, booked, attended, CPR number issued), read from the audit log. The audit log
// itself records every read as well, which is what a citizen's access request needs and what a caseworker
// does not: the timeline keeps only the events that moved the case, and leaves the log complete behind its
// own tab. Pure: the caller reads the log.
import type { AuditEntry, AuditValue } from './audit.js';

/** What happened, as the timeline names it. */
export type TimelineKind =
  | 'submitted'
  | 'document-uploaded'
  | 'checked'
  | 'task-completed'
  | 'hearing-sent'
  | 'hearing-reminded'
  | 'hearing-answered'
  | 'invited'
  | 'booked'
  | 'rebooked'
  | 'booking-cancelled'
  | 'checked-in'
  | 'no-show'
  | 'cpr-issued'
  | 'tax-agency-notified'
  | 'withdrawn'
  | 'closed'
  | 'mail-sent';

/** Who did it, as far as the timeline says: the citizen, a staff member (by username) or the system. */
export type TimelineActor = { kind: 'citizen' } | { kind: 'staff'; username: string } | { kind: 'system' };

/** One event of the timeline, with the few identifiers its sentence needs (never personal data). */
export interface TimelineEvent {
  at: Date;
  kind: TimelineKind;
  actor: TimelineActor;
  /** e.g. the document code, the hearing round, the task's element id, the mail template, the closing status */
  detail: Record<string, string>;
}

function actorOf(actor: string): TimelineActor {
  if (actor === 'citizen') return { kind: 'citizen' };
  if (actor.startsWith('staff:')) return { kind: 'staff', username: actor.slice('staff:'.length) };
  return { kind: 'system' };
}

const text = (value: AuditValue | undefined) =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : '';

/** The timeline event an audit entry stands for, or undefined for a read or a step of no interest. */
function eventOf(entry: AuditEntry): Omit<TimelineEvent, 'at' | 'actor'> | undefined {
  const d = entry.detail;
  switch (entry.action) {
    case 'application-created':
      return { kind: 'submitted', detail: {} };
    case 'document-uploaded':
      return { kind: 'document-uploaded', detail: { document: text(d.kind) } };
    case 'status-changed':
      // the automatic check hands the case to review; a closing status says how the case ended
      if (d.to === 'in-review') return { kind: 'checked', detail: {} };
      if (typeof d.to === 'string' && d.to.startsWith('closed-')) return { kind: 'closed', detail: { status: d.to } };
      return undefined;
    case 'task-completed':
      return { kind: 'task-completed', detail: { elementId: text(d.elementId) } };
    case 'hearing-opened':
      return { kind: 'hearing-sent', detail: { round: text(d.round) } };
    case 'hearing-reminded':
      return { kind: 'hearing-reminded', detail: {} };
    case 'hearing-answered':
      return { kind: 'hearing-answered', detail: {} };
    case 'booking-invited':
      return { kind: 'invited', detail: {} };
    case 'appointment-booked':
      return { kind: 'booked', detail: {} };
    case 'appointment-changed':
      return { kind: 'rebooked', detail: {} };
    case 'appointment-cancelled':
      return { kind: 'booking-cancelled', detail: {} };
    case 'appointment-checked-in':
      return { kind: 'checked-in', detail: {} };
    case 'appointment-no-show':
      return { kind: 'no-show', detail: {} };
    case 'cpr-number-issued':
      return { kind: 'cpr-issued', detail: {} };
    case 'tax-agency-notified':
      return { kind: 'tax-agency-notified', detail: {} };
    case 'withdrawal-requested':
      return { kind: 'withdrawn', detail: {} };
    case 'mail-sent':
      return { kind: 'mail-sent', detail: { template: text(d.template) } };
    default:
      return undefined;
  }
}

/** The case's timeline from its audit entries (oldest first), oldest first. */
export function caseTimeline(audit: readonly AuditEntry[]): TimelineEvent[] {
  const events: TimelineEvent[] = [];
  for (const entry of audit) {
    const event = eventOf(entry);
    if (event) events.push({ ...event, at: entry.at, actor: actorOf(entry.actor) });
  }
  return events;
}
