// Private links (DOMAIN.md, "Conventions for the citizen side"): a random token in the link, only its
// sha256 in the database, so a copy of the database opens no one's case.
import { createHash, randomBytes } from 'node:crypto';

/** A new token for a private link, and the hash to store. The token goes in one mail and nowhere else. */
export function createToken(): { token: string; tokenHash: string } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

/** The stored form of a token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Whether a string can be a token at all, so garbage is turned away before it reaches a query. */
export function isTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && /^[A-Za-z0-9_-]{43}$/.test(token);
}
