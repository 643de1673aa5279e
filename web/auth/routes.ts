// Staff login and logout. A login rotates the session id and starts the absolute timeout; a failed login
// says only that the username or password is wrong. OIDC, when configured, joins here.
import express, { Router } from 'express';
import type { Accounts } from './accounts.js';
import { loginLimit } from '../security/rate-limits.js';
import { regenerate } from '../security/session.js';

/** GET/POST /staff/login and POST /staff/logout. */
export function authRoutes({ accounts }: { accounts: Accounts }): Router {
  const router = Router();
  const limit = loginLimit();

  router.get('/staff/login', (_req, res) => {
    res.render('staff/login', { username: '' });
  });

  router.post('/staff/login', limit, express.urlencoded({ extended: false }), async (req, res) => {
    const body = req.body as Record<string, unknown>;
    const username = typeof body.username === 'string' ? body.username.trim() : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const account = username && password ? await accounts.authenticate(username, password) : undefined;
    if (!account) {
      res.status(401).render('staff/login', { username, failed: true });
      return;
    }
    const returnTo = req.session.returnTo;
    await regenerate(req);
    req.session.accountId = account.id;
    req.session.loggedInAt = Date.now();
    res.redirect(303, returnTo?.startsWith('/staff') ? returnTo : '/staff');
  });

  router.post('/staff/logout', (req, res, next) => {
    req.session.destroy((error: unknown) => {
      if (error) return next(error);
      res.clearCookie('cpr.sid');
      res.redirect(303, '/staff/login');
    });
  });
  return router;
}
