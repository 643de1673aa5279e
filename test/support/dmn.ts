// Builders for fixture DMN decision tables, literal expressions, business knowledge models and Camunda Forms,
// in the shape Camunda Modeler 8.8 writes (and DMN 1.1 / 1.2 files as earlier Modelers wrote them).
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
  /** Ids of the business knowledge models the table calls (knowledge requirements). */
  requiresKnowledge?: string[];
}

const knowledgeRequirements = (owner: string, ids: string[] = []) =>
  ids
    .map(
      (id, i) =>
        `<knowledgeRequirement id="KnowledgeRequirement_${owner}_${i}"><requiredKnowledge href="#${attr(id)}"/></knowledgeRequirement>`,
    )
    .join('');

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
  return `<decision id="${table.id}" name="${attr(table.name ?? table.id)}">${knowledgeRequirements(table.id, table.requiresKnowledge)}<decisionTable id="${table.id}_table"${hit}${aggregation}>${inputs.join('')}${outputs.join('')}${rules.join('')}</decisionTable></decision>`;
}

/** A whole DMN document (a decision requirements graph) holding the given decisions. */
export function dmnXml(drgId: string, decisions: string[], name = drgId): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="https://www.omg.org/spec/DMN/20191111/MODEL/" id="${drgId}" name="${attr(name)}" namespace="http://camunda.org/schema/1.0/dmn">
  ${decisions.join('\n  ')}
</definitions>`;
}

/** A business knowledge model as Camunda Modeler 8.8 draws it: a function of parameters with a literal expression body. */
export interface KnowledgeModelSpec {
  id: string;
  /** The name decisions call it by (the Modeler keeps the variable name the same). */
  name: string;
  parameters: { name: string; typeRef?: string }[];
  /** The FEEL body; omitted, the model is "Empty" (no logic). */
  body?: string;
  /** Ids of the business knowledge models it calls (knowledge requirements). */
  requires?: string[];
}

/** One business knowledge model element, its children in the order dmn-moddle writes them. */
export function businessKnowledgeModel(model: KnowledgeModelSpec): string {
  const parameters = model.parameters
    .map(
      (p, i) =>
        `<formalParameter id="InformationItem_${model.id}_p${i}" name="${attr(p.name)}"${p.typeRef ? ` typeRef="${p.typeRef}"` : ''}/>`,
    )
    .join('');
  const logic =
    model.body === undefined
      ? ''
      : `<encapsulatedLogic id="FunctionDefinition_${model.id}">${parameters}<literalExpression id="LiteralExpression_${model.id}"><text>${text(model.body)}</text></literalExpression></encapsulatedLogic>`;
  return `<businessKnowledgeModel id="${model.id}" name="${attr(model.name)}"><variable id="InformationItem_${model.id}" name="${attr(model.name)}"/>${logic}${knowledgeRequirements(model.id, model.requires)}</businessKnowledgeModel>`;
}

/** A decision whose logic is a literal expression. */
export interface LiteralSpec {
  id: string;
  name?: string;
  expression: string;
  /** The result variable's name (the decision id when omitted) and typeRef. */
  variable?: { name: string; typeRef?: string };
  /** Ids of the decisions it reads (information requirements). */
  requiresDecisions?: string[];
  /** Ids of the business knowledge models it calls (knowledge requirements). */
  requiresKnowledge?: string[];
}

/** One decision literal expression as a decision element. */
export function literalDecision(decision: LiteralSpec): string {
  const variable = decision.variable
    ? `<variable id="InformationItem_${decision.id}" name="${attr(decision.variable.name)}"${decision.variable.typeRef ? ` typeRef="${decision.variable.typeRef}"` : ''}/>`
    : '';
  const informationRequirements = (decision.requiresDecisions ?? [])
    .map(
      (id, i) =>
        `<informationRequirement id="InformationRequirement_${decision.id}_${i}"><requiredDecision href="#${attr(id)}"/></informationRequirement>`,
    )
    .join('');
  return `<decision id="${decision.id}" name="${attr(decision.name ?? decision.id)}">${variable}${informationRequirements}${knowledgeRequirements(decision.id, decision.requiresKnowledge)}<literalExpression id="LiteralExpression_${decision.id}"><text>${text(decision.expression)}</text></literalExpression></decision>`;
}

/**
 * A DMN 1.1 or 1.2 document as the Camunda Modeler versions before DMN 1.3 wrote it: DMN 1.1 with the
 * bpmn.io `biodi` layout extension, DMN 1.2 with diagram interchange in DMN 1.2's DMNDI namespace.
 */
export function olderDmnXml(version: '1.1' | '1.2', drgId: string, elements: string[]): string {
  const ids = elements.map((element) => /^<\w+ id="([^"]+)"/.exec(element)?.[1] ?? '');
  if (version === '1.1') {
    const bounds = (i: number) =>
      `<extensionElements><biodi:bounds x="${160 + i * 240}" y="100" width="180" height="80"/></extensionElements>`;
    // DMN 1.1's requirements have no ids, and a business knowledge model's variable comes after its logic
    const laidOut = elements.map((element, i) =>
      element
        .replace(/^(<\w+ [^>]*>)/, `$1${bounds(i)}`)
        .replace(/<(information|knowledge)Requirement id="[^"]*">/g, '<$1Requirement>')
        .replace(/(<variable [^>]*\/>)(<encapsulatedLogic .*<\/encapsulatedLogic>)/, '$2$1'),
    );
    return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/DMN/20151101/dmn.xsd" xmlns:biodi="http://bpmn.io/schema/dmn/biodi/1.0" xmlns:camunda="http://camunda.org/schema/1.0/dmn" id="${drgId}" name="${attr(drgId)}" namespace="http://camunda.org/schema/1.0/dmn">
  ${laidOut.join('\n  ')}
</definitions>`;
  }
  const shapes = ids.map(
    (id, i) =>
      `<dmndi:DMNShape id="DMNShape_${id}" dmnElementRef="${id}"><dc:Bounds height="80" width="180" x="${160 + i * 240}" y="100"/></dmndi:DMNShape>`,
  );
  return `<?xml version="1.0" encoding="UTF-8"?>
<definitions xmlns="http://www.omg.org/spec/DMN/20180521/MODEL/" xmlns:dmndi="http://www.omg.org/spec/DMN/20180521/DMNDI/" xmlns:dc="http://www.omg.org/spec/DMN/20180521/DC/" id="${drgId}" name="${attr(drgId)}" namespace="http://camunda.org/schema/1.0/dmn">
  ${elements.join('\n  ')}
  <dmndi:DMNDI><dmndi:DMNDiagram id="DMNDiagram_${drgId}">${shapes.join('')}</dmndi:DMNDiagram></dmndi:DMNDI>
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
