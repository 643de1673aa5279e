// The citizen portal (public, Danish and English): the front page, apply, my case, hearing and booking.
// Each page works without JavaScript (DESIGN.md "Rendering").
import { Router } from 'express';
import type { WebDeps } from '../deps.js';

/** The portal's routes. */
export function citizenRoutes(_deps: WebDeps): Router {
  const router = Router();
  router.get('/', (_req, res) => {
    res.render('citizen/home');
  });
  return router;
}
