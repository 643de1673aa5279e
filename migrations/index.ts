// The application's migrations, oldest first. They are imported here rather than found in the folder, so
// knex runs them the same way under tsx, compiled or bundled; test/cases/migrations.spec.ts fails when a
// file in this folder is missing from the list.
import type { Knex } from 'knex';
import * as cprRegister from './20261122220000-cpr-register.js';
import * as municipalities from './20261123090000-municipalities.js';
import * as applications from './20261123090100-applications.js';
import * as hearingRequests from './20261123090200-hearing-requests.js';
import * as appointments from './20261123090300-appointments.js';
import * as notificationOutbox from './20261123090400-notification-outbox.js';
import * as authorities from './20261123090500-authorities.js';
import * as closedUnbooked from './20261123090600-closed-unbooked.js';
import * as web from './20261123090700-web.js';
import * as hearingReply from './20261123090800-hearing-reply.js';
import * as overviewIndexes from './20261123091000-overview-indexes.js';
import * as submissionId from './20261123091100-submission-id.js';
import * as deadlineEndOfDay from './20261207090000-deadline-end-of-day.js';
import * as noCprNumberInMail from './20261207090100-no-cpr-number-in-mail.js';
import * as bookingNotBefore from './20261207090200-booking-not-before.js';
import * as hearingReasons from './20261207090300-hearing-reasons.js';
import * as designDrafts from './20261208090000-design-drafts.js';

/** A migration with the name knex records for it in knex_migrations (the file name without extension). */
export interface NamedMigration {
  name: string;
  migration: Knex.Migration;
}

/** Every migration, in the order they run. Append; never rename or reorder a migration that has shipped. */
export const migrations: readonly NamedMigration[] = [
  { name: '20261122220000-cpr-register', migration: cprRegister },
  { name: '20261123090000-municipalities', migration: municipalities },
  { name: '20261123090100-applications', migration: applications },
  { name: '20261123090200-hearing-requests', migration: hearingRequests },
  { name: '20261123090300-appointments', migration: appointments },
  { name: '20261123090400-notification-outbox', migration: notificationOutbox },
  { name: '20261123090500-authorities', migration: authorities },
  { name: '20261123090600-closed-unbooked', migration: closedUnbooked },
  { name: '20261123090700-web', migration: web },
  { name: '20261123090800-hearing-reply', migration: hearingReply },
  { name: '20261123091000-overview-indexes', migration: overviewIndexes },
  { name: '20261123091100-submission-id', migration: submissionId },
  { name: '20261207090000-deadline-end-of-day', migration: deadlineEndOfDay },
  { name: '20261207090100-no-cpr-number-in-mail', migration: noCprNumberInMail },
  { name: '20261207090200-booking-not-before', migration: bookingNotBefore },
  { name: '20261207090300-hearing-reasons', migration: hearingReasons },
  { name: '20261208090000-design-drafts', migration: designDrafts },
];
