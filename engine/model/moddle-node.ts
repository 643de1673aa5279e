// Reading moddle's object trees (bpmn-moddle and dmn-moddle) without `any`: an element is `$type` plus
// properties, read only through these helpers.

/** A moddle element: `$type` plus properties. */
export interface Node {
  $type: string;
  id?: string;
  name?: string;
  [property: string]: unknown;
}

export const asNode = (value: unknown): Node | undefined =>
  typeof value === 'object' && value !== null && typeof (value as Node).$type === 'string'
    ? (value as Node)
    : undefined;

export const nodes = (value: unknown): Node[] =>
  Array.isArray(value) ? value.map(asNode).filter((n): n is Node => n !== undefined) : [];

export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
