// Nationalities for the apply form, and the citizenship group each one falls in. The names come from the
// runtime's own CLDR data (Intl.DisplayNames) in the reader's language, so no country list is kept here;
// only the two short lists the rules tell apart (DOMAIN.md "Required documents by profile").
import type { CitizenshipGroup } from '../../cases/applications.js';
import type { Language } from '../i18n.js';

/** Nordic citizens (with the Faroe Islands, Greenland and Åland): registration under the Nordic agreement. */
const nordic = new Set(['DK', 'FI', 'IS', 'NO', 'SE', 'FO', 'GL', 'AX']);

/** EU member states, the rest of the EEA, and Switzerland: the EU residence document rules. */
const euEeaSwiss = new Set([
  ...['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DE', 'EE', 'ES', 'FR', 'GR', 'HU', 'IE', 'IT', 'LT', 'LU', 'LV'],
  ...['MT', 'NL', 'PL', 'PT', 'RO', 'SI', 'SK'],
  ...['LI', 'CH'],
]);

// CLDR region codes that are not countries one holds a passport of (groupings, reserved and historic codes)
const notNationalities = new Set([
  ...['AC', 'AN', 'AQ', 'BU', 'BV', 'CP', 'CQ', 'CS', 'DD', 'DG', 'DY', 'EA', 'EU', 'EZ', 'FX', 'HM', 'HV'],
  ...['IC', 'NH', 'QO', 'RH', 'SU', 'TA', 'TP', 'UK', 'UM', 'UN', 'VD', 'XA', 'XB', 'YD', 'YU', 'ZR', 'ZZ'],
]);

function regionCodes(): string[] {
  const names = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const codes: string[] = [];
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (notNationalities.has(code)) continue;
      try {
        if (names.of(code)) codes.push(code);
      } catch {
        // not a region code at all
      }
    }
  return codes;
}

const codes = regionCodes();
const known = new Set(codes);
const cache = new Map<Language, { code: string; name: string }[]>();

/** Every nationality as { code, name } in the language, sorted by name. */
export function nationalities(language: Language): { code: string; name: string }[] {
  let list = cache.get(language);
  if (!list) {
    const names = new Intl.DisplayNames([language], { type: 'region' });
    const collator = new Intl.Collator(language);
    list = codes
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
    cache.set(language, list);
  }
  return list;
}

/** Whether a code is one of the nationalities offered. */
export function isNationality(code: unknown): code is string {
  return typeof code === 'string' && known.has(code);
}

/** The citizenship group of a nationality: Nordic first, since Norway and Iceland are in the EEA too. */
export function citizenshipGroupOf(code: string): CitizenshipGroup {
  if (nordic.has(code)) return 'nordic';
  if (euEeaSwiss.has(code)) return 'eu';
  return 'other';
}

/** The name of a nationality in a language. */
export function nationalityName(code: string, language: Language): string {
  return new Intl.DisplayNames([language], { type: 'region' }).of(code) ?? code;
}
