// The Express app: security headers, sessions, language, CSRF, then the citizen portal and the staff pages,
// then the one error middleware. Routes stay thin and call cases/ (STYLE.md "A route").
import express, { type Express } from 'express';
import { createAccounts, type Accounts } from './auth/accounts.js';
import { loadStaff } from './auth/guards.js';
import { oidcRoutes } from './auth/oidc.js';
import { authRoutes } from './auth/routes.js';
import { assetsOutDir, dkfdsDir } from './assets.js';
import { citizenRoutes } from './citizen/index.js';
import type { WebDeps } from './deps.js';
import { errorHandler, notFound } from './errors.js';
import { languageMiddleware } from './i18n.js';
import { csrfProtection, csrfToken } from './security/csrf.js';
import { securityHeaders } from './security/headers.js';
import { absoluteTimeout, saveBeforeRedirect, sessionLifetime, sessions } from './security/session.js';
import { startDraftDeployer } from './staff/designer-drafts.js';
import { staffRoutes } from './staff/index.js';
import { useNunjucks } from './views.js';

/** The app and what must be closed with it. */
export interface WebApp {
  app: Express;
  accounts: Accounts;
  close(): Promise<void>;
}

/** Builds the web app on its dependencies. */
export function createWebApp(deps: WebDeps): WebApp {
  const app = express();
  const secure = deps.config.secureCookies ?? deps.config.publicUrl.startsWith('https://');
  if (secure) app.set('trust proxy', 1);
  app.disable('x-powered-by');
  useNunjucks(app);
  const accounts = createAccounts({ knex: deps.knex });
  const session = sessions({ connectionString: deps.connectionString, secret: deps.config.sessionSecret, secure });

  app.use(securityHeaders({ secure }));
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.use('/assets', express.static(assetsOutDir, { maxAge: '1h', fallthrough: false }));
  app.use('/dkfds', express.static(dkfdsDir, { maxAge: '1d', fallthrough: false }));
  app.use(express.urlencoded({ extended: true, limit: '200kb' }));
  app.use(express.json({ limit: '2mb' }));
  app.use(session.middleware);
  // the apply steps echo what the citizen typed and staff pages show whole cases: never kept in a cache, on
  // disk or in the back-forward cache of a shared computer (private-link pages set this themselves)
  app.use(['/apply', '/staff'], (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  });
  app.use(saveBeforeRedirect);
  app.use(absoluteTimeout);
  app.use(sessionLifetime);
  app.use(languageMiddleware);
  app.use(csrfToken);
  app.use(loadStaff(accounts));
  app.use((req, res, next) => {
    res.locals.path = req.path;
    // a one-time message set before a redirect
    if (req.session.flash) {
      res.locals.flash = req.session.flash;
      delete req.session.flash;
    }
    next();
  });
  app.use(csrfProtection);

  app.use(authRoutes({ accounts }));
  const oidc = deps.config.oidc;
  if (oidc) app.use(oidcRoutes({ settings: oidc, accounts, publicUrl: deps.config.publicUrl }));
  app.locals.singleSignOn = !!oidc;
  app.use(citizenRoutes(deps));
  app.use(staffRoutes({ ...deps, accounts }));

  app.use(notFound);
  app.use(errorHandler(deps.log));
  // approved rule changes whose date has come go live from here, whichever web process looks first
  const deployer = startDraftDeployer(deps);
  return {
    app,
    accounts,
    close: async () => {
      deployer.close();
      await session.close();
    },
  };
}
