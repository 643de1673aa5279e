// The fine-grained statuses a case moves through, and the four groups caseworkers follow (DOMAIN.md: in
// progress, awaiting citizen, ready for attendance, closed). The group is derived, never stored, so the
// two cannot disagree.

/** Every status an application can have, roughly in the order a case meets them. */
export const applicationStatuses = [
  'submitted',
  'checking',
  'in-review',
  'awaiting-documents',
  'documents-received',
  'awaiting-booking',
  'booked',
  'no-show',
  'cpr-issued',
  'closed-issued',
  'closed-rejected',
  'closed-unanswered',
  'closed-withdrawn',
  'closed-unbooked',
] as const;

/** A status of an application. */
export type ApplicationStatus = (typeof applicationStatuses)[number];

/** The groups of the caseworkers' production overview. */
export const statusGroups = ['in-progress', 'awaiting-citizen', 'ready-for-attendance', 'closed'] as const;

/** A group of the production overview. */
export type StatusGroup = (typeof statusGroups)[number];

const groupOf: Record<ApplicationStatus, StatusGroup> = {
  submitted: 'in-progress',
  checking: 'in-progress',
  'in-review': 'in-progress',
  'documents-received': 'in-progress',
  // the number is issued; the tax notice and the confirmation still have to go out
  'cpr-issued': 'in-progress',
  'awaiting-documents': 'awaiting-citizen',
  'awaiting-booking': 'awaiting-citizen',
  'no-show': 'awaiting-citizen',
  booked: 'ready-for-attendance',
  'closed-issued': 'closed',
  'closed-rejected': 'closed',
  'closed-unanswered': 'closed',
  'closed-withdrawn': 'closed',
  'closed-unbooked': 'closed',
};

/** The overview group a status belongs to. */
export function statusGroup(status: ApplicationStatus): StatusGroup {
  return groupOf[status];
}

/** The statuses of a group, for querying by group. */
export function statusesIn(group: StatusGroup): ApplicationStatus[] {
  return applicationStatuses.filter((status) => groupOf[status] === group);
}

/** Whether a string is a known status. */
export function isApplicationStatus(value: unknown): value is ApplicationStatus {
  return typeof value === 'string' && (applicationStatuses as readonly string[]).includes(value);
}

/** Whether a status ends the case. */
export function isClosedStatus(status: ApplicationStatus): boolean {
  return groupOf[status] === 'closed';
}
