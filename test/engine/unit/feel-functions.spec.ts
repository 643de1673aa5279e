// Camunda 8.8's FEEL extension functions in the embedded engine's evaluator. Each expected value is what
// Zeebe 8.8.21 gave for the same expression in a script task (checked by hand with a probe process).
import { expect } from 'chai';
import { evaluate, feelSyntaxProblem, toExpression } from '../../../engine/feel/expression.js';
import { functionsCalledIn } from '../../../engine/feel/camunda-functions.js';

/** Evaluates a FEEL expression as a script task would, and fails the test when evaluation fails. */
function feel(source: string, variables: Record<string, unknown> = {}): unknown {
  const result = evaluate(toExpression(`=${source}`), variables);
  if (!result.ok) expect.fail(result.message);
  return result.value;
}

/** Asserts each expression's value, naming the expression when one differs. */
function expectValues(cases: [string, unknown][], variables: Record<string, unknown> = {}): void {
  for (const [source, expected] of cases) expect(feel(source, variables), source).to.deep.equal(expected);
}

describe('engine/feel/camunda-functions', () => {
  describe('boolean functions', () => {
    it('is defined() is false for null, a missing variable and a missing context entry', () => {
      expectValues(
        [
          ['is defined(1)', true],
          ['is defined(x)', false],
          ['is defined(missing)', false],
          ['is defined(customer.phone)', false],
          ['is defined(value: customer.name)', true],
        ],
        { x: null, customer: { name: 'Ada' } },
      );
    });

    it('get or else() parses at deploy time and falls back only on null', () => {
      // given an expression with the keyword `or` inside the function name
      const source = 'get or else(x, "default")';
      // when / then
      expect(feelSyntaxProblem(source)).to.equal(undefined);
      expectValues(
        [
          [source, 'default'],
          ['get or else(false, true)', false],
          ['get or else(null, null)', null],
          ['get  or  else(value: null, default: 3)', 3],
          ['{a: get or else(x, 1)}.a', 1],
          ['for i in [null, 2] return get or else(i, 0)', [0, 2]],
        ],
        { x: null },
      );
    });

    it('assert() fails the evaluation with the cause unless the condition holds', () => {
      expect(feel('assert(x, x > 0)', { x: 4 })).to.equal(4);
      const result = evaluate(toExpression('=assert(x, x > 0, "x must be positive")'), { x: -1 });
      expect(result).to.deep.include({ ok: false });
      expect(result.ok ? '' : result.message).to.contain('x must be positive');
    });
  });

  describe('string functions', () => {
    it('trim(), is blank(), to base64() and extract() follow Java', () => {
      expectValues([
        ['trim("  hello   world ")', 'hello   world'],
        ['trim("\\t a \\n")', 'a'],
        ['is blank("")', true],
        ['is blank(" \\t\\n")', true],
        ['is blank("a")', false],
        ['to base64("FEEL")', 'RkVFTA=='],
        ['to base64("ü")', 'w7w='],
        ['extract("references are 1234, 1256, 1378", "12[0-9]*")', ['1234', '1256']],
        ['extract("abc", "x")', []],
        ['extract(input: "a1b2", pattern: "\\d")', ['1', '2']],
      ]);
    });

    it('uuid() gives a time-ordered (version 7) UUID, a new one each call', () => {
      // given the time before the call
      const before = Date.now();
      // when
      const [first, second] = feel('[uuid(), uuid()]') as [string, string];
      // then
      expect(first).to.match(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(parseInt(first.replace('-', '').slice(0, 12), 16)).to.be.within(before, Date.now());
      expect(second).to.not.equal(first);
    });
  });

  describe('list functions', () => {
    it('is empty(), partition() and duplicate values()', () => {
      expectValues([
        ['is empty([])', true],
        ['is empty([null])', false],
        ['partition([1,2,3,4,5], 2)', [[1, 2], [3, 4], [5]]],
        ['partition([], 2)', []],
        ['partition([1,2,3], 1.5)', [[1], [2], [3]]],
        ['partition(list: [1,2,3], size: 5)', [[1, 2, 3]]],
        ['partition([1,2], 0)', null],
        ['duplicate values([3,1,3,1,2])', [3, 1]],
        ['duplicate values([{a:1},{a:1},"x"])', [{ a: 1 }]],
        ['duplicate values([null, null, 1])', [null]],
      ]);
    });

    it('string join() with a null delimiter, and with a prefix and suffix', () => {
      expectValues([
        ['string join(["a","b","c"], ", ", "[", "]")', '[a, b, c]'],
        ['string join(["a",null,"c"], null, "<", ">")', '<ac>'],
        ['string join(["a","b"], null)', 'ab'],
        ['string join(["a","b"], ", ", null, null)', 'a, b'],
        ['string join(list: ["a","b"], delimiter: "-", prefix: "(", suffix: ")")', '(a-b)'],
        ['string join(["a","b"], ", ", "[")', null],
        ['string join(["a"], ", ", "[", null)', null],
        ['string join([1,"a"])', null],
      ]);
    });
  });

  describe('context functions', () => {
    it('get value() and context put() with a path of keys', () => {
      expectValues([
        ['get value({x:1, y: {z:0}}, ["y", "z"])', 0],
        ['get value({a: {b: 3}}, ["b"])', null],
        ['get value({a: 1}, [])', null],
        ['get value(m: {a: 1}, key: "a")', 1],
        ['get value(context: {x: {y: 1}}, keys: ["x", "y"])', 1],
        ['context put({x:1}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
        ['context put({x:1, y: "s"}, ["y", "z"], 2)', { x: 1, y: { z: 2 } }],
        ['context put({x:1}, [], 2)', null],
        ['context put({x:1}, "y", missing)', { x: 1, y: null }],
        ['put({x:1}, ["y"], 2)', { x: 1, y: 2 }],
      ]);
    });

    it('context merge() and its old name put all() take a list or several contexts', () => {
      expectValues([
        ['context merge([{x:1, y: 0}, {y:2}])', { x: 1, y: 2 }],
        ['context merge({x:1}, {y:2})', { x: 1, y: 2 }],
        ['context merge([])', {}],
        ['context merge([{x:1}, 2])', null],
        ['put all([{x:1}, {y:2}])', { x: 1, y: 2 }],
        ['put all()', null],
      ]);
    });
  });

  describe('numeric functions', () => {
    it('decimal() takes a rounding mode, and random number() is from 0 to 1', () => {
      expectValues([
        ['decimal(2.5, 0, "half_up")', 3],
        ['decimal(-2.5, 0, "up")', -3],
        ['decimal(-2.5, 0, "down")', -2],
        ['decimal(-2.5, 0, "ceiling")', -2],
        ['decimal(-2.5, 0, "floor")', -3],
        ['decimal(-2.5, 0, "half_down")', -2],
        ['decimal(2.5, 0, "HALF_EVEN")', 2],
        ['decimal(2, 0, "unnecessary")', 2],
        ['decimal(2.5, 0, "unnecessary")', null],
        ['decimal(2.5, 0, "sideways")', null],
        ['decimal(1/3, 2)', 0.33],
        ['random number() >= 0 and random number() < 1', true],
      ]);
    });
  });

  describe('temporal functions', () => {
    it('last day of month(), date and time() at a time zone, years and months duration()', () => {
      expectValues([
        ['last day of month(date("2024-02-10"))', '2024-02-29'],
        ['last day of month(@"2022-10-16T12:00:00@Europe/Berlin")', '2022-10-31'],
        ['last day of month("2024-02-10")', null],
        [
          'string(date and time(@"2020-07-31T14:27:30@Europe/Berlin", "America/Los_Angeles"))',
          '2020-07-31T05:27:30@America/Los_Angeles',
        ],
        ['string(date and time(@"2020-07-31T14:27:30", "Europe/Berlin"))', '2020-07-31T14:27:30@Europe/Berlin'],
        ['string(date and time(@"2020-07-31T14:27:30Z", "+05:00"))', '2020-07-31T19:27:30+05:00'],
        ['date and time(@"2020-07-31T14:27:30", "Z")', '2020-07-31T14:27:30Z'],
        ['date and time(date("2020-07-31"), "Z")', null],
        ['date and time("2018-04-29T09:30:00+02:00[Europe/Berlin]")', null],
        ['date and time(date("2012-12-24"), time("23:59:00"))', '2012-12-24T23:59:00'],
        ['years and months duration(date("2011-12-22"), date("2013-08-24"))', 'P1Y8M'],
        ['years and months duration(date("2013-08-24"), date("2011-12-22"))', '-P1Y8M'],
        ['years and months duration(from: @"2020-01-31", to: @"2020-03-01")', 'P1M'],
      ]);
    });

    it('date and time() with an unknown time zone fails the evaluation', () => {
      const result = evaluate(toExpression('=date and time(@"2020-07-31T14:27:30", "bogus")'), {});
      expect(result.ok ? '' : result.message).to.contain('Unknown time-zone ID: bogus');
    });
  });

  describe('range functions', () => {
    it('the relations feelin leaves out, with points and with ranges', () => {
      expectValues([
        ['overlaps before([1..5), (3..8])', true],
        ['overlaps before([1..5), [5..10])', false],
        ['overlaps after([4..10], [1..5))', true],
        ['overlaps after([3..5], [1..3))', false],
        ['finishes(5, [1..5])', true],
        ['finishes((1..5], [1..5))', false],
        ['finished by([1..5], [3..5])', true],
        ['finished by([5..10], (1..10))', false],
        ['during(1, (1..10])', false],
        ['during((1..5], (1..10])', true],
        ['starts((1..5), (1..10))', true],
        ['starts([1..10], [1..5])', false],
        ['started by([1..10], [1..10))', true],
        ['started by((1..10], 1)', false],
        ['coincides((1..5], [1..5))', false],
        ['coincides(@"2020-01-01", @"2020-01-01")', true],
        ['during(@"2020-01-05", [@"2020-01-01"..@"2020-01-10"])', true],
        ['finishes(range1: [3..5], range2: [1..5])', true],
        ['finishes("a", ["a".."c"])', null],
        ['coincides(1, "a")', null],
      ]);
    });
  });

  it('fromAi() gives its value unchanged', () => {
    expectValues([['fromAi(value: n, description: "a number", type: "number")', 5]], { n: 5 });
  });

  it('a wrong argument type gives null rather than failing, as in FEEL Scala', () => {
    expectValues([
      ['trim(1)', null],
      ['is blank(1)', null],
      ['is empty("")', null],
      ['partition("a", 2)', null],
      ['duplicate values(null)', null],
      ['extract("abc", "[")', null],
      ['get value(null, "a")', null],
      ['context put(null, "y", 1)', null],
      ['uuid(1)', null],
    ]);
  });

  it('a call goes to the function even when a variable has its name', () => {
    expect(feel('trim(name)', { trim: 'a variable', name: ' a ' })).to.equal('a');
  });

  it('only the functions an expression calls are added to its scope', () => {
    expect(functionsCalledIn('price * quantity')).to.equal(undefined);
    expect(Object.keys(functionsCalledIn('is defined(x) and trim (y) = "a"') ?? {})).to.have.members([
      'is defined',
      'trim',
    ]);
    // a variable named like a function is not a call
    expect(functionsCalledIn('partition + 1')).to.equal(undefined);
  });
});
