// Security headers (helmet) with a strict Content-Security-Policy: scripts, styles, fonts and images come
// from this origin only, because every bundle is served locally (DESIGN.md "Bundling"). No inline script;
// the diagram and form libraries set style attributes from script, which style-src-attr allows.
import helmet from 'helmet';
import type { RequestHandler } from 'express';

/** helmet with the product's policy. `secure` adds HSTS and upgrades requests (behind https only). */
export function securityHeaders({ secure }: { secure: boolean }): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        styleSrcAttr: ["'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // documents are previewed inline in an <object>/<iframe> from this origin
        objectSrc: ["'self'"],
        frameSrc: ["'self'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        workerSrc: ["'self'", 'blob:'],
        ...(secure ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: secure,
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'same-origin' },
  });
}
