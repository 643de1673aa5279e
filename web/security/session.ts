// Server-side sessions in PostgreSQL (table web_sessions, via connect-pg-simple). The cookie carries only
// the session id. Staff sessions end after 30 minutes idle and 10 hours in all; a login gets a new session
// id (rotation), so an id planted before the login is worth nothing after it.
import { randomBytes } from 'node:crypto';
import connectPgSimple from 'connect-pg-simple';
import session from 'express-session';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** Idle timeout of a session: each request pushes it on. */
export const idleTimeoutMs = 30 * 60_000;
/** Absolute timeout of a staff login, however busy. */
export const absoluteTimeoutMs = 10 * 3_600_000;

declare module 'express-session' {
  interface SessionData {
    /** the staff account logged in */
    accountId?: string;
    /** when the login happened (ms since epoch), for the absolute timeout */
    loggedInAt?: number;
    /** where to go after the login */
    returnTo?: string;
    /** OIDC state between the redirect and the callback */
    oidc?: { state: string; nonce: string; codeVerifier: string };
    /** the csrf-sync token */
    csrfToken?: string;
    /** a one-time message for the next page */
    flash?: { kind: 'success' | 'error' | 'info'; text: string };
  }
}

/** The session middleware on the database at `connectionString`. */
export function sessions({
  connectionString,
  secret,
  secure,
}: {
  connectionString: string;
  secret: string | undefined;
  secure: boolean;
}): { middleware: RequestHandler; close(): Promise<void> } {
  const PgStore = connectPgSimple(session);
  const store = new PgStore({
    conString: connectionString,
    tableName: 'web_sessions',
    createTableIfMissing: false,
    pruneSessionInterval: 15 * 60,
  });
  const middleware = session({
    store,
    name: 'cpr.sid',
    secret: secret ?? randomBytes(32).toString('hex'),
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure, maxAge: idleTimeoutMs },
  });
  return {
    middleware,
    close: async () => {
      store.close();
      await Promise.resolve();
    },
  };
}

/** Idle timeout of a citizen's session (an application takes a while to gather): staff keep the shorter one. */
export const citizenIdleTimeoutMs = 2 * 3_600_000;

/** Gives citizens' sessions the longer idle timeout; a staff login keeps 30 minutes. */
export function sessionLifetime(req: Request, _res: Response, next: NextFunction): void {
  req.session.cookie.maxAge = req.session.accountId ? idleTimeoutMs : citizenIdleTimeoutMs;
  next();
}

/** Ends a staff login that has passed the absolute timeout; the idle one is the cookie's and the store's. */
export function absoluteTimeout(req: Request, _res: Response, next: NextFunction): void {
  const at = req.session.loggedInAt;
  if (req.session.accountId && (!at || Date.now() - at > absoluteTimeoutMs)) {
    delete req.session.accountId;
    delete req.session.loggedInAt;
  }
  next();
}

/** Gives the session a new id and keeps what it held (login rotation). */
export async function regenerate(req: Request): Promise<void> {
  const kept = { returnTo: req.session.returnTo, flash: req.session.flash };
  await new Promise<void>((resolve, reject) =>
    req.session.regenerate((e: unknown) => (e ? reject(toError(e)) : resolve())),
  );
  if (kept.flash) req.session.flash = kept.flash;
}

const toError = (e: unknown) => (e instanceof Error ? e : new Error(String(e)));

/**
 * Saves a changed session before a redirect goes out. express-session writes the response's headers first and
 * saves at the end, so a browser can follow the redirect before the store has what the request set (a flash
 * message, the login, the apply draft) and the next page misses it.
 */
export function saveBeforeRedirect(req: Request, res: Response, next: NextFunction): void {
  const redirect = res.redirect.bind(res) as (...args: unknown[]) => void;
  res.redirect = (...args: unknown[]) => {
    // after a logout the session is destroyed: nothing to save
    if (!req.session) return redirect(...args);
    req.session.save((error: unknown) => (error ? next(error) : redirect(...args)));
  };
  next();
}
