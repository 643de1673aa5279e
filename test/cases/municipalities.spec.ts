// cases/municipalities: the served area by postcode, from the table the migration seeds.
import { expect } from 'chai';
import type { CaseFile } from '../../cases/index.js';
import { NotFoundError, ValidationError } from '../../lib/errors/index.js';
import { freshCaseFile, rejection } from './fixtures.js';

describe('cases/municipalities', function () {
  this.timeout(60_000);
  let caseFile: CaseFile;
  before(async () => {
    ({ caseFile } = await freshCaseFile());
  });

  for (const [postcode, name] of [
    ['1050', 'København'],
    ['2450', 'København'],
    ['2500', 'København'],
    ['1800', 'Frederiksberg'],
    ['2000', 'Frederiksberg'],
    ['2800', 'Lyngby-Taarbæk'],
    ['2900', 'Gentofte'],
    ['2770', 'Tårnby'],
    ['3000', 'Helsingør'],
    ['3400', 'Hillerød'],
  ] as const)
    it(`finds ${name} for ${postcode}`, async () => {
      expect((await caseFile.municipalities.municipalityForPostcode(postcode)).name).to.equal(name);
    });

  it('says a postcode outside the served area is outside it', async () => {
    for (const postcode of ['5000', '8000', '2670', '3700']) {
      const error = await rejection(caseFile.municipalities.municipalityForPostcode(postcode));
      expect(error, postcode).to.be.instanceOf(NotFoundError);
      expect((error as NotFoundError).message).to.equal(
        'postcode is outside the area International House Copenhagen serves',
      );
    }
  });

  it('refuses what is not a postcode', async () => {
    for (const postcode of ['', '123', '12345', 'DK-2100', '0999'])
      expect(await rejection(caseFile.municipalities.municipalityForPostcode(postcode)), postcode).to.be.instanceOf(
        ValidationError,
      );
  });

  it('seeds the capital region’s municipalities without Bornholm, each with postcodes', async () => {
    const municipalities = await caseFile.municipalities.list();
    expect(municipalities).to.have.length(28);
    expect(municipalities.every((m) => m.postcodeRanges.length > 0)).to.be.true;
    expect(municipalities.map((m) => m.code)).not.to.include('400');
  });
});
