// The one error middleware (STYLE.md "A route"): application errors become their HTTP status; JSON clients
// get application/problem+json, people get a page that says what to do next. Anything else is a 500 that is
// logged (without the request body, which may hold personal data) and shown as a plain apology.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../lib/errors/index.js';
import type { Logger } from '../lib/logger/index.js';

interface HttpishError {
  status?: number;
  statusCode?: number;
  code?: string;
}

function statusOf(error: unknown): number {
  if (error instanceof AppError) return error.status;
  const e = error as HttpishError;
  if (e.code === 'EBADCSRFTOKEN') return 403;
  if (e.code === 'LIMIT_FILE_SIZE' || e.code === 'LIMIT_FILE_COUNT' || e.code === 'LIMIT_UNEXPECTED_FILE') return 413;
  const status = e.status ?? e.statusCode;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : 500;
}

/** 404 for anything no route took. */
export const notFound: RequestHandler = (req, res) => {
  if (req.accepts(['html', 'json']) === 'json') {
    res.status(404).type('application/problem+json').json({ title: 'Not found', status: 404 });
    return;
  }
  res.status(404).render('error', { status: 404 });
};

/** A path as it may be logged: a private link's token is as good as a key to the case, so it never is. */
export const loggablePath = (path: string): string => path.replace(/^\/(case|hearing|booking)\/[^/]+/, '/$1/:token');

/** Maps errors to responses. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (error: unknown, req, res, _next) => {
    const status = statusOf(error);
    if (status >= 500) log.error({ err: error, method: req.method, path: loggablePath(req.path) }, 'request failed');
    const title = error instanceof AppError || status < 500 ? (error as Error).message : 'Internal error';
    if (res.headersSent) return;
    // a form sent after the session ran out carries a token the new session never gave: not "no access", but
    // "start this step again", on the page the form came from
    if (
      (error as HttpishError).code === 'EBADCSRFTOKEN' &&
      !res.locals.staff &&
      req.accepts(['html', 'json']) === 'html'
    ) {
      const t = res.locals.t as ((key: string) => string) | undefined;
      req.session.flash = { kind: 'info', text: t ? t('common:sessionExpired') : 'Your session timed out.' };
      res.redirect(303, req.path.startsWith('/apply') ? '/apply' : req.path);
      return;
    }
    if (req.accepts(['html', 'json']) === 'json') {
      res.status(status).type('application/problem+json').json({ title, status });
      return;
    }
    // staff get a 403 in their own words: which roles or group the page is for, and where they can go instead
    const details = error instanceof AppError ? error.details : {};
    const list = (value: unknown) =>
      Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : undefined;
    res.status(status).render('error', {
      status,
      message: status < 500 ? title : undefined,
      forRoles: status === 403 ? list(details.allowed) : undefined,
      forGroups: status === 403 ? list(details.candidateGroups) : undefined,
    });
  };
}
