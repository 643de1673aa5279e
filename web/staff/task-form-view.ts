// The task forms as a caseworker reads them, in the page's language. The forms are designed in English
// (forms/*.form, edited in the designer); a Danish page shows each text through the Danish phrasebook
// (locales/da/forms.json), matched on the English wording itself, so a text the designer has changed since
// is shown as written instead of as a stale translation. The data the form opens with gets readable
// companions of the codes the process holds: document titles, the checklist's basis, the automatic check and
// what the review before said. They are read-only fields, which completion never takes back from the browser.
import type { ChecklistItem } from '../../cases/checklist.js';
import { documentLabel } from '../../cases/mail-templates.js';
import { isRejectionReason, otherReason, reasonInWords } from '../../cases/rejection-reasons.js';
import { resourceOf, translator, type Language } from '../i18n.js';

interface Component {
  text?: string;
  label?: string;
  description?: string;
  values?: { label: string; value: unknown }[];
  components?: Component[];
  [key: string]: unknown;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function phrasebookOf(formId: string, language: Language): Record<string, string> {
  const book = resourceOf(language, 'forms')[formId];
  if (!isRecord(book)) return {};
  return Object.fromEntries(
    Object.entries(book).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
}

function translated(component: Component, say: (text: string) => string): Component {
  const out: Component = { ...component };
  if (typeof out.text === 'string') out.text = say(out.text);
  if (typeof out.label === 'string') out.label = say(out.label);
  if (typeof out.description === 'string') out.description = say(out.description);
  if (out.values) out.values = out.values.map((v) => ({ ...v, label: say(v.label) }));
  if (out.components) out.components = out.components.map((c) => translated(c, say));
  return out;
}

/** The form's schema with its texts in `language`, where the phrasebook knows them word for word. */
export function localizedSchema(formId: string, schema: unknown, language: Language): unknown {
  if (language === 'en' || !isRecord(schema) || !Array.isArray(schema.components)) return schema;
  const book = phrasebookOf(formId, language);
  const say = (text: string) => book[text] ?? text;
  return { ...schema, components: (schema.components as Component[]).map((c) => translated(c, say)) };
}

/** The review's checklist lines with their readable companions. */
export function readableChecklist(items: unknown[], language: Language) {
  const t = translator(language);
  return items.map((item) => {
    if (!isRecord(item) || typeof item.document !== 'string') return item;
    const line = item as unknown as ChecklistItem;
    const basis = language === 'da' && line.basisDa ? line.basisDa : line.basis;
    const earlier = line.earlierVerdict
      ? `${t(`tasks:verdict.${line.earlierVerdict}`)}${line.earlierReason ? `: ${reasonText(line.earlierReason, language)}` : ''}`
      : undefined;
    return {
      ...item,
      title: documentLabel(line.document, language),
      why: basis,
      automaticCheck: t(`tasks:upload.${line.uploadStatus}`, { defaultValue: line.uploadStatus }),
      ...(earlier ? { earlier } : {}),
      ...reasonChoice(line),
    };
  });
}

/**
 * The reason the form opens with: the one kept from the review before (a standard one by its code, typed
 * words under "other"), else the automatic check's finding for a document it found missing or expired.
 */
function reasonChoice(line: ChecklistItem): { reasonCode?: string; reason?: string } {
  if (line.reason)
    return isRejectionReason(line.reason) ? { reasonCode: line.reason, reason: '' } : { reasonCode: otherReason };
  return isRejectionReason(line.uploadStatus) ? { reasonCode: line.uploadStatus } : {};
}

/** A reason as the review stored it, as the citizen was told it: a standard one in words, typed ones as written. */
export function reasonText(reason: string, language: Language): string {
  return reasonInWords(reason, language);
}

/** The data the form opens with, plus the readable texts of its codes in `language`. */
export function readableFormData(formId: string, data: Record<string, unknown>, language: Language) {
  const out: Record<string, unknown> = { ...data };
  if (formId === 'back-office-review' && Array.isArray(data.checklist))
    out.checklist = readableChecklist(data.checklist, language);
  if (formId === 'hearing-request' && Array.isArray(data.documentOptions))
    out.documentOptions = data.documentOptions.map((option: unknown) =>
      isRecord(option) && typeof option.value === 'string'
        ? { ...option, label: documentLabel(option.value, language) }
        : option,
    );
  return out;
}
