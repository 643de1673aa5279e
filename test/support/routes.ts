// The app's routes as Express holds them, read from the router stack at run time (Express 5 / router 2):
// every `router.get/post/...` as method + full path, and every middleware mounted on a path prefix (static
// files, the private-link limit) as USE + prefix. Specs that must cover every route use this, so a route
// added tomorrow is covered or the spec says it is missing.
import type { Express } from 'express';

/** One route (or prefixed middleware, method USE) with the path pattern as declared, e.g. /case/:token. */
export interface AppRoute {
  method: string;
  path: string;
}

/** The parts of router 2's Layer and Route that are read here. */
interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean | undefined> };
  handle: { stack?: Layer[] };
}

const pathsOf = (raw: unknown): string[] =>
  (Array.isArray(raw) ? (raw as unknown[]) : [raw]).map((p) =>
    p instanceof RegExp ? `regexp:${p.source}` : String(p),
  );

const join = (prefix: string, path: string) => (path === '/' ? prefix || '/' : `${prefix}${path}`);

function walk(stack: readonly Layer[], prefix: string, out: AppRoute[]): void {
  for (const layer of stack) {
    // without it, a router mounted on a prefix would look mounted on '/' and its routes would be listed wrong
    if (!('rawPath' in layer))
      throw new Error('the router Layer has no rawPath: teach test/support/routes.ts its new shape');
    if (layer.route) {
      const methods = Object.entries(layer.route.methods)
        .filter(([, on]) => on)
        .map(([method]) => (method === '_all' ? 'ALL' : method.toUpperCase()));
      for (const path of pathsOf(layer.route.path))
        for (const method of methods) out.push({ method, path: join(prefix, path) });
    } else if (Array.isArray(layer.handle.stack)) {
      for (const path of pathsOf(layer.rawPath)) walk(layer.handle.stack, join(prefix, path === '/' ? '' : path), out);
    } else {
      for (const path of pathsOf(layer.rawPath))
        if (path !== '/' && path !== '') out.push({ method: 'USE', path: join(prefix, path) });
    }
  }
}

/** Every route of the app and every path-prefixed middleware, each once, in the order Express tries them. */
export function appRoutes(app: Express): AppRoute[] {
  const router = (app as unknown as { router: { stack: Layer[] } }).router;
  const out: AppRoute[] = [];
  walk(router.stack, '', out);
  const seen = new Set<string>();
  return out.filter((r) => !seen.has(`${r.method} ${r.path}`) && seen.add(`${r.method} ${r.path}`));
}
