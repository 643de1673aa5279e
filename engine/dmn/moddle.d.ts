// dmn-moddle ships no type declarations; this declares the parts we call.
declare module 'dmn-moddle' {
  interface FromXmlResult {
    rootElement: unknown;
    warnings: { message: string }[];
  }
  export class DmnModdle {
    constructor(packages?: Record<string, unknown>);
    fromXML(xml: string, typeName?: string): Promise<FromXmlResult>;
  }
}
