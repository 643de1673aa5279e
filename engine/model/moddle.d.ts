// bpmn-moddle ships types only under its "./types" export; this declares the parts we call.
declare module 'bpmn-moddle' {
  interface FromXmlResult {
    rootElement: unknown;
    warnings: { message: string }[];
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<FromXmlResult>;
  }
}
