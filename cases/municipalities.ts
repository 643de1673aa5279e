// Which municipality an address in the served area belongs to, by postcode, from the configurable table
// the migration seeds. A postcode outside the area is the citizen's cue to go to their own citizen
// service, so the error says so rather than failing somewhere later.
import type { Knex } from 'knex';
import { NotFoundError, ValidationError } from '../lib/errors/index.js';

/** A municipality the office serves. */
export interface Municipality {
  /** three-digit municipality code, e.g. 101 for København */
  code: string;
  name: string;
}

/** Look-ups in the served area. */
export interface Municipalities {
  /**
   * The municipality of a Danish postcode: ValidationError for a malformed one, NotFoundError outside the
   * area. `db` lets a caller look up inside its transaction.
   */
  municipalityForPostcode(postcode: string, db?: Knex): Promise<Municipality>;
  /** Every served municipality with its postcode ranges, by name. */
  list(): Promise<(Municipality & { postcodeRanges: [number, number][] })[]>;
}

/** Whether a string is shaped like a Danish postcode (four digits, 1000-9999). */
export function isPostcode(postcode: unknown): postcode is string {
  return typeof postcode === 'string' && /^[1-9][0-9]{3}$/.test(postcode);
}

/** Creates the look-up. */
export function createMunicipalities({ knex }: { knex: Knex }): Municipalities {
  return {
    async municipalityForPostcode(postcode, db = knex) {
      const trimmed = typeof postcode === 'string' ? postcode.trim() : postcode;
      if (!isPostcode(trimmed)) throw new ValidationError('postcode must be four digits');
      const row = (await db('municipality_postcode_ranges as r')
        .join('municipalities as m', 'm.code', 'r.municipality_code')
        .select('m.code', 'm.name')
        .where('r.first_postcode', '<=', Number(trimmed))
        .andWhere('r.last_postcode', '>=', Number(trimmed))
        .first()) as Municipality | undefined;
      if (!row)
        throw new NotFoundError('postcode is outside the area International House Copenhagen serves', {
          postcode: trimmed,
        });
      return { code: row.code, name: row.name };
    },

    async list() {
      const rows = (await knex('municipalities as m')
        .leftJoin('municipality_postcode_ranges as r', 'r.municipality_code', 'm.code')
        .select('m.code', 'm.name', 'r.first_postcode', 'r.last_postcode')
        .orderBy('m.name')
        .orderBy('r.first_postcode')) as {
        code: string;
        name: string;
        first_postcode: number | null;
        last_postcode: number | null;
      }[];
      const byCode = new Map<string, Municipality & { postcodeRanges: [number, number][] }>();
      for (const row of rows) {
        const entry = byCode.get(row.code) ?? { code: row.code, name: row.name, postcodeRanges: [] };
        if (row.first_postcode !== null && row.last_postcode !== null)
          entry.postcodeRanges.push([row.first_postcode, row.last_postcode]);
        byCode.set(row.code, entry);
      }
      return [...byCode.values()];
    },
  };
}
