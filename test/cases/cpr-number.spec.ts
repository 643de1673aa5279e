// cases/cpr-number: the rules of DOMAIN.md "CPR numbers", one table row per case.
import { expect } from 'chai';
import {
  birthYearFor,
  candidateSerials,
  centuryDigitsFor,
  formatCprNumber,
  isValidCprNumber,
  parseCprNumber,
  passesModulus11,
  sexOfDigit,
} from '../../cases/cpr-number.js';
import { ValidationError } from '../../lib/errors/index.js';

describe('cases/cpr-number', () => {
  describe('century digit (the 7th digit)', () => {
    const allowed: [number, number[] | 'refused'][] = [
      [1857, 'refused'],
      [1858, [5, 6, 7, 8]],
      [1899, [5, 6, 7, 8]],
      [1900, [0, 1, 2, 3]],
      [1936, [0, 1, 2, 3]],
      [1937, [0, 1, 2, 3, 4, 9]],
      [1999, [0, 1, 2, 3, 4, 9]],
      [2000, [4, 5, 6, 7, 8, 9]],
      [2036, [4, 5, 6, 7, 8, 9]],
      [2037, [5, 6, 7, 8]],
      [2057, [5, 6, 7, 8]],
      [2058, 'refused'],
    ];
    for (const [year, digits] of allowed) {
      it(`${year}: ${digits === 'refused' ? 'cannot be expressed' : digits.join(', ')}`, () => {
        if (digits === 'refused') expect(() => centuryDigitsFor(year)).to.throw(ValidationError);
        else expect(centuryDigitsFor(year)).to.deep.equal(digits);
      });
    }

    it('maps each (YY, digit) to the year DOMAIN.md gives', () => {
      const cases: [number, number, number][] = [
        [0, 0, 1900],
        [99, 3, 1999],
        [36, 4, 2036],
        [37, 4, 1937],
        [36, 9, 2036],
        [37, 9, 1937],
        [0, 5, 2000],
        [57, 8, 2057],
        [58, 5, 1858],
        [99, 8, 1899],
      ];
      for (const [yy, digit, year] of cases) expect(birthYearFor(yy, digit), `${yy}/${digit}`).to.equal(year);
    });

    it('agrees with birthYearFor for every year it can express', () => {
      for (let year = 1858; year <= 2057; year++)
        for (const digit of centuryDigitsFor(year)) expect(birthYearFor(year % 100, digit)).to.equal(year);
    });
  });

  describe('sex', () => {
    for (const [digit, sex] of [
      [0, 'female'],
      [1, 'male'],
      [2, 'female'],
      [7, 'male'],
      [8, 'female'],
      [9, 'male'],
    ] as const) {
      it(`last digit ${digit} is ${sex}`, () => expect(sexOfDigit(digit)).to.equal(sex));
    }
  });

  describe('modulus 11', () => {
    const cases: [string, boolean][] = [
      ['0707614285', true], // 0·4 + 7·3 + 0·2 + 7·7 + 6·6 + 1·5 + 4·4 + 2·3 + 8·2 + 5·1 = 154 = 14·11
      ['070761-4285', true],
      ['0707614286', false],
      ['0101001234', false],
      ['0000000000', true],
      ['07076142', false],
    ];
    for (const [number, passes] of cases)
      it(`${number} ${passes ? 'passes' : 'fails'}`, () => expect(passesModulus11(number)).to.equal(passes));
  });

  describe('parse and validate', () => {
    it('reads a known valid number', () => {
      expect(parseCprNumber('070761-4285')).to.deep.equal({
        cprNumber: '0707614285',
        birthDate: '1961-07-07',
        sex: 'male',
        passesModulus11: true,
      });
    });

    it('accepts a number that fails modulus 11: the check has not been used since 2007', () => {
      expect(isValidCprNumber('0707614286')).to.be.true;
      expect(parseCprNumber('0707614286')).to.include({
        birthDate: '1961-07-07',
        sex: 'female',
        passesModulus11: false,
      });
    });

    const validity: [string, boolean, string][] = [
      ['0101901234', true, '1 January 1990'],
      ['290200-4234', true, '29 February 2000: digit 4 with YY 00 is 2000, a leap year'],
      ['290200-1234', false, '29 February 1900: digit 1 with YY 00 is 1900, not a leap year'],
      ['290296-1234', true, '29 February 1996'],
      ['310490-1234', false, '31 April'],
      ['001090-1234', false, 'day 0'],
      ['011390-1234', false, 'month 13'],
      ['010158-5000', true, '1 January 1858'],
      ['311257-8001', true, '31 December 2057'],
      ['0101901234 ', true, 'surrounding space is ignored'],
      ['010190--1234', false, 'two dashes'],
      ['010190123', false, 'nine digits'],
      ['01019012345', false, 'eleven digits'],
      ['01019O1234', false, 'a letter'],
    ];
    for (const [input, valid, why] of validity)
      it(`${JSON.stringify(input)} is ${valid ? 'valid' : 'invalid'} (${why})`, () => {
        expect(isValidCprNumber(input)).to.equal(valid);
        if (!valid) expect(() => parseCprNumber(input)).to.throw(ValidationError);
      });

    it('says no, rather than failing, to what is not a string', () => {
      for (const input of [undefined, null, 101901234])
        expect(isValidCprNumber(input as unknown as string)).to.be.false;
    });

    it('gives the century from the 7th digit', () => {
      expect(parseCprNumber('0101364000').birthDate).to.equal('2036-01-01');
      expect(parseCprNumber('0101374000').birthDate).to.equal('1937-01-01');
      expect(parseCprNumber('0101575000').birthDate).to.equal('2057-01-01');
      expect(parseCprNumber('0101585000').birthDate).to.equal('1858-01-01');
    });

    it('formats with the dash', () => {
      expect(formatCprNumber('0707614285')).to.equal('070761-4285');
      expect(formatCprNumber('070761-4285')).to.equal('070761-4285');
      expect(() => formatCprNumber('3102901234')).to.throw(ValidationError);
    });
  });

  describe('candidate serials', () => {
    it('covers every serial of the date and sex once, modulus 11 first, each group ascending', () => {
      // given a birth in 1990 (century digits 0-3, 4, 9) and a man
      const serials = [...candidateSerials('1990-05-17', 'male')];
      // then there are 6 century digits × 100 × 5 odd last digits
      expect(serials).to.have.length(3000);
      expect(new Set(serials).size).to.equal(3000);
      const firstFailing = serials.findIndex((s) => !passesModulus11(`170590${s}`));
      const passing = serials.slice(0, firstFailing);
      const failing = serials.slice(firstFailing);
      expect(passing.length).to.be.greaterThan(0);
      expect(passing.every((s) => passesModulus11(`170590${s}`))).to.be.true;
      expect(failing.some((s) => passesModulus11(`170590${s}`))).to.be.false;
      expect(passing).to.deep.equal([...passing].sort());
      expect(failing).to.deep.equal([...failing].sort());
      for (const serial of serials) {
        const parsed = parseCprNumber(`170590${serial}`);
        expect(parsed).to.include({ birthDate: '1990-05-17', sex: 'male' });
      }
    });

    it('gives women even last digits and respects the century', () => {
      const serials = [...candidateSerials('1899-12-31', 'female')];
      expect(serials).to.have.length(4 * 100 * 5);
      for (const serial of serials)
        expect(parseCprNumber(`311299${serial}`)).to.include({ birthDate: '1899-12-31', sex: 'female' });
    });

    it('refuses what a CPR number cannot express, before the first serial is asked for', () => {
      for (const birthDate of ['1857-12-31', '2058-01-01', '1990-02-30', '1990-5-17', 'yesterday'])
        expect(() => candidateSerials(birthDate, 'male'), birthDate).to.throw(ValidationError);
    });
  });
});
