// What the web layer is built from. Passed in, never imported as globals, so a spec can build the web on its
// own database and engine.
import type { Knex } from 'knex';
import type { CaseFile } from '../cases/index.js';
import type { Config } from '../lib/config/index.js';
import type { EngineClient } from '../lib/engine-client/index.js';
import type { Logger } from '../lib/logger/index.js';

/** The web layer's dependencies. */
export interface WebDeps {
  caseFile: CaseFile;
  engine: EngineClient;
  knex: Knex;
  /** the database the sessions are stored in (the same as knex's) */
  connectionString: string;
  config: Pick<Config, 'publicUrl' | 'documentMaxBytes' | 'port'> & WebSettings;
  log: Logger;
}

/** Settings only the web reads. */
export interface WebSettings {
  /** signs the session cookie; generated per start when unset (sessions then end with a restart) */
  sessionSecret?: string | undefined;
  /** the cookie is sent over https only */
  secureCookies?: boolean | undefined;
  /** staff may log in through this OpenID Connect provider as well (accounts and roles stay ours) */
  oidc?: OidcSettings | undefined;
  /** 'on' lets the designer deploy without an approved draft (a development installation); off by default */
  designerDirectDeploy?: 'on' | 'off' | undefined;
}

/** An OpenID Connect provider for staff login. */
export interface OidcSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}
