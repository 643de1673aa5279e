// The process's waiting times as variables (DOMAIN.md: shortened by tests and simulations without another
// model). Workers that send a private link read them too, so the link lives as long as the wait it
// belongs to. test/processes/models.spec.ts checks these defaults against the FEEL in cpr-application.bpmn.
import type { JSONSchemaType } from 'ajv';
import { parseIsoDuration, type IsoDuration } from '../cases/clock.js';
import { ValidationError } from '../lib/errors/index.js';

/** Each timer variable and the duration cpr-application.bpmn uses when it is not set. */
export const timerDefaults = {
  hearingReminderAfter: 'P14D',
  hearingExpiresAfter: 'P30D',
  bookingExpiresAfter: 'P30D',
} as const;

/** A timer variable's name. */
export type TimerVariable = keyof typeof timerDefaults;

/** The JSON schema of an optional timer variable: an ISO 8601 duration, or null / absent for the default. */
export const timerVariableSchema = { type: 'string', nullable: true } as const;

/**
 * The duration a timer waits: the variable's, or the default. ValidationError (an incident) for a value the
 * timer could not read either, so the two never disagree silently.
 */
export function timerDuration(name: TimerVariable, value: string | null | undefined): IsoDuration {
  const text = value ?? timerDefaults[name];
  const duration = parseIsoDuration(text);
  if (!duration) throw new ValidationError('timer variable is not an ISO 8601 duration', { variable: name });
  return duration;
}

/** The input of the workers that send a booking link. */
export interface BookingInput {
  applicationId: string;
  bookingExpiresAfter?: string | null;
  /** the checklist decision's result: whether the applicant must live at the address by the appointment */
  requiredDocuments?: { document: string }[] | null;
}

/** Its schema. */
export const bookingInput: JSONSchemaType<BookingInput> = {
  type: 'object',
  properties: {
    applicationId: { type: 'string', minLength: 1 },
    bookingExpiresAfter: timerVariableSchema,
    requiredDocuments: {
      type: 'array',
      nullable: true,
      items: { type: 'object', properties: { document: { type: 'string' } }, required: ['document'] },
    },
  },
  required: ['applicationId'],
};

/**
 * A deadline as the process variable its timer reads (`timeDate` `=date and time(…)`): the instant in UTC,
 * to the second. The case file stored the same instant, so the timer and the texts never disagree.
 */
export function deadlineVariable(deadline: Date): string {
  return `${deadline.toISOString().slice(0, 19)}Z`;
}

/** The output of the workers that send a booking link: the deadline Timer_BookingLapsed waits for. */
export interface BookingOutput {
  bookingDeadline: string;
}

/** Its schema. */
export const bookingOutput: JSONSchemaType<BookingOutput> = {
  type: 'object',
  properties: { bookingDeadline: { type: 'string', minLength: 20 } },
  required: ['bookingDeadline'],
  additionalProperties: false,
};
