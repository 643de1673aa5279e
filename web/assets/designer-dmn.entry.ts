// The DMN designer island: dmn-js's modeler on the deployed decision requirements (DRD, decision tables,
// literal expressions), with a button per view; "Deploy" posts the edited XML (designer-client.ts).
import 'dmn-js/dist/assets/diagram-js.css';
import 'dmn-js/dist/assets/dmn-js-shared.css';
import 'dmn-js/dist/assets/dmn-js-drd.css';
import 'dmn-js/dist/assets/dmn-js-decision-table.css';
import 'dmn-js/dist/assets/dmn-js-decision-table-controls.css';
import 'dmn-js/dist/assets/dmn-js-literal-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression.css';
import 'dmn-js/dist/assets/dmn-js-boxed-expression-controls.css';
import 'dmn-js/dist/assets/dmn-font/css/dmn-embedded.css';
import './designer-layout.css';
import DmnModeler, { type DmnView } from 'dmn-js/lib/Modeler.js';
import { byId, readDesignerData, showLoadError, wireToolbar } from './designer-client.js';

function renderViews(modeler: DmnModeler, views: DmnView[], active: DmnView | undefined, drdLabel: string): void {
  byId('designer-views').replaceChildren(
    ...views.map((view) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'button button-tertiary designer-view';
      button.textContent = view.type === 'drd' ? drdLabel : view.element.name || view.element.id;
      button.setAttribute('aria-pressed', String(view === active));
      button.addEventListener('click', () => void modeler.open(view));
      return button;
    }),
  );
}

async function main(): Promise<void> {
  const data = readDesignerData();
  const modeler = new DmnModeler({ container: '#designer-canvas' });
  modeler.on('views.changed', ({ views, activeView }) =>
    renderViews(modeler, views, activeView, data.texts.drdView ?? 'DRD'),
  );
  try {
    await modeler.importXML(data.content);
  } catch (error) {
    showLoadError(data, error);
    return;
  }
  wireToolbar(data, { save: async () => (await modeler.saveXML({ format: true })).xml });
}

void main();
