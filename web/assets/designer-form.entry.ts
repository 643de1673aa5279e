// The form designer island: the form-js editor (palette, canvas, properties panel) on the deployed form;
// "Deploy" posts the edited schema as JSON (designer-client.ts).
import '@bpmn-io/form-js/dist/assets/form-js.css';
import '@bpmn-io/form-js/dist/assets/form-js-editor.css';
import '@bpmn-io/form-js/dist/assets/properties-panel.css';
import './designer-layout.css';
import { FormEditor } from '@bpmn-io/form-js';
import { adoptInjectedStyles } from './designer-styles.js';
import { byId, readDesignerData, showLoadError, wireToolbar } from './designer-client.js';

async function main(): Promise<void> {
  adoptInjectedStyles();
  const data = readDesignerData();
  const editor = new FormEditor({ container: byId('designer-canvas') });
  try {
    const schema: unknown = JSON.parse(data.content);
    await editor.importSchema(schema);
  } catch (error) {
    showLoadError(data, error);
    return;
  }
  wireToolbar(data, { save: async () => `${JSON.stringify(editor.saveSchema(), null, 2)}\n` });
}

void main();
