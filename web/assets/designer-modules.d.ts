// dmn-js ships without type declarations; this declares the parts the DMN designer calls.
declare module 'dmn-js/lib/Modeler.js' {
  /** One view of the decision requirements: the DRD, a decision table or a literal expression. */
  export interface DmnView {
    type: string;
    element: { id: string; name?: string };
  }
  /** The DMN modeler. */
  export default class DmnModeler {
    constructor(options: { container: string | HTMLElement; [option: string]: unknown });
    importXML(xml: string): Promise<{ warnings: unknown[] }>;
    saveXML(options?: { format?: boolean }): Promise<{ xml: string }>;
    getViews(): DmnView[];
    getActiveView(): DmnView | undefined;
    open(view: DmnView): Promise<unknown>;
    on(event: 'views.changed', callback: (event: { views: DmnView[]; activeView: DmnView | undefined }) => void): void;
  }
}
