// Document previews for the task page: one stored version, inline, with the type detected at upload (never
// the name's), for staff who work cases only. Every read is audited through cases/documents.ts with the
// staff member as actor. Not cached by browsers or proxies: these are identity papers.
import { Router } from 'express';
import { NotFoundError } from '../../lib/errors/index.js';
import { requireRole, staffActor } from '../auth/guards.js';
import type { StaffDeps } from './index.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** GET /staff/documents/:documentId: the document's bytes, shown inline. */
export function documentRoutes({ caseFile }: Pick<StaffDeps, 'caseFile'>): Router {
  const router = Router();
  router.get(
    '/staff/documents/:documentId',
    requireRole('back-office', 'front-office', 'team-lead'),
    async (req, res) => {
      const documentId = String(req.params.documentId);
      if (!uuid.test(documentId)) throw new NotFoundError('document not found');
      const document = await caseFile.documents.content(documentId, staffActor(res));
      const extension = document.detectedType === 'application/pdf' ? 'pdf' : document.detectedType.split('/')[1];
      res.set({
        'Content-Type': document.detectedType,
        // a plain name: the uploaded one may carry the applicant's name into download folders and logs
        'Content-Disposition': `inline; filename="${document.kind}-v${document.version}.${extension}"`,
        'Cache-Control': 'private, no-store',
      });
      res.send(document.content);
    },
  );
  return router;
}
