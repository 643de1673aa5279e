// Small things every citizen route needs: the reader's language and translation function (set by the
// language middleware), today in the office's calendar, and the headers of pages behind a private link.
import type { NextFunction, Request, Response } from 'express';
import type { TFunction } from 'i18next';
import { localDate, type Clock } from '../../cases/clock.js';
import { isLanguage, translator, type Language } from '../i18n.js';

/** The language the page is in. */
export function languageOf(res: Response): Language {
  const lang: unknown = res.locals.lang;
  return isLanguage(lang) ? lang : 'en';
}

/** The translation function of the page's language. */
export function tOf(res: Response): TFunction {
  return translator(languageOf(res));
}

/** Today (YYYY-MM-DD) in Copenhagen, by the case file's clock. */
export const todayOf = (clock: Clock): string => localDate(clock.now());

/**
 * Pages behind a private link are nobody's business but the citizen's: not stored by caches or shared
 * computers' browsers, and not indexed should a link leak.
 */
export function privatePage(_req: Request, res: Response, next: NextFunction): void {
  res.set('Cache-Control', 'no-store');
  res.set('X-Robots-Tag', 'noindex, nofollow');
  next();
}

/** The route parameter `token` as a string. */
export function tokenOf(req: Request): string {
  const token: unknown = req.params.token;
  return typeof token === 'string' ? token : '';
}
