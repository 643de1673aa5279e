// The one place that reads process.env. Every setting is declared here once, with its type, default
// and a sentence on what it does; start-up fails with the complete list of bad keys, not the first.
import { Ajv, type ErrorObject } from 'ajv';
import path from 'node:path';

/** The validated configuration every entry point receives. */
export interface Config {
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  databaseUrl: string | undefined;
  dataDir: string;
  port: number;
  host: string;
  engineHost: string;
  enginePort: number;
  zeebeGrpcAddress: string | undefined;
  smtpUrl: string | undefined;
  mailFrom: string;
  publicUrl: string;
  /** true when PUBLIC_URL was unset and publicUrl was made from HOST and PORT: links then only work locally */
  publicUrlDerived: boolean;
  documentMaxBytes: number;
  siriLocalMode: 'table' | 'fake';
  sessionSecret: string | undefined;
  oidcIssuer: string | undefined;
  oidcClientId: string | undefined;
  oidcClientSecret: string | undefined;
  designerDirectDeploy: 'on' | 'off';
}

interface Setting {
  key: keyof Config;
  doc: string;
  schema: Record<string, unknown>;
}

/** Each environment variable the product understands, with its documentation. */
export const settings: Record<string, Setting> = {
  LOG_LEVEL: {
    key: 'logLevel',
    doc: 'pino log level for JSON logs on stdout.',
    schema: { type: 'string', enum: ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], default: 'info' },
  },
  DATABASE_URL: {
    key: 'databaseUrl',
    doc: 'PostgreSQL connection string. When unset, an embedded PostgreSQL is started in DATA_DIR.',
    schema: { type: 'string', pattern: '^postgres(ql)?://' },
  },
  DATA_DIR: {
    key: 'dataDir',
    doc: 'Folder for the embedded PostgreSQL cluster and other local data (git-ignored). Also --data-dir.',
    schema: { type: 'string', minLength: 1, default: '.data' },
  },
  PORT: {
    key: 'port',
    doc: 'HTTP port of the web layer.',
    schema: { type: 'integer', minimum: 1, maximum: 65535, default: 3000 },
  },
  HOST: {
    key: 'host',
    doc: 'Interface the web listens on: 127.0.0.1 on one machine, 0.0.0.0 inside a container.',
    schema: { type: 'string', minLength: 1, default: '127.0.0.1' },
  },
  ENGINE_HOST: {
    key: 'engineHost',
    doc: 'Interface the embedded engine serves its Zeebe gateway gRPC API on.',
    schema: { type: 'string', minLength: 1, default: '127.0.0.1' },
  },
  ENGINE_PORT: {
    key: 'enginePort',
    doc: 'Port of the embedded engine gRPC API (Zeebe gateway protocol). Also --port for npm run engine.',
    schema: { type: 'integer', minimum: 0, maximum: 65535, default: 26500 },
  },
  ZEEBE_GRPC_ADDRESS: {
    key: 'zeebeGrpcAddress',
    doc: 'Address of an external Zeebe gateway (grpc://host:port). When set, no embedded engine is started.',
    schema: { type: 'string', pattern: '^grpcs?://[^\\s/]+:\\d+$' },
  },
  SMTP_URL: {
    key: 'smtpUrl',
    doc: 'SMTP server for outgoing mail (smtp://user:pass@host:587 or smtps://...). When unset, mails stay pending in the outbox.',
    schema: { type: 'string', pattern: '^smtps?://' },
  },
  MAIL_FROM: {
    key: 'mailFrom',
    doc: 'Sender of every mail to citizens, as it appears in the From header.',
    schema: { type: 'string', minLength: 3, default: 'International House <noreply@localhost>' },
  },
  PUBLIC_URL: {
    key: 'publicUrl',
    doc: 'Address citizens reach the portal at; the private links in mails start with it. When unset, http://localhost:<PORT> (or http://<HOST>:<PORT> when HOST names one interface), which only this machine can open.',
    schema: { type: 'string', pattern: '^https?://[^\\s]+$' },
  },
  DOCUMENT_MAX_BYTES: {
    key: 'documentMaxBytes',
    doc: 'Largest document a citizen or caseworker may upload, in bytes (10 MiB by default).',
    schema: { type: 'integer', minimum: 1024, maximum: 104857600, default: 10485760 },
  },
  SIRI_LOCAL_MODE: {
    key: 'siriLocalMode',
    doc: 'Local stand-in for SIRI: table = only passports recorded in siri_residence_records are found; fake = those, else a deterministic answer derived from the passport number.',
    schema: { type: 'string', enum: ['table', 'fake'], default: 'fake' },
  },
  SESSION_SECRET: {
    key: 'sessionSecret',
    doc: 'Signs the staff and citizen session cookies. When unset a random one is made at each start, which ends every session on restart.',
    schema: { type: 'string', minLength: 32 },
  },
  OIDC_ISSUER: {
    key: 'oidcIssuer',
    doc: 'OpenID Connect issuer URL for staff single sign-on (optional). Staff accounts and roles stay local: a login is linked to the account whose username is the preferred_username claim.',
    schema: { type: 'string', pattern: '^https?://[^\\s]+$' },
  },
  OIDC_CLIENT_ID: {
    key: 'oidcClientId',
    doc: 'Client id registered at the OIDC issuer; its redirect URI is <PUBLIC_URL>/staff/login/oidc/callback.',
    schema: { type: 'string', minLength: 1 },
  },
  OIDC_CLIENT_SECRET: {
    key: 'oidcClientSecret',
    doc: 'Client secret registered at the OIDC issuer.',
    schema: { type: 'string', minLength: 1 },
  },
  DESIGNER_DIRECT_DEPLOY: {
    key: 'designerDirectDeploy',
    doc: "on = the designer's Deploy button puts a model live at once, without a draft and a second person's approval: for a development installation only. off (the default) = every change goes live through an approved draft.",
    schema: { type: 'string', enum: ['on', 'off'], default: 'off' },
  },
};

/** Thrown when the configuration is invalid; `problems` lists every bad key. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const ajv = new Ajv({ allErrors: true, coerceTypes: true, useDefaults: true, strict: false });
const validate = ajv.compile({
  type: 'object',
  properties: Object.fromEntries(Object.entries(settings).map(([name, s]) => [name, s.schema])),
});

function describe(error: ErrorObject): string {
  const name = error.instancePath.replace(/^\//, '');
  return `${name}: ${error.message ?? 'is invalid'} (${settings[name]?.doc ?? 'unknown setting'})`;
}

/**
 * Reads the configuration from the environment, with `overrides` (from command-line flags) taking precedence.
 * Empty strings count as unset, so `DATABASE_URL=` behaves like no DATABASE_URL.
 * `env` is the process environment except in tests.
 */
export function loadConfig(
  overrides: Record<string, string | undefined> = {},
  env: Record<string, string | undefined> = process.env,
): Config {
  const raw: Record<string, unknown> = {};
  for (const name of Object.keys(settings)) {
    const value = overrides[name] ?? env[name];
    if (value !== undefined && value !== '') raw[name] = value;
  }
  const problems = validate(raw) ? [] : (validate.errors ?? []).map(describe);
  // single sign-on needs all three, or none
  const oidc = ['OIDC_ISSUER', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'];
  if (oidc.some((name) => raw[name] !== undefined))
    for (const name of oidc.filter((n) => raw[n] === undefined))
      problems.push(`${name}: is required when any OIDC_* setting is set (${settings[name]?.doc ?? ''})`);
  if (problems.length > 0) throw new ConfigError(problems);
  const config = Object.fromEntries(
    Object.entries(settings).map(([name, s]) => [s.key, raw[name]]),
  ) as unknown as Config;
  config.dataDir = path.resolve(config.dataDir);
  config.publicUrlDerived = config.publicUrl === undefined;
  // links are built as publicUrl + '/path', so a trailing slash would double up
  config.publicUrl = (config.publicUrl ?? localUrl(config.host, config.port)).replace(/\/+$/, '');
  return config;
}

/** Where the web can be reached on this machine: a loopback or every-interface HOST reads as localhost. */
function localUrl(host: string, port: number): string {
  const name = ['127.0.0.1', '0.0.0.0', '::', '::1', 'localhost'].includes(host) ? 'localhost' : host;
  return `http://${name.includes(':') ? `[${name}]` : name}:${port}`;
}
