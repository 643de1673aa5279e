// The case file, assembled: every service of cases/ built once with its dependencies, for the workers, the
// web layer and the simulation to share. Nothing here is global; a second call builds a second, separate
// set (a spec on its own database, a simulation with its own clock).
import type { Knex } from 'knex';
import type { Config } from '../lib/config/index.js';
import type { Logger } from '../lib/logger/index.js';
import { createApplications, type Applications } from './applications.js';
import { createAppointments, type Appointments } from './appointments.js';
import { createAuditLog, type AuditLog } from './audit.js';
import {
  createAuthorities,
  createLocalSiri,
  createLocalTaxAgency,
  type Authorities,
  type Siri,
  type TaxAgency,
} from './authorities.js';
import { systemClock, type Clock } from './clock.js';
import { createCprRegister, type CprRegister } from './cpr-register.js';
import { createDeployedResources, type DeployedResources } from './deployed-resources.js';
import { createDesignDrafts, type DesignDrafts } from './design-drafts.js';
import { createDocuments, type DocumentService } from './documents.js';
import { createFrontDesk, type FrontDesk } from './front-desk.js';
import { createHearings, type Hearings } from './hearings.js';
import { createMailSender, type MailSender } from './mail-sender.js';
import { createMunicipalities, type Municipalities } from './municipalities.js';
import { createOutbox, type Outbox } from './outbox.js';
import { createProcessVersions, type ProcessVersions } from './process-versions.js';
import { createTasks, type Tasks } from './tasks.js';

/** The settings the case file reads. */
export type CaseFileConfig = Pick<Config, 'smtpUrl' | 'mailFrom' | 'publicUrl' | 'documentMaxBytes' | 'siriLocalMode'>;

/** Every case-file service. */
export interface CaseFile {
  audit: AuditLog;
  applications: Applications;
  documents: DocumentService;
  hearings: Hearings;
  appointments: Appointments;
  outbox: Outbox;
  mailSender: MailSender;
  municipalities: Municipalities;
  authorities: Authorities;
  register: CprRegister;
  deployedResources: DeployedResources;
  designDrafts: DesignDrafts;
  processVersions: ProcessVersions;
  tasks: Tasks;
  frontDesk: FrontDesk;
  clock: Clock;
}

/** Builds the case file on a migrated database. `siri` and `taxAgency` replace the local stand-ins. */
export function createCaseFile({
  knex,
  config,
  log,
  clock = systemClock,
  siri,
  taxAgency,
}: {
  knex: Knex;
  config: CaseFileConfig;
  log: Logger;
  clock?: Clock;
  siri?: Siri;
  taxAgency?: TaxAgency;
}): CaseFile {
  const publicUrl = config.publicUrl.replace(/\/+$/, '');
  const audit = createAuditLog({ knex });
  const outbox = createOutbox({ knex, audit, clock });
  const municipalities = createMunicipalities({ knex });
  const documents = createDocuments({ knex, audit, clock, maxBytes: config.documentMaxBytes });
  const register = createCprRegister({ knex });
  return {
    audit,
    applications: createApplications({ knex, audit, outbox, municipalities, clock, publicUrl }),
    documents,
    hearings: createHearings({ knex, audit, outbox, documents, clock, publicUrl }),
    appointments: createAppointments({ knex, audit, outbox, clock, publicUrl }),
    outbox,
    mailSender: createMailSender({
      knex,
      smtpUrl: config.smtpUrl,
      from: config.mailFrom,
      log: log.child({ component: 'mail-sender' }),
      audit,
      clock,
    }),
    municipalities,
    authorities: createAuthorities({
      knex,
      audit,
      clock,
      siri: siri ?? createLocalSiri({ knex, mode: config.siriLocalMode, clock }),
      taxAgency: taxAgency ?? createLocalTaxAgency({ knex }),
      register,
    }),
    register,
    deployedResources: createDeployedResources({ knex }),
    designDrafts: createDesignDrafts({ knex, audit, clock }),
    processVersions: createProcessVersions({ knex }),
    tasks: createTasks({ knex, audit, clock }),
    frontDesk: createFrontDesk({ knex, audit, clock }),
    clock,
  };
}
