// The automatic checklist (DOMAIN.md step 2): the documents the decision table requires, held against the
// newest upload of each kind, so anything missing or expired is flagged before a caseworker looks. Pure:
// no database, no clock; the caller says what today is.

/** A row of the required-documents decision's result. */
export interface RequiredDocument {
  /** document code, e.g. passport */
  document: string;
  /** why it is required, for the caseworker */
  basis: string;
}

/** What the checklist needs to know about an upload: its kind and when it expires. */
export interface UploadedDocument {
  kind: string;
  /** YYYY-MM-DD or null when the document does not expire */
  expiresOn: string | null;
}

/** Whether the requirement is met by an upload. */
export type UploadStatus = 'present' | 'missing' | 'expired';

/** One line of the checklist, as the back-office review form shows it. */
export interface ChecklistItem {
  document: string;
  basis: string;
  uploadStatus: UploadStatus;
}

/** The checklist and the codes the citizen still has to provide (missing or expired). */
export interface Checklist {
  items: ChecklistItem[];
  missingDocuments: string[];
}

/**
 * Evaluates the checklist on `today` (YYYY-MM-DD). A document expiring today is still valid today. A
 * requirement the decision lists twice appears once, with its first basis.
 */
export function evaluateChecklist(
  requiredDocuments: readonly RequiredDocument[],
  latestDocuments: readonly UploadedDocument[],
  today: string,
): Checklist {
  const newest = new Map(latestDocuments.map((doc) => [doc.kind, doc]));
  const seen = new Set<string>();
  const items: ChecklistItem[] = [];
  for (const { document, basis } of requiredDocuments) {
    if (seen.has(document)) continue;
    seen.add(document);
    const upload = newest.get(document);
    // ISO dates compare correctly as strings
    const uploadStatus: UploadStatus = !upload
      ? 'missing'
      : upload.expiresOn !== null && upload.expiresOn < today
        ? 'expired'
        : 'present';
    items.push({ document, basis, uploadStatus });
  }
  return {
    items,
    missingDocuments: items.filter((item) => item.uploadStatus !== 'present').map((item) => item.document),
  };
}

/**
 * The proof of address, whose requirement is that the applicant already lives at the address (DOMAIN.md):
 * where the checklist demands it, the appointment cannot be before the move-in date.
 */
export const addressDocument = 'proof-of-address';

/** Whether the required documents demand that the applicant already lives at the address at the appointment. */
export function demandsLivingAtAddress(requiredDocuments: readonly { document: string }[] | null | undefined): boolean {
  return (requiredDocuments ?? []).some((required) => required.document === addressDocument);
}
