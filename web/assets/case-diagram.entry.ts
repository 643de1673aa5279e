// The case page's process diagram: the bpmn-js viewer (navigation only, no editing) on the BPMN of the
// version the case runs on, with the steps the case passed and its current step marked. The server puts
// the model and the element ids in a JSON script block (#case-diagram-data); the page lists the same steps
// in text, so the diagram adds a picture and takes nothing away without JavaScript. It opens at reading
// size on the case's current step; drag pans, and the buttons beside it zoom, fit and come back.
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

interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Canvas {
  addMarker(element: string, marker: string): void;
  zoom(level?: 'fit-viewport' | number): number;
  viewbox(box?: Box): Box & { scale: number; outer: { width: number; height: number } };
}

interface ElementRegistry {
  get(id: string): (Partial<Box> & { id: string; type?: string }) | undefined;
}

/** The scale at which the model's labels read at the page's text size. */
const readableScale = 1;

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

  /** Shows the diagram at `scale`, centred on `element` (the case's current step) or on the whole model. */
  const centre = (scale: number, element?: Partial<Box>) => {
    const { outer } = canvas.viewbox();
    canvas.zoom('fit-viewport');
    const whole = canvas.viewbox();
    const focus =
      element?.x !== undefined && element.y !== undefined
        ? { x: element.x + (element.width ?? 0) / 2, y: element.y + (element.height ?? 0) / 2 }
        : { x: whole.x + whole.width / 2, y: whole.y + whole.height / 2 };
    const width = outer.width / scale;
    const height = outer.height / scale;
    canvas.viewbox({ x: focus.x - width / 2, y: focus.y - height / 2, width, height });
  };
  // where the case is: its current step, or for a closed case the end it reached (else the last step passed)
  const passed = data.visited.map((id) => registry.get(id)).filter((element) => element !== undefined);
  const current =
    data.current.map((id) => registry.get(id)).find((element) => element !== undefined) ??
    passed.find((element) => element.type === 'bpmn:EndEvent') ??
    passed.at(-1);
  // the whole model fits only at a size nobody reads: open at reading size on where the case is, unless the
  // whole model fits at that size anyway
  const fitScale = (canvas.zoom('fit-viewport'), canvas.viewbox().scale);
  if (fitScale < readableScale * 0.8) centre(readableScale, current);

  // the buttons beside the diagram: zoom in and out, the whole model, and back to where the case is
  const controls = document.getElementById('case-diagram-controls');
  const act: Record<string, () => void> = {
    in: () => canvas.zoom(canvas.zoom() * 1.25),
    out: () => canvas.zoom(canvas.zoom() / 1.25),
    fit: () => canvas.zoom('fit-viewport'),
    current: () => centre(readableScale, current),
  };
  controls?.addEventListener('click', (event) => {
    const button = (event.target as HTMLElement).closest<HTMLButtonElement>('button[data-zoom]');
    const action = button?.dataset.zoom;
    if (action && act[action]) act[action]();
  });
  if (controls) controls.hidden = false;
  container.classList.add('case-diagram--ready');
}

show().catch(() => {
  document.getElementById('case-diagram')?.classList.add('case-diagram--failed');
});
