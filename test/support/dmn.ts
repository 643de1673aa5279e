// Builders for fixture DMN decision tables and Camunda Forms, in the shape Camunda Modeler 8.8 writes.
const attr = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
const text = (value: string) => value.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export interface TableSpec {
  id: string;
  name?: string;
  hitPolicy?: 'UNIQUE' | 'FIRST' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER' | 'PRIORITY';
  aggregation?: 'SUM' | 'MIN' | 'MAX' | 'COUNT';
  /** Input expressions (FEEL), labelled by their index. */
  inputs: string[];
  /** Output names. */
  outputs: string[];
  /** Each rule: its input entries (unary tests) then its output entries (FEEL expressions). */
  rules: { when: string[]; then: string[] }[];
}

/** One decision table as a decision element. */
export function decisionTable(table: TableSpec): string {
  const hit = table.hitPolicy && table.hitPolicy !== 'UNIQUE' ? ` hitPolicy="${table.hitPolicy}"` : '';
  const aggregation = table.aggregation ? ` aggregation="${table.aggregation}"` : '';
  const inputs = table.inputs.map(
    (expression, i) =>
      `<input id="${table.id}_in${i}" label="Input ${i}"><inputExpression id="${table.id}_ie${i}" typeRef="string"><text>${text(expression)}</text></inputExpression></input>`,
  );
  const outputs = table.outputs.map((name, i) => `<output id="${table.id}_out${i}" name="${attr(name)}"/>`);
  const rules = table.rules.map(
    (rule, r) =>
      `<rule id="${table.id}_r${r}">${rule.when
        .map((entry, i) => `<inputEntry id="${table.id}_r${r}_i${i}"><text>${text(entry)}</text></inputEntry>`)
        .join('')}${rule.then
        .map((entry, i) => `<outputEntry id="${table.id}_r${r}_o${i}"><text>${text(entry)}</text></outputEntry>`)
        .join('')}</rule>`,
  );
  return `<decision id="${table.id}" name="${attr(table.name ?? table.id)}"><decisionTable id="${table.id}_table"${hit}${aggregation}>${inputs.join('')}${outputs.join('')}${rules.join('')}</decisionTable></decision>`;
}

/** A whole DMN document (a decision requirements graph) holding the given decisions. */
export function dmnXml(drgId: string, decisions: string[], name = drgId): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${drgId}" name="${attr(name)}" namespace="http://camunda.org/schema/1.0/dmn">
  ${decisions.join('\n  ')}
</definitions>`;
}

/** A minimal Camunda Form with one text field per key. */
export function formJson(id: string, keys: string[] = ['note']): string {
  return JSON.stringify({
    id,
    type: 'default',
    schemaVersion: 16,
    components: keys.map((key) => ({ type: 'textfield', key, label: key })),
  });
}

/** A business rule task calling a decision. */
export const businessRuleTask = (
  id: string,
  decisionId: string,
  resultVariable: string,
  attributes = '',
  extensions = '',
) =>
  `<bpmn:businessRuleTask id="${id}"><bpmn:extensionElements><zeebe:calledDecision decisionId="${attr(decisionId)}" resultVariable="${resultVariable}"${attributes}/>${extensions}</bpmn:extensionElements></bpmn:businessRuleTask>`;

/** A job-based user task with a linked form. */
export const linkedFormUserTask = (id: string, formId: string) =>
  `<bpmn:userTask id="${id}"><bpmn:extensionElements><zeebe:formDefinition formId="${attr(formId)}"/></bpmn:extensionElements></bpmn:userTask>`;
