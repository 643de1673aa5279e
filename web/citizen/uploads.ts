// File uploads on the citizen pages: multipart parsed by multer into memory (the files go to PostgreSQL,
// never to disk), with the size limit of the case file. A file over the limit is not an error page but a
// message beside its field, so the rest of the form is not lost; the type is checked by the file's first
// bytes, as cases/documents.ts will check it again.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { detectType, formatBytes } from '../../cases/documents.js';

/** A file as multer keeps it in memory. */
export type UploadedFile = Express.Multer.File;

/** What went wrong with the multipart body as a whole, for the route to show beside a field. */
export interface UploadProblem {
  /** the field of the file that broke the limit, if multer knows it */
  field: string | undefined;
  code: 'too-large' | 'too-many';
}

declare module 'express-serve-static-core' {
  interface Request {
    /** set by `citizenUpload` when the upload broke a limit */
    uploadProblem?: UploadProblem;
  }
}

/** Parses a multipart form with up to `maxFiles` files of at most `maxBytes` each; limit breaks become `req.uploadProblem`. */
export function citizenUpload({ maxBytes, maxFiles }: { maxBytes: number; maxFiles: number }): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    // only document fields (document-<kind>), one file each, are read into memory; any other file is skipped
    // unread, so a request can hold no more than the documents the page asks for
    const seen = new Set<string>();
    const parse = multer({
      storage: multer.memoryStorage(),
      limits: { fileSize: maxBytes, files: maxFiles, fields: 50, fieldSize: 20_000, parts: maxFiles + 50 },
      fileFilter: (_req, file, accept) => {
        const wanted = /^document-[a-z][a-z0-9-]{0,62}$/.test(file.fieldname) && !seen.has(file.fieldname);
        seen.add(file.fieldname);
        accept(null, wanted);
      },
    }).any();
    parse(req, res, (error: unknown) => {
      if (error instanceof multer.MulterError) {
        if (error.code === 'LIMIT_FILE_SIZE') req.uploadProblem = { field: error.field, code: 'too-large' };
        // any other limit (file count, parts, a field too long, an unexpected file) is shown by the field too
        else req.uploadProblem = { field: error.field, code: 'too-many' };
        // the body may be cut short: give the route an empty one rather than half a form
        req.body ??= {};
        req.files = [];
        return next();
      }
      // a body cut off on a bad network, or not multipart at all: the client's to send again, not ours to alarm on
      if (error)
        return next(Object.assign(error instanceof Error ? error : new Error('malformed upload'), { status: 400 }));
      next();
    });
  };
}

/** The uploaded files by field name (the first file of each field). */
export function filesByField(req: Request): Map<string, UploadedFile> {
  const files = Array.isArray(req.files) ? req.files : [];
  const map = new Map<string, UploadedFile>();
  for (const file of files) if (!map.has(file.fieldname) && file.size > 0) map.set(file.fieldname, file);
  return map;
}

/** Whether a file is one the case file accepts: PDF, JPEG or PNG by its bytes, within the limit. */
export function fileProblem(file: UploadedFile, maxBytes: number): 'type' | 'too-large' | undefined {
  if (file.size > maxBytes) return 'too-large';
  return detectType(file.buffer) ? undefined : 'type';
}

/** The limit as people read it, e.g. "10 MiB". */
export const readableLimit = (maxBytes: number): string => formatBytes(maxBytes);
