// JSON logs with pino. Personal data is removed by configuration: any field with one of these names,
// at any of the first levels of a log object, is censored, so nobody has to remember to leave it out.
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Field names that carry personal data and must never reach a log line. */
export const personalFields = [
  'name',
  'firstName',
  'lastName',
  'fullName',
  'givenName',
  'familyName',
  'passport',
  'passportNumber',
  'cpr',
  'cprNumber',
  'address',
  'street',
  'email',
  'phone',
  'birthDate',
  'dateOfBirth',
];

function redactPaths(depth: number): string[] {
  const paths: string[] = [];
  for (const field of personalFields) {
    for (let level = 0; level <= depth; level++) paths.push([...Array<string>(level).fill('*'), field].join('.'));
  }
  return paths;
}

/** Creates the root logger; components take children of it. */
export function createLogger(options: { level: string; destination?: pino.DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      // a PostgreSQL error's detail ("Failing row contains (...)") can quote a whole row of personal data
      redact: { paths: [...redactPaths(3), 'err.detail', '*.err.detail', 'error.detail'], censor: '[redacted]' },
      base: { pid: process.pid },
    },
    options.destination,
  );
}
