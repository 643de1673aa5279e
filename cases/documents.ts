// Uploaded documents, versioned per (application, kind). The type is decided by the file's first bytes,
// never by its name or the browser's say-so: a renamed .exe is refused however it is called. A replacement
// is a new version; the database refuses updates and deletes, so what a caseworker once saw stays there.
// Versions are numbered under a row lock on the application, so two uploads at once get 1 and 2, not 1 twice.
import { createHash, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError, ValidationError } from '../lib/errors/index.js';
import type { AuditLog } from './audit.js';
import { lockApplication } from './case-state.js';
import { isIsoDate, type Clock } from './clock.js';

/** The types a document may have, by magic bytes. */
export const allowedDocumentTypes = ['application/pdf', 'image/jpeg', 'image/png'] as const;

/** A detected document type. */
export type DetectedType = (typeof allowedDocumentTypes)[number];

/** Who uploaded a version. */
export type Uploader = 'citizen' | 'caseworker';

/** A file to store as the next version of its kind. */
export interface DocumentUpload {
  applicationId: string;
  /** a document code from the checklist, e.g. passport */
  kind: string;
  filename: string;
  content: Buffer;
  /** YYYY-MM-DD, when the document itself expires (a passport, a permit) */
  expiresOn?: string | null | undefined;
  uploadedBy: Uploader;
}

/** A stored version without its content. */
export interface DocumentMetadata {
  id: string;
  applicationId: string;
  kind: string;
  version: number;
  filename: string;
  sha256: string;
  sizeBytes: number;
  detectedType: DetectedType;
  expiresOn: string | null;
  uploadedAt: Date;
  uploadedBy: Uploader;
}

/** Documents' operations. Every one is audited with its actor. */
export interface DocumentService {
  /**
   * Stores a file as the next version of its kind and returns it; `isNew` is false when the file is the same
   * as the current version (a resubmitted form), which is then returned instead of a copy.
   * ValidationError for a type other than PDF, JPEG, PNG, or a file over the limit; ConflictError on a closed case.
   */
  upload(upload: DocumentUpload, actor: string, db?: Knex): Promise<DocumentMetadata & { isNew: boolean }>;
  /** The newest version of each kind, by kind. */
  latest(applicationId: string, actor: string): Promise<DocumentMetadata[]>;
  /** Every version of one kind, oldest first. */
  history(applicationId: string, kind: string, actor: string): Promise<DocumentMetadata[]>;
  /** One version with its bytes. */
  content(documentId: string, actor: string): Promise<DocumentMetadata & { content: Buffer }>;
  /** The largest file accepted, in bytes. */
  readonly maxBytes: number;
}

interface DocumentRow {
  id: string;
  application_id: string;
  kind: string;
  version: number;
  filename: string;
  sha256: string;
  size_bytes: number;
  detected_type: DetectedType;
  expires_on: string | null;
  uploaded_at: Date;
  uploaded_by: Uploader;
}

const pdf = Buffer.from('%PDF-', 'latin1');
const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const jpeg = Buffer.from([0xff, 0xd8, 0xff]);

/** The type a file's first bytes say it is, or undefined when it is none of the allowed ones. */
export function detectType(content: Uint8Array): DetectedType | undefined {
  const head = Buffer.from(content.buffer, content.byteOffset, Math.min(content.byteLength, 1024));
  if (head.subarray(0, png.length).equals(png)) return 'image/png';
  if (head.subarray(0, jpeg.length).equals(jpeg)) return 'image/jpeg';
  // PDF readers accept the header anywhere in the first kilobyte, and some producers put bytes before it
  if (head.indexOf(pdf) !== -1) return 'application/pdf';
  return undefined;
}

/** 10485760 -> "10 MiB", for messages a person reads. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${bytes} bytes`;
}

/** A file name safe to show and to offer as a download name: no folders, no control characters. */
export function cleanFilename(filename: string, fallback: string): string {
  const base = (filename ?? '').split(/[/\\]/).pop() ?? '';
  const clean = [...base]
    .filter((ch) => ch.charCodeAt(0) >= 0x20 && ch.charCodeAt(0) !== 0x7f && ch !== '"')
    .join('')
    .trim()
    .slice(0, 200);
  return clean === '' || clean === '.' || clean === '..' ? fallback : clean;
}

/** Whether a string is a document code: kebab-case, as the checklist decision writes them. */
export function isDocumentKind(kind: unknown): kind is string {
  return typeof kind === 'string' && /^[a-z][a-z0-9-]{0,62}$/.test(kind);
}

function toMetadata(row: DocumentRow): DocumentMetadata {
  return {
    id: row.id,
    applicationId: row.application_id,
    kind: row.kind,
    version: row.version,
    filename: row.filename,
    sha256: row.sha256,
    sizeBytes: row.size_bytes,
    detectedType: row.detected_type,
    expiresOn: row.expires_on,
    uploadedAt: row.uploaded_at,
    uploadedBy: row.uploaded_by,
  };
}

/** The metadata columns, with the date as text (pg would make it a Date at local midnight). */
function metadataColumns(db: Knex, alias = 'documents'): (string | Knex.Raw)[] {
  return [
    ...[
      'id',
      'application_id',
      'kind',
      'version',
      'filename',
      'sha256',
      'size_bytes',
      'detected_type',
      'uploaded_at',
      'uploaded_by',
    ].map((column) => `${alias}.${column}`),
    db.raw(`to_char(??, 'YYYY-MM-DD') as expires_on`, [`${alias}.expires_on`]),
  ];
}

/** The newest version of each kind of a case, without content: shared with the application view. */
export async function latestDocuments(db: Knex, applicationId: string): Promise<DocumentMetadata[]> {
  const rows = (await db('documents')
    .distinctOn('documents.kind')
    .select(metadataColumns(db))
    .where('documents.application_id', applicationId)
    .orderBy('documents.kind')
    .orderBy('documents.version', 'desc')) as DocumentRow[];
  return rows.map(toMetadata);
}

/** Creates the document service. */
export function createDocuments({
  knex,
  audit,
  clock,
  maxBytes,
}: {
  knex: Knex;
  audit: AuditLog;
  clock: Clock;
  maxBytes: number;
}): DocumentService {
  const limits = { maxBytes, allowedTypes: [...allowedDocumentTypes] };

  function check(upload: DocumentUpload): DetectedType {
    if (!isDocumentKind(upload.kind))
      throw new ValidationError('document kind is not a document code', { kind: upload.kind });
    if (upload.uploadedBy !== 'citizen' && upload.uploadedBy !== 'caseworker')
      throw new ValidationError('uploader must be citizen or caseworker');
    if (upload.expiresOn != null && !isIsoDate(upload.expiresOn))
      throw new ValidationError('expiry date must be a real date YYYY-MM-DD', { kind: upload.kind });
    if (!Buffer.isBuffer(upload.content) || upload.content.length === 0)
      throw new ValidationError('document is empty', { ...limits, kind: upload.kind });
    if (upload.content.length > maxBytes)
      throw new ValidationError(
        `document is larger than ${formatBytes(maxBytes)}; upload a PDF, JPEG or PNG file of at most ${formatBytes(maxBytes)}`,
        {
          ...limits,
          kind: upload.kind,
          sizeBytes: upload.content.length,
        },
      );
    const detectedType = detectType(upload.content);
    if (!detectedType)
      throw new ValidationError(`document must be a PDF, JPEG or PNG file of at most ${formatBytes(maxBytes)}`, {
        ...limits,
        kind: upload.kind,
      });
    return detectedType;
  }

  async function store(db: Knex, upload: DocumentUpload, detectedType: DetectedType, actor: string) {
    const application = await lockApplication(db, upload.applicationId);
    if (application.status.startsWith('closed-'))
      throw new ConflictError('case is closed', { applicationId: upload.applicationId });
    const sha256 = createHash('sha256').update(upload.content).digest('hex');
    const current = (await db('documents')
      .select(metadataColumns(db))
      .where({ application_id: upload.applicationId, kind: upload.kind })
      .orderBy('version', 'desc')
      .first()) as DocumentRow | undefined;
    if (current && current.sha256 === sha256 && current.expires_on === (upload.expiresOn ?? null))
      return { ...toMetadata(current), isNew: false };
    const [row] = await db('documents')
      .insert({
        id: randomUUID(),
        application_id: upload.applicationId,
        kind: upload.kind,
        version: (current?.version ?? 0) + 1,
        filename: cleanFilename(upload.filename, upload.kind),
        content: upload.content,
        sha256,
        size_bytes: upload.content.length,
        detected_type: detectedType,
        expires_on: upload.expiresOn ?? null,
        uploaded_at: clock.now(),
        uploaded_by: upload.uploadedBy,
      })
      .returning<DocumentRow[]>(metadataColumns(db, 'documents'));
    if (!row) throw new Error('document insert returned no row');
    await audit.record(
      {
        actor,
        action: 'document-uploaded',
        applicationId: upload.applicationId,
        detail: { documentId: row.id, kind: row.kind, version: row.version, detectedType, sizeBytes: row.size_bytes },
      },
      db,
    );
    return { ...toMetadata(row), isNew: true };
  }

  return {
    maxBytes,

    async upload(upload, actor, db) {
      const detectedType = check(upload);
      if (db) return store(db, upload, detectedType, actor);
      return knex.transaction((trx) => store(trx, upload, detectedType, actor));
    },

    async latest(applicationId, actor) {
      const documents = await latestDocuments(knex, applicationId);
      await audit.record({ actor, action: 'documents-listed', applicationId, detail: { count: documents.length } });
      return documents;
    },

    async history(applicationId, kind, actor) {
      const rows = (await knex('documents')
        .select(metadataColumns(knex))
        .where({ application_id: applicationId, kind })
        .orderBy('version')) as DocumentRow[];
      await audit.record({
        actor,
        action: 'document-history-read',
        applicationId,
        detail: { kind, count: rows.length },
      });
      return rows.map(toMetadata);
    },

    async content(documentId, actor) {
      const row = (await knex('documents')
        .select([...metadataColumns(knex), 'documents.content'])
        .where('documents.id', documentId)
        .first()) as (DocumentRow & { content: Buffer }) | undefined;
      if (!row) throw new NotFoundError('document not found', { documentId });
      await audit.record({
        actor,
        action: 'document-content-read',
        applicationId: row.application_id,
        detail: { documentId, kind: row.kind, version: row.version },
      });
      return { ...toMetadata(row), content: row.content };
    },
  };
}
