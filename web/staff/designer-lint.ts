// Server-side check of a BPMN model before it is deployed: bpmnlint with Camunda's compatibility rules for
// 8.8, the same configuration as .bpmnlintrc and the contract checks (test/processes/models.spec.ts). The
// browser's "Check" button and the deploy route both call this, so nothing reaches the engine that the
// linter already knows Zeebe would refuse or run wrongly.
import { createRequire } from 'node:module';
import { BpmnModdle } from 'bpmn-moddle';
import { Linter } from 'bpmnlint';
import NodeResolver from 'bpmnlint/lib/resolver/node-resolver.js';

const require = createRequire(import.meta.url);
const zeebe = require('zeebe-bpmn-moddle/resources/zeebe.json') as Record<string, unknown>;

/** One finding on a model: from the linter, from reading the XML, or from the engine refusing it. */
export interface Finding {
  category: 'error' | 'warn' | 'info';
  /** the element the finding is about ('' when it is about the whole resource) */
  elementId: string;
  message: string;
  /** the bpmnlint rule, 'xml' for reading errors, 'engine' for the engine's refusal */
  rule: string;
}

/** What a check found, and the ids of the model's processes (for the deployed resource's name). */
export interface BpmnCheck {
  findings: Finding[];
  processIds: string[];
}

const lintConfig = { extends: ['bpmnlint:recommended', 'plugin:camunda-compat/camunda-cloud-8-8'] };

interface ModdleElement {
  $type?: string;
  id?: string;
  rootElements?: ModdleElement[];
}

/** Lints BPMN XML; unreadable XML is one error finding. */
export async function lintBpmn(xml: string): Promise<BpmnCheck> {
  let root: ModdleElement;
  let warnings: { message: string }[];
  try {
    const result = await new BpmnModdle({ zeebe }).fromXML(xml);
    root = result.rootElement as ModdleElement;
    warnings = result.warnings;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { findings: [{ category: 'error', elementId: '', message, rule: 'xml' }], processIds: [] };
  }
  // a new linter per model: bpmnlint's rule instances keep state between lint() calls (no-duplicate-sequence-flows
  // remembers every flow it saw), so a shared one reports a second model's flows as duplicates of the first's
  const reports = await new Linter({ config: lintConfig, resolver: new NodeResolver() }).lint(root);
  const findings: Finding[] = [
    ...warnings.map((w): Finding => ({ category: 'warn', elementId: '', message: w.message, rule: 'xml' })),
    ...Object.entries(reports).flatMap(([rule, list]) =>
      list.map((r): Finding => ({ category: r.category, elementId: r.id, message: r.message, rule })),
    ),
  ];
  const processIds = (root.rootElements ?? [])
    .filter((e) => e.$type === 'bpmn:Process' && typeof e.id === 'string')
    .map((e) => e.id ?? '');
  return { findings, processIds };
}

/** Whether any finding stops a deploy. */
export const hasErrors = (findings: readonly Finding[]): boolean => findings.some((f) => f.category === 'error');
