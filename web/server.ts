// Serves the web app on PORT (127.0.0.1 unless HOST says otherwise), building the browser bundles first when
// they are missing or stale.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWebApp, type WebApp } from './app.js';
import { assetsAreStale, buildAssets } from './assets.js';
import type { WebDeps } from './deps.js';

/** A running web server. */
export interface RunningWeb {
  url: string;
  port: number;
  web: WebApp;
  close(): Promise<void>;
}

/** Builds the bundles if needed, then listens. `port` 0 picks a free port (specs). */
export async function startWeb(deps: WebDeps, options: { port?: number; host?: string } = {}): Promise<RunningWeb> {
  if (assetsAreStale()) {
    const started = Date.now();
    const built = await buildAssets();
    deps.log.info(
      { entries: built.entries, kilobytes: Math.round(built.bytes / 1024), ms: Date.now() - started },
      'browser bundles built',
    );
  }
  const web = createWebApp(deps);
  const server = http.createServer(web.app);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve) => server.listen(options.port ?? deps.config.port, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    port,
    web,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await web.close();
    },
  };
}
