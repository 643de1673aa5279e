// Command-line flags shared by the entry points, turned into config overrides (lib/config validates them).
import { parseArgs } from 'node:util';
import { ConfigError } from '../lib/config/index.js';
import { DataFolderError } from '../lib/db/data-folder.js';

/** Reads --port and --data-dir into the environment names lib/config knows. */
export function configOverrides(
  argv: string[],
  portSetting: 'ENGINE_PORT' | 'PORT',
): Record<string, string | undefined> {
  const { values } = parseArgs({
    args: argv,
    options: { port: { type: 'string' }, 'data-dir': { type: 'string' } },
    strict: true,
  });
  return { [portSetting]: values.port, DATA_DIR: values['data-dir'] };
}

/** One clear sentence for the failures people hit when starting: bad settings and a busy port. */
export function explainStartFailure(error: unknown): string {
  if (error instanceof ConfigError || error instanceof DataFolderError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  if (/EADDRINUSE|address already in use|No address added out of total/i.test(message)) {
    return `Cannot start: a port is already in use (${message.split('\n')[0]}). Choose another with --port, PORT or ENGINE_PORT.`;
  }
  return error instanceof Error ? (error.stack ?? message) : message;
}
