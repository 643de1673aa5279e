// CSRF protection on every form (synchroniser token in the session, csrf-sync). Templates put
// {{ csrfToken }} in a hidden _csrf field; scripts send it in the x-csrf-token header. Upload forms are
// multipart, which express has not parsed when this runs, so they carry the token in the query string
// (`?_csrf=`): same-origin, and the referrer policy keeps it from leaving the site.
import { csrfSync } from 'csrf-sync';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

const { csrfSynchronisedProtection, generateToken } = csrfSync({
  getTokenFromRequest: (req) => {
    const body = req.body as Record<string, unknown> | undefined;
    const fromBody = typeof body?._csrf === 'string' ? body._csrf : undefined;
    const fromHeader = req.headers['x-csrf-token'];
    const fromQuery =
      req.is('multipart/form-data') && typeof req.query._csrf === 'string' ? req.query._csrf : undefined;
    return fromBody ?? (typeof fromHeader === 'string' ? fromHeader : undefined) ?? fromQuery;
  },
});

/** Refuses a state-changing request without the session's token (403 via the error middleware). */
export const csrfProtection: RequestHandler = csrfSynchronisedProtection;

/** Makes res.locals.csrfToken available to templates (creating the token, and so the session, on demand). */
export function csrfToken(req: Request, res: Response, next: NextFunction): void {
  Object.defineProperty(res.locals, 'csrfToken', {
    configurable: true,
    enumerable: true,
    get: () => generateToken(req),
  });
  next();
}
