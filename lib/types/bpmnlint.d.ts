// bpmnlint ships no types; this declares the parts the designer's lint and the contract checks call.
declare module 'bpmnlint' {
  export interface LintReport {
    id: string;
    message: string;
    category: 'error' | 'warn' | 'info';
  }
  export class Linter {
    constructor(options: { config: { extends: string[] }; resolver: unknown });
    lint(definitions: unknown): Promise<Record<string, LintReport[]>>;
  }
}
declare module 'bpmnlint/lib/resolver/node-resolver.js' {
  export default class NodeResolver {}
}
