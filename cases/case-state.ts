// The state every case transaction shares: the lock on the case's row, and the move from one status to
// another. Other services call these inside their own transactions, so a hearing opened, a booking made or
// a document received changes the status in the same commit as the thing itself.
import type { Knex } from 'knex';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors/index.js';
import type { AuditLog } from './audit.js';
import type { Clock } from './clock.js';
import { isApplicationStatus, isClosedStatus, type ApplicationStatus } from './statuses.js';

/** The result of a status change. */
export interface StatusChange {
  previous: ApplicationStatus;
  status: ApplicationStatus;
  changed: boolean;
}

/**
 * Locks the case's row for the rest of the caller's transaction and returns its status and purpose. Every
 * transaction that changes a case takes this lock first, so two of them always lock in the same order
 * (case, then its hearings, invitations, bookings, slots) and cannot deadlock.
 */
export async function lockApplication(
  db: Knex,
  applicationId: string,
): Promise<{ status: ApplicationStatus; purpose: string }> {
  const row = (await db('applications')
    .select('status', 'purpose')
    .where({ id: applicationId })
    .forUpdate()
    .first()) as { status: ApplicationStatus; purpose: string } | undefined;
  if (!row) throw new NotFoundError('application not found', { applicationId });
  return row;
}

/** What a status change inside another service's transaction needs. */
export interface StatusContext {
  db: Knex;
  audit: AuditLog;
  clock: Clock;
}

/**
 * Moves a case to `status` inside the caller's transaction, with the row locked. Closing a case also closes
 * what still waits on the citizen, so no private link outlives it: the open hearing, unused booking
 * invitations and a booked seat, which is given back to the slot; and its open tasks leave the task list.
 */
export async function transitionStatus(
  { db, audit, clock }: StatusContext,
  applicationId: string,
  status: ApplicationStatus,
  actor: string,
): Promise<StatusChange> {
  if (!isApplicationStatus(status)) throw new ValidationError('unknown status', { status });
  const previous = (await lockApplication(db, applicationId)).status;
  if (previous === status) return { previous, status, changed: false };
  if (isClosedStatus(previous)) throw new ConflictError('case is closed', { applicationId, status: previous });
  const now = clock.now();
  const closing = isClosedStatus(status);
  await db('applications')
    .where({ id: applicationId })
    .update({ status, updated_at: now, ...(closing ? { closed_at: now } : {}) });
  if (closing) {
    await db('hearing_requests')
      .where({ application_id: applicationId })
      .whereNull('closed_at')
      .update({ closed_at: now, outcome: 'case-closed' });
    await db('booking_invitations')
      .where({ application_id: applicationId })
      .whereNull('closed_at')
      .whereNull('used_at')
      .update({ closed_at: now });
    const cancelled = await db('bookings')
      .where({ application_id: applicationId, status: 'booked' })
      .update({ status: 'cancelled', updated_at: now })
      .returning<{ slot_id: string }[]>('slot_id');
    for (const { slot_id } of cancelled) await db('appointment_slots').where({ id: slot_id }).decrement('booked', 1);
    // the task list drops what nobody can complete any more (an interrupting event cancelled those jobs)
    await db('user_tasks')
      .where({ application_id: applicationId, status: 'open' })
      .update({ status: 'cancelled', completed_at: now });
  }
  await audit.record({ actor, action: 'status-changed', applicationId, detail: { from: previous, to: status } }, db);
  return { previous, status, changed: true };
}
