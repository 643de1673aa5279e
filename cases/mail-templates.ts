// Every mail the office sends a citizen, in English and Danish, as plain functions from data to subject and
// text. Mails name no one and carry no passport number or address: the reference identifies the case, and
// the private link opens it. No mail carries a CPR number, not even to its holder: e-mail is open mail.
import { longDate } from './clock.js';

/** The languages of the citizen side. */
export type Language = 'en' | 'da';

/** Where the front office meets applicants. */
export const officeAddress = {
  en: 'International House Copenhagen, Gyldenløvesgade 11, 1600 Copenhagen V',
  da: 'International House Copenhagen, Gyldenløvesgade 11, 1600 København V',
} as const;

/** Names of the checklist's document codes; a code the designers add later is shown as it is. */
export const documentLabels: Record<string, Record<Language, string>> = {
  passport: {
    en: 'Passport or national ID card showing place of birth',
    da: 'Pas eller nationalt ID-kort med fødested',
  },
  'proof-of-address': {
    en: 'Lease or landlord declaration (at least one month)',
    da: 'Lejekontrakt eller erklæring fra udlejer (mindst en måned)',
  },
  'marriage-certificate': { en: 'Marriage certificate', da: 'Vielsesattest' },
  'child-birth-certificates': { en: 'Birth certificates of your children', da: 'Fødselsattester for dine børn' },
  'eu-residence-document': {
    en: 'EU residence document (registration certificate)',
    da: 'EU-opholdsdokument (registreringsbevis)',
  },
  'nordic-personal-id': {
    en: "Proof of your home country's personal ID number",
    da: 'Dokumentation for personnummer i dit hjemland',
  },
  'residence-permit': { en: 'Residence permit', da: 'Opholdstilladelse' },
  'admission-letter': { en: 'Letter of admission', da: 'Optagelsesbrev' },
  'study-residence-permit': { en: 'Residence permit for studies', da: 'Opholdstilladelse til studier' },
};

/** The label of a document code in a language. */
export function documentLabel(code: string, language: Language): string {
  return documentLabels[code]?.[language] ?? code;
}

/** The data of each mail, told apart by `template`. */
export type MailData =
  | { template: 'application-received'; caseUrl: string }
  | {
      template: 'hearing-request';
      hearingUrl: string;
      missingDocuments: readonly string[];
      message: string;
      messageDa: string;
      /** YYYY-MM-DD, the last day the link works */
      answerBy: string;
    }
  | { template: 'hearing-reminder'; hearingUrl: string; missingDocuments: readonly string[]; answerBy: string }
  | { template: 'closed-unanswered' }
  | { template: 'closed-unbooked' }
  | { template: 'rejection'; reason?: string | undefined }
  | { template: 'booking-invitation'; bookingUrl: string; bookBy: string }
  | { template: 'booking-confirmation'; startsAt: Date; desk: string }
  | { template: 'no-show'; bookingUrl: string; bookBy: string }
  | { template: 'cpr-issued' }
  | { template: 'withdrawn' };

/** The name of a mail template. */
export type MailTemplate = MailData['template'];

/** A mail ready for the outbox. */
export interface RenderedMail {
  subject: string;
  text: string;
}

/** What every mail knows besides its own data. */
export interface MailContext {
  reference: string;
  language: Language;
}

type Template<T extends MailTemplate> = (data: Extract<MailData, { template: T }>, ctx: MailContext) => RenderedMail;

const signature = {
  en: '\n\nKind regards\nInternational House Copenhagen\n\nThis mail was sent automatically. Please do not reply to it.',
  da: '\n\nVenlig hilsen\nInternational House Copenhagen\n\nDenne mail er sendt automatisk. Du kan ikke svare på den.',
};

const bullets = (codes: readonly string[], language: Language) =>
  codes.map((code) => `  - ${documentLabel(code, language)}`).join('\n');

function dateTime(at: Date, language: Language): string {
  return new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', {
    dateStyle: 'full',
    timeStyle: 'short',
    timeZone: 'Europe/Copenhagen',
  }).format(at);
}

const mail = (ctx: MailContext, en: RenderedMail, da: RenderedMail): RenderedMail => {
  const chosen = ctx.language === 'da' ? da : en;
  return { subject: chosen.subject, text: chosen.text + signature[ctx.language] };
};

const templates: { [T in MailTemplate]: Template<T> } = {
  'application-received': (d, ctx) =>
    mail(
      ctx,
      {
        subject: `We have received your application ${ctx.reference}`,
        text:
          `Thank you. We have received your application for a CPR number. Your reference is ${ctx.reference}.\n\n` +
          `You can follow your case here (the link is personal; do not share it):\n${d.caseUrl}\n\n` +
          'We check your documents and write to you if anything is missing. When your file is complete, ' +
          'we invite you to book an appointment. Everyone in the application, children included, must attend in person.',
      },
      {
        subject: `Vi har modtaget din ansøgning ${ctx.reference}`,
        text:
          `Tak. Vi har modtaget din ansøgning om et CPR-nummer. Dit referencenummer er ${ctx.reference}.\n\n` +
          `Du kan følge din sag her (linket er personligt; del det ikke med andre):\n${d.caseUrl}\n\n` +
          'Vi gennemgår dine dokumenter og skriver til dig, hvis der mangler noget. Når alt er på plads, ' +
          'inviterer vi dig til at booke en tid. Alle i ansøgningen, også børn, skal møde personligt op.',
      },
    ),
  'hearing-request': (d, ctx) =>
    mail(
      ctx,
      {
        subject: `Documents missing in your application ${ctx.reference}`,
        text:
          `We need more documents before we can continue with your application ${ctx.reference}:\n\n` +
          `${bullets(d.missingDocuments, 'en')}\n\n` +
          (d.message ? `Message from your caseworker:\n${d.message}\n\n` : '') +
          `Upload them here by ${longDate(d.answerBy, 'en')}:\n${d.hearingUrl}\n\n` +
          'If we do not hear from you, your application will be closed.',
      },
      {
        subject: `Der mangler dokumenter i din ansøgning ${ctx.reference}`,
        text:
          `Vi har brug for flere dokumenter, før vi kan behandle din ansøgning ${ctx.reference}:\n\n` +
          `${bullets(d.missingDocuments, 'da')}\n\n` +
          (d.messageDa ? `Besked fra din sagsbehandler:\n${d.messageDa}\n\n` : '') +
          `Upload dem her senest ${longDate(d.answerBy, 'da')}:\n${d.hearingUrl}\n\n` +
          'Hvis vi ikke hører fra dig, lukker vi din ansøgning.',
      },
    ),
  'hearing-reminder': (d, ctx) =>
    mail(
      ctx,
      {
        subject: `Reminder: documents missing in your application ${ctx.reference}`,
        text:
          `We are still waiting for these documents for your application ${ctx.reference}:\n\n` +
          `${bullets(d.missingDocuments, 'en')}\n\n` +
          `Upload them here by ${longDate(d.answerBy, 'en')}, or your application will be closed:\n${d.hearingUrl}`,
      },
      {
        subject: `Påmindelse: der mangler dokumenter i din ansøgning ${ctx.reference}`,
        text:
          `Vi venter stadig på disse dokumenter til din ansøgning ${ctx.reference}:\n\n` +
          `${bullets(d.missingDocuments, 'da')}\n\n` +
          `Upload dem her senest ${longDate(d.answerBy, 'da')}, ellers lukker vi din ansøgning:\n${d.hearingUrl}`,
      },
    ),
  'closed-unanswered': (_d, ctx) =>
    mail(
      ctx,
      {
        subject: `Your application ${ctx.reference} has been closed`,
        text:
          `We did not receive the documents we asked for, so we have closed your application ${ctx.reference}.\n\n` +
          'You are welcome to apply again when you have all the documents.',
      },
      {
        subject: `Din ansøgning ${ctx.reference} er lukket`,
        text:
          `Vi har ikke modtaget de dokumenter, vi bad om, så vi har lukket din ansøgning ${ctx.reference}.\n\n` +
          'Du er velkommen til at søge igen, når du har alle dokumenterne.',
      },
    ),
  'closed-unbooked': (_d, ctx) =>
    mail(
      ctx,
      {
        subject: `Your application ${ctx.reference} has been closed`,
        text:
          `You did not book an appointment in time, so we have closed your application ${ctx.reference}.\n\n` +
          'You are welcome to apply again. You will then be invited to book a new appointment.',
      },
      {
        subject: `Din ansøgning ${ctx.reference} er lukket`,
        text:
          `Du har ikke booket en tid i tide, så vi har lukket din ansøgning ${ctx.reference}.\n\n` +
          'Du er velkommen til at søge igen. Du bliver så inviteret til at booke en ny tid.',
      },
    ),
  rejection: (d, ctx) =>
    mail(
      ctx,
      {
        subject: `Your application ${ctx.reference} has been rejected`,
        text:
          `We cannot give you a CPR number on the basis of your application ${ctx.reference}.` +
          (d.reason ? `\n\nReason:\n${d.reason}` : '') +
          '\n\nIf you think this is wrong, contact International House Copenhagen and quote your reference.',
      },
      {
        subject: `Din ansøgning ${ctx.reference} er afvist`,
        text:
          `Vi kan ikke give dig et CPR-nummer på grundlag af din ansøgning ${ctx.reference}.` +
          (d.reason ? `\n\nBegrundelse:\n${d.reason}` : '') +
          '\n\nHvis du mener, det er forkert, kan du kontakte International House Copenhagen og oplyse dit referencenummer.',
      },
    ),
  'booking-invitation': (d, ctx) =>
    mail(
      ctx,
      {
        subject: `Book your appointment for application ${ctx.reference}`,
        text:
          `Your documents are in order. Please book an appointment at International House Copenhagen by ${longDate(d.bookBy, 'en')}:\n` +
          `${d.bookingUrl}\n\n` +
          'Bring the originals of the documents you uploaded. Everyone in the application must attend.',
      },
      {
        subject: `Book en tid til ansøgning ${ctx.reference}`,
        text:
          `Dine dokumenter er i orden. Book en tid i International House Copenhagen senest ${longDate(d.bookBy, 'da')}:\n` +
          `${d.bookingUrl}\n\n` +
          'Medbring originalerne af de dokumenter, du har uploadet. Alle i ansøgningen skal møde op.',
      },
    ),
  'booking-confirmation': (d, ctx) =>
    mail(
      ctx,
      {
        subject: `Your appointment for application ${ctx.reference}`,
        text:
          `Your appointment is on ${dateTime(d.startsAt, 'en')} at ${d.desk}.\n\n` +
          `Place: ${officeAddress.en}\n\n` +
          'Bring your passport and the originals of the documents you uploaded. Everyone in the application must attend.',
      },
      {
        subject: `Din tid til ansøgning ${ctx.reference}`,
        text:
          `Din tid er ${dateTime(d.startsAt, 'da')} ved ${d.desk}.\n\n` +
          `Sted: ${officeAddress.da}\n\n` +
          'Medbring dit pas og originalerne af de dokumenter, du har uploadet. Alle i ansøgningen skal møde op.',
      },
    ),
  'no-show': (d, ctx) =>
    mail(
      ctx,
      {
        subject: `You missed your appointment for application ${ctx.reference}`,
        text:
          'We did not see you at your appointment. You can book a new one here by ' +
          `${longDate(d.bookBy, 'en')}:\n${d.bookingUrl}`,
      },
      {
        subject: `Du mødte ikke op til din tid for ansøgning ${ctx.reference}`,
        text:
          'Vi så dig ikke til din aftale. Du kan booke en ny tid her senest ' +
          `${longDate(d.bookBy, 'da')}:\n${d.bookingUrl}`,
      },
    ),
  // the number itself never goes by e-mail, which is open mail: the citizen got it at the desk, and gets it
  // again by Digital Post
  'cpr-issued': (_d, ctx) =>
    mail(
      ctx,
      {
        subject: `You are registered in the CPR register (application ${ctx.reference})`,
        text:
          'You are now registered in the CPR register, and your CPR number has been issued.\n\n' +
          'We never send a CPR number by e-mail. You got it at International House, on your registration ' +
          'confirmation; if you did not, ask at the desk with your passport. It also comes to your Digital Post ' +
          'once you have MitID.\n\n' +
          'Your health insurance card follows by post, and the tax agency has been told, so your tax card can follow.',
      },
      {
        subject: `Du er registreret i CPR-registret (ansøgning ${ctx.reference})`,
        text:
          'Du er nu registreret i CPR-registret, og dit CPR-nummer er udstedt.\n\n' +
          'Vi sender aldrig et CPR-nummer med e-mail. Du fik det i International House på din ' +
          'registreringsbekræftelse; fik du det ikke, så spørg ved skranken med dit pas. Det kommer også i din ' +
          'Digital Post, når du har MitID.\n\n' +
          'Dit sundhedskort kommer med posten, og Skattestyrelsen har fået besked, så dit skattekort kan følge.',
      },
    ),
  withdrawn: (_d, ctx) =>
    mail(
      ctx,
      {
        subject: `Your application ${ctx.reference} has been withdrawn`,
        text: `As you asked, we have withdrawn your application ${ctx.reference}. Any appointment you had is cancelled.`,
      },
      {
        subject: `Din ansøgning ${ctx.reference} er trukket tilbage`,
        text: `Som du bad om, har vi trukket din ansøgning ${ctx.reference} tilbage. En eventuel tid er aflyst.`,
      },
    ),
};

/** Renders a mail in the case's language. */
export function renderMail(data: MailData, ctx: MailContext): RenderedMail {
  const template = templates[data.template] as Template<MailTemplate>;
  return template(data, ctx);
}

/** Every template name, for specs that render them all. */
export const mailTemplates = Object.keys(templates) as MailTemplate[];
