// The "check your answers" step (GOV.UK pattern): every answer of the first two steps as the applicant will
// send it, in words (country names, dates written out), each with a link back to the field that holds it.
// Pure: the route renders what this returns.
import type { TFunction } from 'i18next';
import { longDate } from '../../cases/clock.js';
import type { Language } from '../i18n.js';
import type { ApplyDraft, PersonAnswers } from './apply-form.js';
import { nationalityName } from './countries.js';

/** One answer: the question, the answer in words, and where to change it. */
export interface AnswerRow {
  label: string;
  value: string;
  href: string;
}

/** A group of answers under a heading. */
export interface AnswerSection {
  heading: string;
  rows: AnswerRow[];
}

/** The answers of a complete draft, in the order the form asked them. */
export function answerSections(draft: Required<ApplyDraft>, t: TFunction, language: Language): AnswerSection[] {
  const { move, about } = draft;
  const yesNo = (value: string) => t(value === 'yes' ? 'citizen:yes' : 'citizen:no');
  const date = (value: string) => longDate(value, language);
  const moveRow = (label: string, value: string, field: string): AnswerRow => ({
    label: t(`citizen:apply.move.${label}`),
    value,
    href: `/apply#${field}`,
  });
  const aboutRow = (label: string, value: string, field: string): AnswerRow => ({
    label,
    value,
    href: `/apply/about-you#${field}`,
  });
  const personRows = (prefix: string, person: PersonAnswers, withNationality: boolean): AnswerRow[] => [
    aboutRow(t('citizen:check.name'), `${person.givenName} ${person.familyName}`, `${prefix}-givenName`),
    aboutRow(t('citizen:person.birthDate'), date(person.birthDate), `${prefix}-birthDate`),
    aboutRow(t('citizen:person.sex'), t(`citizen:person.${person.sex}`), `${prefix}-sex-female`),
    ...(withNationality
      ? [
          aboutRow(
            t('citizen:person.nationality'),
            nationalityName(person.nationality, language),
            `${prefix}-nationality`,
          ),
        ]
      : []),
    ...(person.passportNumber
      ? [aboutRow(t('citizen:person.passportNumber'), person.passportNumber, `${prefix}-passportNumber`)]
      : []),
  ];

  const sections: AnswerSection[] = [
    {
      heading: t('citizen:apply.steps.move'),
      rows: [
        moveRow('nationality', nationalityName(move.nationality, language), 'nationality'),
        moveRow('purpose', t(`citizen:purpose.${move.purpose}`), `purpose-${move.purpose}`),
        moveRow('stay', t(`citizen:apply.move.stayOptions.${move.stay}`), `stay-${move.stay}`),
        moveRow('hadCprNumber', yesNo(move.hadCprNumber), 'hadCprNumber-no'),
        moveRow('moveInDate', date(move.moveInDate), 'moveInDate'),
        moveRow('isMarried', yesNo(move.isMarried), 'isMarried-no'),
      ],
    },
    {
      heading: t('citizen:apply.about.you'),
      rows: [
        ...personRows('applicant', about.applicant, false),
        aboutRow(t('citizen:apply.about.email'), about.email, 'email'),
      ],
    },
    {
      heading: t('citizen:apply.about.address'),
      rows: [
        aboutRow(t('citizen:apply.about.street'), about.street, 'street'),
        aboutRow(t('citizen:check.postcodeCity'), `${about.postcode} ${about.city}`, 'postcode'),
      ],
    },
  ];
  if (move.isMarried === 'yes')
    sections.push({
      heading: t('citizen:apply.about.spouse'),
      rows: [
        aboutRow(t('citizen:apply.about.spouseComing'), yesNo(about.spouseComing), 'spouseComing-yes'),
        ...(about.spouseComing === 'yes' ? personRows('spouse', about.spouse, true) : []),
      ],
    });
  sections.push({
    heading: t('citizen:apply.about.children'),
    rows: [aboutRow(t('citizen:apply.about.childrenComing'), yesNo(about.childrenComing), 'childrenComing-yes')],
  });
  about.children.forEach((child, i) =>
    sections.push({
      heading: t('citizen:apply.about.child', { number: i + 1 }),
      rows: personRows(`children-${i}`, child, true),
    }),
  );
  return sections;
}
