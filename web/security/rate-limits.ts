// Rate limits where guessing pays: logins and private links (tokens are 256-bit random, but a flood still
// costs the database). Counted per client address in this process, which is enough for the one-machine
// install; several web processes behind a balancer would each count on their own.
import { rateLimit } from 'express-rate-limit';
import type { RequestHandler } from 'express';

/** 10 failed login attempts per 15 minutes per address (a successful login does not count). */
export function loginLimit(): RequestHandler {
  return rateLimit({
    windowMs: 15 * 60_000,
    limit: 10,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
  });
}

/**
 * 20 submitted applications per hour per address: each one mails the address it names, so the portal must not
 * become a way to flood someone's inbox (a municipality's public computers share an address, hence not fewer).
 */
export function applyLimit(): RequestHandler {
  return rateLimit({ windowMs: 3_600_000, limit: 20, standardHeaders: 'draft-8', legacyHeaders: false });
}

/** 60 private-link requests per 5 minutes per address. */
export function privateLinkLimit(): RequestHandler {
  return rateLimit({ windowMs: 5 * 60_000, limit: 60, standardHeaders: 'draft-8', legacyHeaders: false });
}
