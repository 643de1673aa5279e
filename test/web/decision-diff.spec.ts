// What a decision draft changes, in words a caseworker checks: the real required-documents table against an
// edited copy, a rule added, one removed and one with a changed cell, in English and Danish.
import fs from 'node:fs';
import { expect } from 'chai';
import { documentLabel } from '../../cases/mail-templates.js';
import { translator } from '../../web/i18n.js';
import { diffDecisions } from '../../web/staff/decision-diff.js';

const live = fs.readFileSync('processes/required-documents.dmn', 'utf8');

/** A rule like the table's own: the four input tests, then the document, the basis and the Danish basis. */
const rule = (id: string, tests: string[], document: string) => `<rule id="${id}">
  ${tests.map((test, i) => `<inputEntry id="${id}_In${i}"><text>${test}</text></inputEntry>`).join('')}
  <outputEntry id="${id}_Document"><text>"${document}"</text></outputEntry>
  <outputEntry id="${id}_Basis"><text>"New rule"</text></outputEntry>
  <outputEntry id="${id}_BasisDa"><text>"Ny regel"</text></outputEntry>
</rule>`;

function edited(): string {
  const withRule = live.replace(
    '</decisionTable>',
    `${rule('Rule_StudentNordicId', ['"study"', '"other"', '-', '-'], 'nordic-personal-id')}</decisionTable>`,
  );
  const withoutMarried = withRule.replace(/<rule id="Rule_Married">[\s\S]*?<\/rule>/, '');
  return withoutMarried.replace('"Student: admission letter"', '"Student: letter of admission from the school"');
}

describe('web: a decision draft’s changes in words', () => {
  it('names the added, the removed and the changed rule by their conditions and documents', async () => {
    const [diff] = await diffDecisions(live, edited(), translator('en'), 'en');
    expect(diff?.added.map((r) => r.id)).to.deep.equal(['Rule_StudentNordicId']);
    expect(diff?.removed.map((r) => r.id)).to.deep.equal(['Rule_Married']);
    expect(diff?.changed.map((c) => c.rule.id)).to.deep.equal(['Rule_Student']);
    expect(diff?.sentences).to.deep.equal([
      `Purpose of stay is study and Citizenship group is other: now also needs ${documentLabel('nordic-personal-id', 'en')}`,
      `Married is true: no longer needs ${documentLabel('marriage-certificate', 'en')}`,
      `${documentLabel('admission-letter', 'en')}: Basis was "Student: admission letter", now "Student: letter of admission from the school"`,
    ]);
  });

  it('says it in Danish on a Danish page, and nothing for an unchanged table', async () => {
    const [diff] = await diffDecisions(live, edited(), translator('da'), 'da');
    expect(diff?.sentences[0]).to.equal(
      `Purpose of stay er study og Citizenship group er other: skal nu også have ${documentLabel('nordic-personal-id', 'da')}`,
    );
    const [same] = await diffDecisions(live, live, translator('en'), 'en');
    expect(same?.sentences).to.deep.equal([]);
  });
});
