// The registration confirmation the desk prints or hands over as a PDF once the CPR number is issued: the
// only place the number leaves the system for the citizen, on paper, in person (no mail carries it). Made
// with pdfkit and the IBM Plex Sans that DKFDS ships, whose glyphs cover Latin, Greek and Cyrillic names.
import PDFDocument from 'pdfkit';
import path from 'node:path';
import { longDate, localDate } from '../../cases/clock.js';
import { formatCprNumber } from '../../cases/cpr-number.js';
import { officeAddress, type Language } from '../../cases/mail-templates.js';
import { dkfdsDir } from '../assets.js';

const fontDir = path.join(dkfdsDir, 'fonts', 'IBMPlexSans', 'complete', 'ttf');

/** What the confirmation states: who was registered, where, with which number, when. */
export interface RegistrationFacts {
  reference: string;
  givenName: string;
  familyName: string;
  /** YYYY-MM-DD */
  birthDate: string;
  /** ISO 3166-1 alpha-2 */
  nationality: string;
  address: { street: string; postcode: string; city: string };
  municipality: string;
  /** YYYY-MM-DD */
  moveInDate: string;
  cprNumber: string;
  issuedAt: Date;
}

const words = {
  en: {
    title: 'Registration confirmation',
    lead: 'This confirms that the person below is registered in the Danish Civil Registration System (CPR).',
    cprNumber: 'CPR number',
    name: 'Name',
    birthDate: 'Date of birth',
    nationality: 'Nationality',
    address: 'Address in Denmark',
    municipality: 'Municipality',
    moveInDate: 'Moved in',
    registered: 'Registered',
    reference: 'Application',
    keep:
      'Keep this paper safe. We never send a CPR number by e-mail; it also comes to your Digital Post once you ' +
      'have MitID. Your health insurance card follows by post.',
  },
  da: {
    title: 'Registreringsbekræftelse',
    lead: 'Hermed bekræftes, at personen herunder er registreret i Det Centrale Personregister (CPR).',
    cprNumber: 'CPR-nummer',
    name: 'Navn',
    birthDate: 'Fødselsdato',
    nationality: 'Statsborgerskab',
    address: 'Adresse i Danmark',
    municipality: 'Kommune',
    moveInDate: 'Indflyttet',
    registered: 'Registreret',
    reference: 'Ansøgning',
    keep:
      'Pas godt på dette papir. Vi sender aldrig et CPR-nummer med e-mail; det kommer også i din Digital Post, ' +
      'når du har MitID. Dit sundhedskort kommer med posten.',
  },
} satisfies Record<Language, Record<string, string>>;

/** The lines the confirmation states, label and value, the CPR number first, in the desk's language. */
export function confirmationLines(facts: RegistrationFacts, language: Language): [string, string][] {
  const w = words[language];
  const country = new Intl.DisplayNames([language], { type: 'region' });
  return [
    [w.cprNumber, formatCprNumber(facts.cprNumber)],
    [w.name, `${facts.givenName} ${facts.familyName}`],
    [w.birthDate, longDate(facts.birthDate, language)],
    [w.nationality, country.of(facts.nationality) ?? facts.nationality],
    [w.address, `${facts.address.street}, ${facts.address.postcode} ${facts.address.city}`],
    [w.municipality, facts.municipality],
    [w.moveInDate, longDate(facts.moveInDate, language)],
    [w.registered, longDate(localDate(facts.issuedAt), language)],
    [w.reference, facts.reference],
  ];
}

/** The confirmation as a one-page A4 PDF in the desk's language. */
export async function registrationConfirmationPdf(facts: RegistrationFacts, language: Language): Promise<Buffer> {
  const w = words[language];
  const lines = confirmationLines(facts, language);
  const doc = new PDFDocument({
    size: 'A4',
    margin: 56,
    info: { Title: `${w.title} ${facts.reference}`, Author: 'International House Copenhagen' },
  });
  doc.registerFont('regular', path.join(fontDir, 'IBMPlexSans-Regular.ttf'));
  doc.registerFont('bold', path.join(fontDir, 'IBMPlexSans-Bold.ttf'));
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  doc.font('bold').fontSize(10).text('International House Copenhagen');
  doc
    .font('regular')
    .text(officeAddress[language].replace(/^International House Copenhagen, /, ''))
    .moveDown(2);
  doc.font('bold').fontSize(20).text(w.title).moveDown(0.5);
  doc.font('regular').fontSize(11).text(w.lead).moveDown(1.5);
  const [[cprLabel, cprNumber]] = lines as [[string, string]];
  doc.font('regular').fontSize(11).text(cprLabel);
  doc.font('bold').fontSize(24).text(cprNumber).moveDown(1);
  for (const [label, value] of lines.slice(1)) {
    const y = doc.y;
    doc.font('regular').fontSize(11).text(label, 56, y, { width: 150 });
    doc.font('bold').text(value, 216, y, { width: 323 });
    doc.moveDown(0.4);
  }
  doc.moveDown(1.5).font('regular').fontSize(10).text(w.keep, 56, doc.y, { width: 483 });
  doc.end();
  return done;
}
