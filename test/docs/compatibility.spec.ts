// docs/compatibility.md: every spec it cites exists, unit specs are marked as such, and its RPC table covers Zeebe's
// whole Gateway service.
import { expect } from 'chai';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const DOC = path.resolve('docs', 'compatibility.md');
const SPECS = path.resolve('test', 'engine');
/** Fewer than this means the extraction broke, not that the doc cites little. */
const MIN_CITATIONS = 30;

/** A citation as the doc writes it: `file.spec.ts` › "fragment of an it() title". */
interface Citation {
  file: string;
  fragment: string;
  text: string;
}

/** Every citation in a Markdown text. */
function citations(markdown: string): Citation[] {
  return [...markdown.matchAll(/`([^`\s]+\.spec\.ts)`\s*›\s*"([^"]+)"/g)].map((m) => ({
    file: m[1] as string,
    fragment: m[2] as string,
    text: m[0],
  }));
}

/** The titles of the it() calls in a spec file's source, with string escapes undone. */
function itTitles(source: string): string[] {
  return [...source.matchAll(/\bit(?:\.only|\.skip)?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)].map((m) =>
    (m[2] as string).replace(/\\(.)/g, '$1'),
  );
}

/** The rpc names of the Gateway service in the zeebe.proto shipped with @camunda8/sdk. */
function gatewayRpcs(): string[] {
  const require = createRequire(import.meta.url);
  const sdk = path.dirname(require.resolve('@camunda8/sdk/package.json'));
  const proto = fs.readFileSync(path.join(sdk, 'dist', 'proto', 'zeebe.proto'), 'utf8');
  const service = /^service Gateway \{([\s\S]*?)^\}/m.exec(proto)?.[1] ?? '';
  return [...service.matchAll(/^\s*rpc (\w+)\s*\(/gm)].map((m) => m[1] as string);
}

/** The first cells of the table that follows a heading. */
function firstColumn(markdown: string, heading: string): string[] {
  const section = markdown.split(/^## /m).find((s) => s.startsWith(heading)) ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*-/.test(line))
    .map((line) => line.split('|')[1]?.trim() ?? '');
}

/** Why a citation is broken, or undefined when it points at a real it() title. */
function problem(citation: Citation): string | undefined {
  const file = path.join(SPECS, citation.file);
  if (!fs.existsSync(file)) return `${citation.text}: no such file under test/engine/`;
  const titles = itTitles(fs.readFileSync(file, 'utf8'));
  if (!titles.some((title) => title.includes(citation.fragment)))
    return `${citation.text}: no it() title in ${citation.file} contains "${citation.fragment}"`;
  return undefined;
}

describe('docs/compatibility.md', () => {
  const doc = fs.readFileSync(DOC, 'utf8');

  it('reads the citation form and it() titles as the doc and the specs write them', () => {
    expect(citations('`jobs.spec.ts` › "ActivateJobs: a long" and `unit/t.spec.ts` › "x"')).to.deep.equal([
      { file: 'jobs.spec.ts', fragment: 'ActivateJobs: a long', text: '`jobs.spec.ts` › "ActivateJobs: a long"' },
      { file: 'unit/t.spec.ts', fragment: 'x', text: '`unit/t.spec.ts` › "x"' },
    ]);
    expect(itTitles(`it('a \\'b\\'', x); it("Java's", y); it.skip(\`c\`, z); split('d')`)).to.deep.equal([
      "a 'b'",
      "Java's",
      'c',
    ]);
  });

  it(`cites at least ${MIN_CITATIONS} specs`, () => {
    expect(citations(doc).length).to.be.at.least(MIN_CITATIONS);
  });

  it('cites only specs that exist: the file under test/engine/ and the quoted fragment in one of its it() titles', () => {
    // given every citation in the doc
    const found = citations(doc);
    // when each is looked up in its spec file
    const broken = found.map(problem).filter((p): p is string => p !== undefined);
    // then none is broken
    expect(broken, `broken citations in docs/compatibility.md:\n${broken.join('\n')}\n`).to.deep.equal([]);
  });

  it('marks every citation of a unit spec as proving the embedded engine only', () => {
    // given the citations of specs under test/engine/unit/, which run no engine and so never run on Zeebe
    const unit = [...doc.matchAll(/`unit\/[^`\s]+\.spec\.ts`\s*›\s*"[^"]+"(.{0,30})/g)];
    expect(unit, 'unit citations').to.not.be.empty;
    // then each carries the marker that says so
    const unmarked = unit.filter((m) => !(m[1] as string).startsWith(' _(unit, embedded only)_')).map((m) => m[0]);
    expect(unmarked, 'unit citations without _(unit, embedded only)_').to.deep.equal([]);
  });

  it("lists every RPC of zeebe.proto's Gateway service in the RPC table", () => {
    const rpcs = gatewayRpcs();
    expect(rpcs, 'RPCs read from zeebe.proto').to.include.members(['ActivateJobs', 'DeployResource', 'Topology']);
    const rows = firstColumn(doc, 'gRPC RPCs');
    const missing = rpcs.filter((rpc) => !rows.includes(`\`${rpc}\``));
    expect(missing, 'RPCs missing from the RPC table').to.deep.equal([]);
  });

  it('gives every table the columns Zeebe 8.8, Embedded engine and Proved by', () => {
    const headers = doc.split('\n').filter((line, i, lines) => /^\|\s*-/.test(lines[i + 1] ?? ''));
    expect(headers).to.have.length(4);
    for (const header of headers) {
      const cells = header.split('|').map((c) => c.trim());
      expect(cells.slice(2, 5), header).to.deep.equal(['Zeebe 8.8', 'Embedded engine', 'Proved by']);
    }
  });
});
