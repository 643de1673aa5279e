// Synthetic applicants in the mix International House sees: EU workers, Nordic citizens, students from
// outside the EU (the January and September peaks) and families coming along. Names are invented from
// short lists; nothing here is a real person.
import type { CitizenshipGroup, NewApplication, Purpose } from '../../cases/applications.js';
import { between, chance, pick, type Random } from './random.js';

const givenNames = [
  'Anna',
  'Luca',
  'Priya',
  'Chen',
  'Maria',
  'Jonas',
  'Aisha',
  'Kenji',
  'Sofia',
  'Omar',
  'Elena',
  'Mateo',
];
const familyNames = ['Rossi', 'Nowak', 'Sharma', 'Wang', 'Garcia', 'Berg', 'Okafor', 'Tanaka', 'Silva', 'Haddad'];
const streets = ['Nørrebrogade', 'Vesterbrogade', 'Amagerbrogade', 'Østerbrogade', 'Gammel Kongevej', 'Jagtvej'];
// postcodes of København and Frederiksberg, both served
const postcodes = ['1050', '1250', '1620', '1799', '1820', '1900', '2000', '2100', '2200', '2300', '2400', '2450'];
const nationalities: Record<CitizenshipGroup, string[]> = {
  eu: ['DE', 'PL', 'IT', 'ES', 'FR', 'NL', 'RO'],
  nordic: ['SE', 'NO', 'FI', 'IS'],
  other: ['IN', 'CN', 'US', 'BR', 'NG', 'JP', 'PK'],
};

export type Profile = 'eu-worker' | 'nordic' | 'non-eu-student' | 'family';

const iso = (date: Date) => date.toISOString().slice(0, 10);
const birthDate = (random: Random, fromYear: number, toYear: number) =>
  iso(new Date(Date.UTC(between(random, fromYear, toYear), between(random, 0, 11), between(random, 1, 28))));

/** The profile mix: roughly the share of each kind of applicant. */
export function pickProfile(random: Random): Profile {
  const r = random();
  return r < 0.35 ? 'eu-worker' : r < 0.45 ? 'nordic' : r < 0.8 ? 'non-eu-student' : 'family';
}

/** One application form for applicant number `index`, moving in within the month after `today`. */
export function syntheticApplication(random: Random, index: number, profile: Profile, today: Date): NewApplication {
  const purpose: Purpose =
    profile === 'non-eu-student' ? 'study' : profile === 'family' ? 'family' : pick(random, ['work', 'work', 'study']);
  const citizenshipGroup: CitizenshipGroup = profile === 'eu-worker' ? 'eu' : profile === 'nordic' ? 'nordic' : 'other';
  const familyName = pick(random, familyNames);
  const nationality = pick(random, nationalities[citizenshipGroup]);
  const isMarried = profile === 'family' || chance(random, 0.25);
  const children = profile === 'family' ? between(random, 1, 3) : chance(random, 0.1) ? 1 : 0;
  const person = (relation: 'spouse' | 'child', n: number) => ({
    relation,
    givenName: pick(random, givenNames),
    familyName,
    birthDate: relation === 'spouse' ? birthDate(random, 1968, 2002) : birthDate(random, 2009, 2025),
    sex: pick(random, ['female', 'male'] as const),
    nationality,
    passportNumber: `SIM${String(index).padStart(6, '0')}X${n}`,
  });
  return {
    applicant: {
      givenName: pick(random, givenNames),
      familyName,
      birthDate: birthDate(random, 1965, 2005),
      sex: pick(random, ['female', 'male'] as const),
      nationality,
      passportNumber: `SIM${String(index).padStart(6, '0')}`,
      address: {
        street: `${pick(random, streets)} ${between(random, 1, 200)}`,
        postcode: pick(random, postcodes),
        city: 'København',
      },
    },
    family: [
      ...(profile === 'family' ? [person('spouse', 0)] : []),
      ...Array.from({ length: children }, (_, i) => person('child', i + 1)),
    ],
    profile: {
      purpose,
      citizenshipGroup,
      moveInDate: iso(new Date(today.getTime() + between(random, 0, 28) * 86_400_000)),
      isMarried,
    },
    email: `applicant${index}@example.org`,
    language: pick(random, ['en', 'da'] as const),
  };
}
