// Command-line flags shared by the entry points, turned into config overrides (lib/config validates them).
import { parseArgs } from 'node:util';

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
