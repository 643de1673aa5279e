// All text goes through i18next with English and Danish resources (DESIGN.md "Text"). Each area keeps its
// own namespace file in locales/<language>/<namespace>.json, so the citizen portal and the staff pages can
// grow their texts without touching each other's files.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type TFunction } from 'i18next';
import type { NextFunction, Request, Response } from 'express';

/** The languages the product speaks. */
export const languages = ['en', 'da'] as const;
/** One of them. */
export type Language = (typeof languages)[number];

const localesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'locales');

function loadResources(): Record<string, Record<string, Record<string, unknown>>> {
  const resources: Record<string, Record<string, Record<string, unknown>>> = {};
  for (const language of languages) {
    const folder = path.join(localesDir, language);
    resources[language] = {};
    for (const file of fs.readdirSync(folder).filter((f) => f.endsWith('.json')))
      resources[language][path.basename(file, '.json')] = JSON.parse(
        fs.readFileSync(path.join(folder, file), 'utf8'),
      ) as Record<string, unknown>;
  }
  return resources;
}

const instance = i18next.createInstance();
const resources = loadResources();
void instance.init({
  resources,
  lng: 'en',
  fallbackLng: 'en',
  ns: Object.keys(resources.en ?? {}),
  defaultNS: 'common',
  initAsync: false,
  // nunjucks escapes what the templates print; i18next must not escape it a second time
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** The translation function of a language. */
export function translator(language: Language): TFunction {
  return instance.getFixedT(language);
}

/**
 * A namespace's raw resource, for texts looked up by their own wording rather than by key (the phrasebook
 * of the task forms, whose English sentences hold the dots and colons i18next reads as separators).
 */
export function resourceOf(language: Language, namespace: string): Record<string, unknown> {
  return resources[language]?.[namespace] ?? {};
}

/** Whether a value names a language we speak. */
export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (languages as readonly string[]).includes(value);
}

/**
 * Picks the language: `?lang=` (remembered in a cookie), then the cookie, then the browser's preference,
 * then English, which most newcomers read. Sets res.locals.lang and res.locals.t for the templates.
 */
export function languageMiddleware(req: Request, res: Response, next: NextFunction): void {
  const asked = req.query.lang;
  let language: Language | undefined;
  if (isLanguage(asked)) {
    language = asked;
    res.cookie('lang', asked, { httpOnly: true, sameSite: 'lax', maxAge: 365 * 86_400_000 });
  }
  const cookie = /(?:^|;\s*)lang=(en|da)(?:;|$)/.exec(req.headers.cookie ?? '')?.[1];
  language ??= isLanguage(cookie) ? cookie : undefined;
  language ??= (req.acceptsLanguages('en', 'da') || 'en') as Language;
  res.locals.lang = language;
  res.locals.t = translator(language);
  next();
}
