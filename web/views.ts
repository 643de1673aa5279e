// One template approach everywhere (DESIGN.md "Rendering"): nunjucks with autoescape on, so every value a
// template prints is escaped unless a template says otherwise on purpose.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Express } from 'express';
import nunjucks from 'nunjucks';
import { isIsoDate, longDate } from '../cases/clock.js';
import { documentLabel } from '../cases/mail-templates.js';
import { isLanguage, translator } from './i18n.js';

/** The folder of the templates. */
export const viewsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'views');

/**
 * JSON for a `<script type="application/json">` block: `<`, `>`, `&` and the JavaScript line separators
 * escaped as \u00XX, so no value can end the block or open a comment; JSON.parse reads it back unchanged.
 */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value ?? null).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Sets nunjucks up as the app's view engine (`res.render('citizen/apply')` renders views/citizen/apply.njk). */
export function useNunjucks(app: Express, options: { watch?: boolean } = {}): nunjucks.Environment {
  const env = nunjucks.configure(viewsDir, {
    autoescape: true,
    throwOnUndefined: false,
    noCache: options.watch ?? false,
    express: app,
  });
  env.addFilter('date', (value: unknown, language: string, style: 'date' | 'datetime' = 'date') => {
    if (value === null || value === undefined || value === '') return '';
    const date =
      value instanceof Date
        ? value
        : typeof value === 'number' || typeof value === 'string'
          ? new Date(value)
          : undefined;
    if (!date) return '';
    if (Number.isNaN(date.getTime())) return '';
    return new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', {
      dateStyle: 'long',
      ...(style === 'datetime' ? { timeStyle: 'short' } : {}),
      timeZone: 'Europe/Copenhagen',
    }).format(date);
  });
  // a deadline's last day (YYYY-MM-DD), written exactly as the mails write it
  env.addFilter('longDate', (value: unknown, language: string) =>
    typeof value === 'string' && isIsoDate(value) ? longDate(value, language === 'da' ? 'da' : 'en') : '',
  );
  // a day as the booking page heads it: "Monday 11 January" / "mandag den 11. januar"
  env.addFilter('weekday', (value: unknown, language: string) =>
    typeof value === 'string' && isIsoDate(value)
      ? new Intl.DateTimeFormat(language === 'da' ? 'da-DK' : 'en-GB', {
          weekday: 'long',
          day: 'numeric',
          month: 'long',
          timeZone: 'UTC',
        })
          .format(new Date(`${value}T00:00:00Z`))
          .replace(/^./, (first) => first.toUpperCase())
      : '',
  );
  // a document code as people know it: "Marriage certificate", not marriage-certificate
  env.addFilter('documentTitle', (value: unknown, language: string) =>
    typeof value === 'string' ? documentLabel(value, language === 'da' ? 'da' : 'en') : '',
  );
  // a nationality's ISO code as the reader's country name: "Germany" / "Tyskland", not DE
  env.addFilter('countryName', (value: unknown, language: string) => {
    if (typeof value !== 'string' || !/^[A-Z]{2}$/.test(value)) return typeof value === 'string' ? value : '';
    return new Intl.DisplayNames([language === 'da' ? 'da' : 'en'], { type: 'region', fallback: 'code' }).of(value);
  });
  // role and group codes as staff read them: "Team lead, Front desk", not team-lead, front-office
  const namesOf = (prefix: string) => (value: unknown, language: string) => {
    const t = translator(isLanguage(language) ? language : 'en');
    return (Array.isArray(value) ? value : [])
      .map((code) => t(`${prefix}${String(code)}`, { defaultValue: String(code) }))
      .join(', ');
  };
  env.addFilter('roleNames', namesOf('staff:role.'));
  env.addFilter('groupNames', namesOf('tasks:group.'));
  env.addFilter('json', (value: unknown) => JSON.stringify(value ?? null));
  app.set('view engine', 'njk');
  app.set('views', viewsDir);
  return env;
}
