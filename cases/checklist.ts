// The automatic checklist (DOMAIN.md step 2): the documents the decision table requires, held against the
// newest upload of each kind, so anything missing or expired is flagged before a caseworker looks. After a
// hearing the checklist runs again, and remembers the review before: a document the citizen did not send
// again keeps its verdict, and one they did send again shows what was said of the one it replaces. Pure:
// no database, no clock; the caller says what today is.

/** A row of the required-documents decision's result. */
export interface RequiredDocument {
  /** document code, e.g. passport */
  document: string;
  /** why it is required, for the caseworker */
  basis: string;
  /** the same in Danish, where the decision gives it */
  basisDa?: string | undefined;
}

/** What the checklist needs to know about an upload: which one it is, its kind and when it expires. */
export interface UploadedDocument {
  id?: string | undefined;
  kind: string;
  /** YYYY-MM-DD or null when the document does not expire */
  expiresOn: string | null;
}

/** Whether the requirement is met by an upload. */
export type UploadStatus = 'present' | 'missing' | 'expired';

/** A caseworker's verdict on a document. */
export type Verdict = 'accepted' | 'rejected';

/** One line of the checklist, as the back-office review form shows it. */
export interface ChecklistItem {
  document: string;
  basis: string;
  basisDa?: string;
  uploadStatus: UploadStatus;
  /** the upload the line was checked against; none when missing */
  documentId?: string;
  /** the review before's verdict, kept because the citizen has not sent this document again since */
  verdict?: Verdict;
  reason?: string;
  /** the review before's verdict on the upload the citizen has since replaced: what the answer touched */
  earlierVerdict?: Verdict;
  earlierReason?: string;
}

/** What a review left on a checklist line, as the process variables hold it. */
export interface ReviewedItem {
  document: string;
  documentId?: string | undefined;
  verdict?: string | undefined;
  reason?: string | undefined;
}

/** The checklist and the codes the citizen still has to provide (missing or expired). */
export interface Checklist {
  items: ChecklistItem[];
  missingDocuments: string[];
}

const isVerdict = (value: unknown): value is Verdict => value === 'accepted' || value === 'rejected';

/** What the review before said of `item`: kept when the citizen has not touched the document, else shown. */
function remembered(item: ChecklistItem, earlier: ReviewedItem | undefined): Partial<ChecklistItem> {
  if (!earlier || !isVerdict(earlier.verdict)) return {};
  const reason = earlier.reason ? { reason: earlier.reason } : {};
  // the same upload (or still none) as when it was reviewed, and no newer expiry: the verdict stands
  const isUntouched = (earlier.documentId ?? null) === (item.documentId ?? null) && item.uploadStatus !== 'expired';
  if (isUntouched) return { verdict: earlier.verdict, ...reason };
  return { earlierVerdict: earlier.verdict, ...(earlier.reason ? { earlierReason: earlier.reason } : {}) };
}

/**
 * Evaluates the checklist on `today` (YYYY-MM-DD). A document expiring today is still valid today. A
 * requirement the decision lists twice appears once, with its first basis. `earlier` is the checklist of the
 * review before (after a hearing): its verdicts are kept or shown, line by line.
 */
export function evaluateChecklist(
  requiredDocuments: readonly RequiredDocument[],
  latestDocuments: readonly UploadedDocument[],
  today: string,
  earlier: readonly ReviewedItem[] = [],
): Checklist {
  const newest = new Map(latestDocuments.map((doc) => [doc.kind, doc]));
  const seen = new Set<string>();
  const items: ChecklistItem[] = [];
  for (const { document, basis, basisDa } of requiredDocuments) {
    if (seen.has(document)) continue;
    seen.add(document);
    const upload = newest.get(document);
    // ISO dates compare correctly as strings
    const uploadStatus: UploadStatus = !upload
      ? 'missing'
      : upload.expiresOn !== null && upload.expiresOn < today
        ? 'expired'
        : 'present';
    const item: ChecklistItem = {
      document,
      basis,
      ...(basisDa ? { basisDa } : {}),
      uploadStatus,
      ...(upload?.id ? { documentId: upload.id } : {}),
    };
    items.push({
      ...item,
      ...remembered(
        item,
        earlier.find((line) => line.document === document),
      ),
    });
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
