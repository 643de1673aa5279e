// The case page's process diagram: the bpmn-js viewer (navigation only, no editing) on the BPMN of the
// version the case runs on, with the steps the case passed and its current step marked. The server puts
// the model and the element ids in a JSON script block (#case-diagram-data); the page lists the same steps
// in text, so the diagram adds a picture and takes nothing away without JavaScript.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import './case-diagram.css';
import NavigatedViewerModule from 'bpmn-js/lib/NavigatedViewer.js';

// bpmn-js is ES modules without "type": "module", so TypeScript (NodeNext) reads its default export as
// CommonJS's module object while esbuild hands over the class itself; this takes whichever arrived.
const NavigatedViewer = ((NavigatedViewerModule as unknown as { default?: unknown }).default ??
  NavigatedViewerModule) as typeof NavigatedViewerModule.default;

/** What the server sends. */
interface DiagramData {
  xml: string;
  visited: string[];
  flows: string[];
  current: string[];
}

interface Canvas {
  addMarker(element: string, marker: string): void;
  zoom(level: 'fit-viewport'): void;
}

interface ElementRegistry {
  get(id: string): unknown;
}

function readData(): DiagramData | undefined {
  const text = document.getElementById('case-diagram-data')?.textContent;
  if (!text) return undefined;
  return JSON.parse(text) as DiagramData;
}

async function show(): Promise<void> {
  const container = document.getElementById('case-diagram');
  const data = readData();
  if (!container || !data) return;
  const viewer = new NavigatedViewer({ container });
  await viewer.importXML(data.xml);
  const canvas = viewer.get<Canvas>('canvas');
  const registry = viewer.get<ElementRegistry>('elementRegistry');
  const mark = (ids: readonly string[], marker: string) => {
    for (const id of ids) if (registry.get(id)) canvas.addMarker(id, marker);
  };
  mark(data.visited, 'case-visited');
  mark(data.flows, 'case-flow-taken');
  mark(data.current, 'case-current');
  canvas.zoom('fit-viewport');
  container.classList.add('case-diagram--ready');
}

show().catch(() => {
  document.getElementById('case-diagram')?.classList.add('case-diagram--failed');
});
