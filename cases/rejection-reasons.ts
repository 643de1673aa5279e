// Why a document was rejected, in words the citizen reads in their own language. The review form offers
// these standard reasons (a caseworker reviewing in Danish still reaches an English-reading citizen in
// English); "other" lets the caseworker write one, which then goes to the citizen as written. The
// automatic check's findings (missing, expired) are two of the codes, so its reason reads the same way.
import type { Language } from './mail-templates.js';

/** The standard reasons a review can give, by code. */
export const rejectionReasons = [
  'missing',
  'expired',
  'unreadable',
  'incomplete',
  'wrong-document',
  'translation',
] as const;
export type RejectionReason = (typeof rejectionReasons)[number];

/** The review form's choice for a reason written by hand. */
export const otherReason = 'other';

export const isRejectionReason = (value: unknown): value is RejectionReason =>
  typeof value === 'string' && (rejectionReasons as readonly string[]).includes(value);

/** Each reason as the hearing page and the hearing message say it, after "Why:". */
const reasonWords: Record<Language, Record<RejectionReason, string>> = {
  en: {
    missing: 'we have not received it',
    expired: 'the one you sent has expired',
    unreadable: 'we cannot read the one you sent: send a clearer copy with every corner and all text visible',
    incomplete: 'pages or parts are missing from the one you sent',
    'wrong-document': 'the one you sent is not the document we ask for',
    translation:
      'it must be in Danish, English, German or a Scandinavian language, or come with an authorised translation',
  },
  da: {
    missing: 'vi har ikke modtaget det',
    expired: 'det, du sendte, er udløbet',
    unreadable: 'vi kan ikke læse det, du sendte: send en tydeligere kopi, hvor alle hjørner og al tekst kan ses',
    incomplete: 'der mangler sider eller dele i det, du sendte',
    'wrong-document': 'det, du sendte, er ikke det dokument, vi beder om',
    translation:
      'det skal være på dansk, engelsk, tysk eller et skandinavisk sprog eller have en autoriseret oversættelse',
  },
};

/** A stored reason in `language`: a standard one in words, one the caseworker wrote as written. */
export function reasonInWords(reason: string, language: Language): string {
  return isRejectionReason(reason) ? reasonWords[language][reason] : reason;
}
