// Compares the documents the checklist decision requires with the latest uploads, flags what is missing
// or expired, and asks SIRI about the residence document (Task_RunAutomaticChecklist in cpr-application).
// Idempotent: it only reads the case and records the same SIRI answer again; the status move is a no-op
// when the case is already in review.
import type { JSONSchemaType } from 'ajv';
import { evaluateChecklist, type ChecklistItem, type RequiredDocument, type ReviewedItem } from '../cases/checklist.js';
import { localDate } from '../cases/clock.js';
import { internationalHousePattern } from '../cases/appointments.js';
import { workingDayEnds } from '../cases/office-calendar.js';
import { documentLabel } from '../cases/mail-templates.js';
import { defineWorker } from './define-worker.js';
import { actorOf, type WorkerDeps } from './deps.js';

const type = 'automatic-checklist';

interface Input {
  applicationId: string;
  /** null when no rule of the decision matched */
  requiredDocuments?: RequiredDocument[] | null;
  /** the checklist of the review before, after a hearing: its verdicts are remembered */
  checklist?: ReviewedItem[] | null;
}
interface Output {
  checklist: ChecklistItem[];
  missingDocuments: string[];
  hasMissingDocuments: boolean;
  /** The hearing request form offers these as its checklist of missing documents. */
  documentOptions: { label: string; value: string }[];
  /** The ends of the coming working days, which the user tasks' due dates pick from. */
  workingDayEnds: string[];
}

const input: JSONSchemaType<Input> = {
  type: 'object',
  properties: {
    applicationId: { type: 'string', minLength: 1 },
    requiredDocuments: {
      type: 'array',
      nullable: true,
      items: {
        type: 'object',
        properties: {
          document: { type: 'string' },
          basis: { type: 'string' },
          basisDa: { type: 'string', nullable: true },
        },
        required: ['document', 'basis'],
      },
    },
    checklist: {
      type: 'array',
      nullable: true,
      items: {
        type: 'object',
        properties: {
          document: { type: 'string' },
          documentId: { type: 'string', nullable: true },
          verdict: { type: 'string', nullable: true },
          reason: { type: 'string', nullable: true },
        },
        required: ['document'],
      },
    },
  },
  required: ['applicationId'],
};

const output: JSONSchemaType<Output> = {
  type: 'object',
  properties: {
    checklist: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          document: { type: 'string' },
          basis: { type: 'string' },
          basisDa: { type: 'string', nullable: true },
          uploadStatus: { type: 'string', enum: ['present', 'missing', 'expired'] },
          documentId: { type: 'string', nullable: true },
          verdict: { type: 'string', enum: ['accepted', 'rejected'], nullable: true },
          reason: { type: 'string', nullable: true },
          earlierVerdict: { type: 'string', enum: ['accepted', 'rejected'], nullable: true },
          earlierReason: { type: 'string', nullable: true },
        },
        required: ['document', 'basis', 'uploadStatus'],
        additionalProperties: false,
      },
    },
    missingDocuments: { type: 'array', items: { type: 'string' } },
    hasMissingDocuments: { type: 'boolean' },
    documentOptions: {
      type: 'array',
      items: {
        type: 'object',
        properties: { label: { type: 'string' }, value: { type: 'string' } },
        required: ['label', 'value'],
        additionalProperties: false,
      },
    },
    workingDayEnds: { type: 'array', items: { type: 'string', minLength: 20 } },
  },
  required: ['checklist', 'missingDocuments', 'hasMissingDocuments', 'documentOptions', 'workingDayEnds'],
  additionalProperties: false,
};

export default defineWorker<Input, Output, WorkerDeps>({
  type,
  input,
  output,
  async handle({ applicationId, requiredDocuments, checklist }, { caseFile }) {
    const actor = actorOf(type);
    await caseFile.applications.setStatus(applicationId, 'checking', actor);
    const uploads = await caseFile.documents.latest(applicationId, actor);
    await caseFile.authorities.checkResidence(applicationId, actor);
    const today = localDate(caseFile.clock.now());
    // no matching rule gives null (DMN semantics); the decision always lists passport and address, but be safe
    const { items, missingDocuments } = evaluateChecklist(requiredDocuments ?? [], uploads, today, checklist ?? []);
    await caseFile.applications.setStatus(applicationId, 'in-review', actor);
    return {
      checklist: items,
      missingDocuments,
      hasMissingDocuments: missingDocuments.length > 0,
      documentOptions: items.map((item) => ({ label: documentLabel(item.document, 'en'), value: item.document })),
      // the user tasks' due dates pick from these in the model (zeebe:taskSchedule), counting working days only
      workingDayEnds: workingDayEnds(caseFile.clock.now(), 120, internationalHousePattern.closedDates),
    };
  },
});
