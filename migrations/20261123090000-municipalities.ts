// The municipalities International House Copenhagen serves, with the postcodes that lead to each. A
// postcode can in reality straddle two municipalities; here each range belongs to the municipality most of
// its addresses lie in, and the caseworker corrects the rare exception on the case. The table is data, not
// code: an office that serves other municipalities edits the rows, and the exclusion constraint keeps the
// ranges from overlapping so a postcode never has two answers.
import type { Knex } from 'knex';

/** [code, name, [first, last] postcode ranges], as seeded: the Capital Region without Bornholm. */
const served: readonly (readonly [string, string, readonly (readonly [number, number])[]])[] = [
  [
    '101',
    'København',
    [
      [1000, 1799],
      [2100, 2450],
      [2500, 2500],
      [2700, 2700],
      [2720, 2720],
    ],
  ],
  ['147', 'Frederiksberg', [[1800, 2000]]],
  ['151', 'Ballerup', [[2740, 2760]]],
  [
    '153',
    'Brøndby',
    [
      [2605, 2605],
      [2660, 2660],
    ],
  ],
  ['155', 'Dragør', [[2791, 2791]]],
  [
    '157',
    'Gentofte',
    [
      [2820, 2820],
      [2870, 2870],
      [2900, 2930],
    ],
  ],
  [
    '159',
    'Gladsaxe',
    [
      [2860, 2860],
      [2880, 2880],
    ],
  ],
  ['161', 'Glostrup', [[2600, 2600]]],
  ['163', 'Herlev', [[2730, 2730]]],
  ['165', 'Albertslund', [[2620, 2620]]],
  ['167', 'Hvidovre', [[2650, 2650]]],
  [
    '169',
    'Høje-Taastrup',
    [
      [2630, 2630],
      [2640, 2640],
    ],
  ],
  [
    '173',
    'Lyngby-Taarbæk',
    [
      [2800, 2800],
      [2830, 2830],
    ],
  ],
  ['175', 'Rødovre', [[2610, 2610]]],
  ['183', 'Ishøj', [[2635, 2635]]],
  ['185', 'Tårnby', [[2770, 2770]]],
  [
    '187',
    'Vallensbæk',
    [
      [2625, 2625],
      [2665, 2665],
    ],
  ],
  ['190', 'Furesø', [[3500, 3520]]],
  [
    '201',
    'Allerød',
    [
      [3450, 3450],
      [3540, 3540],
    ],
  ],
  [
    '210',
    'Fredensborg',
    [
      [2980, 2990],
      [3480, 3480],
    ],
  ],
  [
    '217',
    'Helsingør',
    [
      [3000, 3150],
      [3490, 3490],
    ],
  ],
  [
    '219',
    'Hillerød',
    [
      [3320, 3320],
      [3400, 3400],
    ],
  ],
  ['223', 'Hørsholm', [[2960, 2970]]],
  [
    '230',
    'Rudersdal',
    [
      [2840, 2850],
      [2950, 2950],
      [3460, 3460],
    ],
  ],
  [
    '240',
    'Egedal',
    [
      [2765, 2765],
      [3650, 3670],
    ],
  ],
  [
    '250',
    'Frederikssund',
    [
      [3550, 3550],
      [3600, 3630],
    ],
  ],
  [
    '260',
    'Halsnæs',
    [
      [3300, 3310],
      [3360, 3390],
    ],
  ],
  ['270', 'Gribskov', [[3200, 3250]]],
];

/** Creates municipalities and municipality_postcode_ranges and seeds the served area. */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table municipalities (
      -- the official three-digit municipality code (kommunekode)
      code text not null,
      name text not null,
      constraint municipalities_pkey primary key (code),
      constraint municipalities_code_check check (code ~ '^[0-9]{3}$')
    )`);
  await knex.raw(`
    create table municipality_postcode_ranges (
      municipality_code text not null references municipalities (code),
      first_postcode integer not null,
      last_postcode integer not null,
      constraint municipality_postcode_ranges_pkey primary key (first_postcode),
      constraint municipality_postcode_ranges_order_check
        check (first_postcode between 1000 and 9999 and last_postcode between first_postcode and 9999),
      constraint municipality_postcode_ranges_no_overlap
        exclude using gist (int4range(first_postcode, last_postcode, '[]') with &&)
    )`);
  await knex('municipalities').insert(served.map(([code, name]) => ({ code, name })));
  await knex('municipality_postcode_ranges').insert(
    served.flatMap(([code, , ranges]) =>
      ranges.map(([first, last]) => ({ municipality_code: code, first_postcode: first, last_postcode: last })),
    ),
  );
  await knex.raw(
    `comment on table municipality_postcode_ranges is 'Postcodes of the served area: each range leads to one municipality'`,
  );
}

/** Drops the municipality tables. */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('municipality_postcode_ranges');
  await knex.schema.dropTable('municipalities');
}
