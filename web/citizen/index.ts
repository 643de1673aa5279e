// The citizen portal (public, Danish and English): the front page, apply, my case, hearing and booking.
// Each page works without JavaScript (DESIGN.md "Rendering"): plain forms that post and redirect. Pages
// behind a private link are rate-limited and kept out of caches.
import { Router } from 'express';
import type { WebDeps } from '../deps.js';
import { privateLinkLimit } from '../security/rate-limits.js';
import { applyRoutes } from './apply.js';
import { bookingRoutes } from './booking-page.js';
import { casePageRoutes } from './case-page.js';
import { privatePage } from './context.js';
import { hearingRoutes } from './hearing-page.js';

/** The portal's routes. */
export function citizenRoutes(deps: WebDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('citizen/home');
  });
  router.use(applyRoutes(deps));
  router.use(['/case', '/hearing', '/booking'], privateLinkLimit(), privatePage);
  router.use(casePageRoutes(deps));
  router.use(hearingRoutes(deps));
  router.use(bookingRoutes(deps));
  return router;
}
