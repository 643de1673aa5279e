// The task forms in the design system's fields: the real forms/*.form schemas become fields with the hide
// conditions decided as form-js decides them, a schema with a component the renderer does not know is left
// to form-js, and a post comes back shaped as form-js would submit it.
import fs from 'node:fs';
import { expect } from 'chai';
import { fieldId, formFields, postedData, problemList, type FormField } from '../../web/staff/task-form-fields.js';

const schemaOf = (name: string): unknown => JSON.parse(fs.readFileSync(`forms/${name}.form`, 'utf8')) as unknown;

const line = (document: string, extra: Record<string, unknown> = {}) => ({
  document,
  title: document,
  why: 'because',
  automaticCheck: 'Uploaded',
  ...extra,
});

/** The fields of a list item by key (the last part of their id). */
function itemFields(fields: FormField[], index: number): Record<string, FormField> {
  const list = fields.find((f) => f.kind === 'list');
  if (!list || list.kind !== 'list') throw new Error('no list');
  const byKey: Record<string, FormField> = {};
  for (const field of list.items[index]?.fields ?? [])
    byKey['id' in field ? (field.id.split('-').pop() ?? '') : field.kind] = field;
  return byKey;
}

describe('web: task forms in the design system’s fields', () => {
  it('renders the review with each line’s fields, hiding the reason until it is rejected and "other" until chosen', () => {
    const fields = formFields(schemaOf('back-office-review'), {
      reference: 'IH-2026-000001',
      checklist: [line('passport'), line('lease', { verdict: 'rejected', reasonCode: 'other', reason: 'Unsigned' })],
    });
    if (!fields) expect.fail('the review form is covered');
    const heading = fields[0];
    expect(heading?.kind === 'text' && heading.html).to.match(
      /^<h3>Review application IH-2026-000001<\/h3>\n<p>Work through/,
    );
    const first = itemFields(fields, 0);
    const second = itemFields(fields, 1);
    expect(first.title).to.include({ kind: 'readonly', value: 'passport', name: 'checklist[0][title]' });
    expect(first.reasonCode).to.include({ hidden: true, scope: 'checklist.0' });
    expect(first.earlier).to.include({ hidden: true });
    expect(second.reasonCode).to.include({ hidden: false });
    expect(second.reason).to.include({ hidden: false, value: 'Unsigned', name: 'checklist[1][reason]' });
    const verdict = second.verdict;
    expect(verdict?.kind === 'radio' && verdict.choices.map((c) => [c.value, c.checked])).to.deep.equal([
      ['accepted', false],
      ['rejected', true],
    ]);
  });

  it('renders a text component’s Markdown with the data, neither able to put HTML on the page', () => {
    const fields = formFields(
      { components: [{ type: 'text', text: '## For {{name}}\n\n**Check** <b>this</b>' }] },
      {
        name: '<script>x</script>',
      },
    );
    const text = fields?.[0];
    expect(text?.kind === 'text' && text.html).to.equal(
      '<h4>For &lt;script&gt;x&lt;/script&gt;</h4>\n<p><strong>Check</strong> &lt;b&gt;this&lt;/b&gt;</p>\n',
    );
  });

  it('fills a check list from the data its valuesKey names, and leaves an unknown component to form-js', () => {
    const fields = formFields(schemaOf('hearing-request'), {
      documentOptions: [
        { label: 'Lease', value: 'lease' },
        { label: 'Passport', value: 'passport' },
      ],
      missingDocuments: ['lease'],
    });
    const list = fields?.find((f) => f.kind === 'checklist');
    expect(list?.kind === 'checklist' && list.choices.map((c) => c.checked)).to.deep.equal([true, false]);
    expect(formFields({ components: [{ type: 'filepicker', key: 'x' }] }, {})).to.equal(undefined);
  });

  it('shapes a post as form-js submits: rows by their own index, check boxes as true or false, check lists as lists', () => {
    expect(
      postedData(schemaOf('back-office-review'), {
        checklist: [
          { _row: '1', verdict: 'rejected', reasonCode: 'missing', title: 'ignored: read-only' },
          { _row: '0', verdict: 'accepted' },
        ],
        reviewOutcome: 'missing-documents',
      }),
    ).to.deep.equal({
      checklist: [{ verdict: 'accepted' }, { verdict: 'rejected', reasonCode: 'missing' }],
      reviewOutcome: 'missing-documents',
    });
    expect(
      postedData(schemaOf('front-office-attendance'), { attendanceOutcome: 'issue', isIdentityVerified: 'true' }),
    ).to.deep.equal({
      attendanceOutcome: 'issue',
      isIdentityVerified: true,
      areOriginalsSeen: false,
    });
    expect(postedData(schemaOf('hearing-request'), { missingDocuments: 'lease' }).missingDocuments).to.deep.equal([
      'lease',
    ]);
  });

  it('lists the completion’s problems with the field’s label and a link, once per field', () => {
    const fields = formFields(schemaOf('front-office-attendance'), {}) ?? [];
    const list = problemList(
      fields,
      [
        { field: 'attendanceOutcome', message: 'is required' },
        { field: 'attendanceOutcome', message: 'is not one of the choices' },
        { field: 'somewhere', message: 'went wrong' },
      ],
      (m) => m.toUpperCase(),
    );
    expect(list).to.deep.equal([
      { id: fieldId('attendanceOutcome'), text: 'Outcome: IS REQUIRED' },
      { text: 'WENT WRONG' },
    ]);
  });
});
