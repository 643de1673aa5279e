// A synthetic citizen: applies, uploads (sometimes not everything), then acts on the mails the case sends
// as a person would: answers a hearing at once, after the reminder or never; books from an invitation;
// sometimes does not come to the appointment; now and then withdraws or never books. Resolves with the template of the
// mail that closed the case, or 'stuck' when none came within the deadline.
import type { CaseFile } from '../../cases/index.js';
import type { EngineClient } from '../../lib/engine-client/index.js';
import { AppError } from '../../lib/errors/index.js';
import { syntheticApplication, type Profile } from './applicants.js';
import { linkToken, type Mail, type Mailbox } from './mailbox.js';
import { chance, pick, type Random } from './random.js';
import type { SlotPicker } from './slots.js';

/** How this citizen will behave, decided up front so the caseworker side can read it too. */
export interface CitizenPlan {
  profile: Profile;
  hearing: 'at-once' | 'after-reminder' | 'never';
  noShows: number;
  withdraws: boolean;
  /** lets the booking link lapse, so the case closes unbooked */
  neverBooks: boolean;
}

export function planCitizen(random: Random, profile: Profile): CitizenPlan {
  const r = random();
  return {
    profile,
    hearing: r < 0.8 ? 'at-once' : r < 0.9 ? 'after-reminder' : 'never',
    noShows: chance(random, 0.08) ? (chance(random, 0.2) ? 2 : 1) : 0,
    withdraws: chance(random, 0.01),
    neverBooks: chance(random, 0.01),
  };
}

/** The mails that end a case, and what each says. */
export const closingMails = ['cpr-issued', 'rejection', 'closed-unanswered', 'closed-unbooked', 'withdrawn'] as const;
/** The mails a citizen acts on. */
export const actionMails = ['hearing-request', 'hearing-reminder', 'booking-invitation', 'no-show'] as const;

export interface CitizenContext {
  caseFile: CaseFile;
  client: EngineClient;
  mailbox: Mailbox;
  slots: SlotPicker;
  random: Random;
  /** Durations of the process's timers, so a simulated month passes in seconds. */
  timers: { hearingReminderAfter: string; hearingExpiresAfter: string; bookingExpiresAfter: string };
  /** How long a case may take before it counts as stuck (an incident, a lost message or mail). */
  caseDeadlineMs: number;
}

const publish = (client: EngineClient, name: string, applicationId: string) =>
  client.publishMessage({ name, correlationKey: applicationId, variables: {}, timeToLive: 600_000 });

/** Runs one citizen's case to its end; `plans` lets the synthetic caseworker see the plan. */
export async function runCitizen(
  context: CitizenContext,
  index: number,
  plan: CitizenPlan,
  plans: Map<string, CitizenPlan>,
): Promise<string> {
  const { caseFile, client, mailbox, random } = context;
  const form = syntheticApplication(random, index, plan.profile, caseFile.clock.now());
  const { applicationId } = await caseFile.applications.create(form, 'citizen');
  plans.set(applicationId, plan);
  const variables = await caseFile.applications.profileVariables(applicationId, 'citizen');
  const decision = await client.evaluateDecision({ decisionId: 'required-documents', variables: { ...variables } });
  const required = (JSON.parse(decision.decisionOutput) as { document: string }[]).map((d) => d.document);
  // a quarter forget something (never the passport, which the form insists on)
  const forgotten = chance(random, 0.25)
    ? pick(
        random,
        required.filter((d) => d !== 'passport'),
      )
    : undefined;
  for (const kind of required.filter((d) => d !== forgotten)) await upload(context, applicationId, kind);

  const closed = new Promise<string>((resolve, reject) => {
    const act = async (mail: Mail) => {
      if ((closingMails as readonly string[]).includes(mail.template)) return resolve(mail.template);
      if (mail.template === 'hearing-request' && plan.hearing === 'at-once') return answer(mail, 'hearing');
      if (mail.template === 'hearing-reminder' && plan.hearing === 'after-reminder') return answer(mail, 'hearing');
      if (mail.template === 'booking-invitation' || mail.template === 'no-show') {
        if (plan.withdraws) return void (await publish(client, 'application-withdrawn', applicationId));
        if (plan.neverBooks) return;
        return book(mail);
      }
    };
    const answer = async (mail: Mail, path: string) => {
      const token = linkToken(mail, path);
      if (!token) throw new Error(`no ${path} link in the ${mail.template} mail`);
      const hearing = await caseFile.hearings.findByToken(token);
      if (hearing.answeredAt) return;
      await caseFile.hearings.answer(
        token,
        hearing.missingDocuments.map((kind) => ({ kind, filename: `${kind}.pdf`, content: samplePdf })),
      );
      // the round in the key, so an answer that arrives after its hearing ended never counts for the next one
      await publish(client, 'documents-submitted', `${applicationId}/hearing-${hearing.round}`);
    };
    const book = async (mail: Mail) => {
      const token = linkToken(mail, 'booking');
      if (!token) throw new Error(`no booking link in the ${mail.template} mail`);
      // the times the booking page offers start at the link's first day (the move-in date, where it applies)
      const invitation = await caseFile.appointments.findInvitation(token);
      await context.slots.book(caseFile.appointments.firstBookable(invitation), async (slotId) => {
        await caseFile.appointments.book(token, slotId);
      });
      await publish(client, 'appointment-booked', applicationId);
    };
    mailbox.subscribe(applicationId, (mail) => {
      act(mail).catch((error: unknown) => {
        // a link that lapsed because the case moved on is part of life; anything else stops the run
        if (error instanceof AppError && error.status < 500) return;
        reject(error instanceof Error ? error : new Error(String(error)));
      });
    });
  });
  const { processInstanceKey, processDefinitionKey, version } = await client.createProcessInstance({
    bpmnProcessId: 'cpr-application',
    variables: { ...variables, ...context.timers },
  });
  await caseFile.applications.attachProcessInstance(applicationId, processInstanceKey, 'citizen', {
    processDefinitionKey,
    version,
  });
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve('stuck'), context.caseDeadlineMs);
  });
  try {
    return await Promise.race([closed, deadline]);
  } finally {
    clearTimeout(timer);
    mailbox.unsubscribe(applicationId);
  }
}

/** The smallest PDF the document check accepts: the content of every synthetic upload. */
const samplePdf = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

async function upload(context: CitizenContext, applicationId: string, kind: string) {
  await context.caseFile.documents.upload(
    { applicationId, kind, filename: `${kind}.pdf`, content: samplePdf, uploadedBy: 'citizen' },
    'citizen',
  );
}
