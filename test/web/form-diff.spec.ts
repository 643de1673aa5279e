// What a form draft changes, component by component: the real review form against an edited copy.
import fs from 'node:fs';
import { expect } from 'chai';
import { translator } from '../../web/i18n.js';
import { diffForms } from '../../web/staff/form-diff.js';

const live = fs.readFileSync('forms/back-office-review.form', 'utf8');

interface Component {
  id: string;
  label?: string;
  validate?: Record<string, unknown>;
  components?: Component[];
}

describe('web: a form draft’s changes in words', () => {
  it('names the added, the removed and the changed fields by their labels', () => {
    const schema = JSON.parse(live) as { components: Component[] };
    const list = schema.components.find((c) => c.components);
    if (!list?.components) expect.fail('the review form has its checklist');
    // the note becomes required, the automatic check goes, a field for the reviewer's initials comes
    const note = schema.components.find((c) => c.label === 'Note for the case file');
    if (!note) expect.fail('the note field');
    note.validate = { ...note.validate, required: true };
    list.components = list.components.filter((c) => c.label !== 'Automatic check');
    schema.components.push({ id: 'Field_Initials', label: 'Your initials', type: 'textfield' } as Component);
    expect(diffForms(live, JSON.stringify(schema), translator('en'))).to.deep.equal([
      'Note for the case file: required was no, now yes',
      'New field: Your initials (textfield)',
      'Field removed: Automatic check',
    ]);
    expect(diffForms(live, live, translator('en'))).to.deep.equal([]);
  });
});
