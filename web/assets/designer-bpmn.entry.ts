// The BPMN designer island: the Camunda 8 modeler (camunda-bpmn-js) with its properties panel, opened on the
// deployed version the page carries; "Check" and "Deploy" post the edited XML (designer-client.ts).
import 'camunda-bpmn-js/dist/assets/camunda-cloud-modeler.css';
import './designer-layout.css';
import CloudModeler from 'camunda-bpmn-js/lib/camunda-cloud/Modeler.js';
import { adoptInjectedStyles } from './designer-styles.js';
import { readDesignerData, showLoadError, wireToolbar } from './designer-client.js';

// the package's typings read as CommonJS under NodeNext, its source is ESM: esbuild hands over the class itself
const BpmnModeler = CloudModeler as unknown as typeof CloudModeler.default;

interface ElementRegistry {
  get(id: string): unknown;
}
interface Selection {
  select(element: unknown): void;
}
interface Canvas {
  scrollToElement(element: unknown): void;
}

async function main(): Promise<void> {
  adoptInjectedStyles();
  const data = readDesignerData();
  const modeler = new BpmnModeler({
    container: '#designer-canvas',
    propertiesPanel: { parent: '#designer-properties' },
    additionalModules: [
      // New user tasks stay job-based: the product's inbox takes io.camunda.zeebe:userTask jobs over gRPC, which
      // is all a broker-only Zeebe serves (DESIGN.md), so a Camunda user task (zeebe:userTask) would never reach
      // it. camunda-bpmn-js-behaviors adds zeebe:userTask to every new user task through this service; defining
      // the name again replaces its provider before the behaviours start.
      { createZeebeUserTaskBehavior: ['value', null] },
    ],
  });
  try {
    await modeler.importXML(data.content);
  } catch (error) {
    showLoadError(data, error);
    return;
  }
  modeler.get<Canvas & { zoom(level: string): void }>('canvas').zoom('fit-viewport');
  wireToolbar(data, {
    save: async () => (await modeler.saveXML({ format: true })).xml ?? '',
    select(elementId) {
      const element = modeler.get<ElementRegistry>('elementRegistry').get(elementId);
      if (!element) return;
      modeler.get<Selection>('selection').select(element);
      modeler.get<Canvas>('canvas').scrollToElement(element);
    },
  });
}

void main();
