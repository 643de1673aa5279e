// DMN XML (as Camunda Modeler writes it: DMN 1.3, or the DMN 1.1 and 1.2 files it still opens) to
// DecisionModels, with every reason a decision cannot run collected and named by element, so that deployment
// refuses the resource whole. The checks follow dmn-scala's parser (Zeebe's DMN engine): FEEL syntax, hit
// policy and aggregation, output names, required decisions, required business knowledge models and cycles.
// Decision tables and literal expressions are the supported decision logic, and literal expressions the
// supported logic of a business knowledge model: what Camunda Modeler 8.8 (dmn-js 17) can draw.
import { DmnModdle } from 'dmn-moddle';

/** A decision's zeebe:versionTag, which dmn-moddle keeps as a generic extension element. */
function versionTagOf(decision: Node): string | undefined {
  const extensions = nodes(asNode(decision.extensionElements)?.values);
  const tag = extensions.find((e) => e.$type === 'zeebe:versionTag');
  return (tag ? text(tag.value)?.trim() : undefined) || undefined;
}
import { parseExpression, parseUnaryTests } from 'feelin';
import { functionsCalledIn } from '../feel/camunda-functions.js';
import type {
  Aggregation,
  DecisionModel,
  DecisionTableInput,
  DecisionTableLogic,
  DecisionTableOutput,
  DecisionTableRule,
  HitPolicy,
  KnowledgeModel,
  LiteralExpressionLogic,
  ParsedDmn,
} from './types.js';
import { asNode, nodes, text, type Node } from '../model/moddle-node.js';

const HIT_POLICIES: readonly HitPolicy[] = [
  'UNIQUE',
  'FIRST',
  'PRIORITY',
  'ANY',
  'COLLECT',
  'RULE ORDER',
  'OUTPUT ORDER',
];
const AGGREGATIONS: readonly Aggregation[] = ['SUM', 'COUNT', 'MIN', 'MAX'];

/** The expression languages dmn-scala accepts as FEEL (compared lower-cased). */
const FEEL_LANGUAGES = new Set(
  [
    'feel',
    'http://www.omg.org/spec/FEEL/20140401',
    'http://www.omg.org/spec/DMN/20180521/FEEL/',
    'https://www.omg.org/spec/DMN/20191111/FEEL/',
    'https://www.omg.org/spec/DMN/20211108/FEEL/',
    'https://www.omg.org/spec/DMN/20230324/MODEL/',
  ].map((language) => language.toLowerCase()),
);

const DMN13_MODEL = 'https://www.omg.org/spec/DMN/20191111/MODEL/';

/**
 * The DMN 1.1 and 1.2 namespaces (which Zeebe reads too) and their DMN 1.3 equivalents. The elements that
 * run (decisions, tables, literal expressions, requirements, business knowledge models) have the same
 * names and structure in all three; DMN 1.1's layout (the bpmn.io `biodi` extension) is ignored like any
 * extension, and DMN 1.2's diagram interchange moved to a new namespace in 1.3 (its DC and DI did not).
 */
const OLDER_NAMESPACES = new Map([
  ['http://www.omg.org/spec/DMN/20151101/dmn.xsd', DMN13_MODEL],
  ['http://www.omg.org/spec/DMN/20151101/dmn11.xsd', DMN13_MODEL],
  ['http://www.omg.org/spec/DMN/20180521/MODEL/', DMN13_MODEL],
  ['http://www.omg.org/spec/DMN/20180521/DMNDI/', 'https://www.omg.org/spec/DMN/20191111/DMNDI/'],
  // DMN 1.4 and 1.5 add to 1.3; what Camunda Modeler draws reads the same
  ['https://www.omg.org/spec/DMN/20211108/MODEL/', DMN13_MODEL],
  ['https://www.omg.org/spec/DMN/20230324/MODEL/', DMN13_MODEL],
]);

/** The XML with DMN 1.1 and 1.2 namespace declarations turned into DMN 1.3's, which is all dmn-moddle reads. */
function asDmn13(xml: string): string {
  return xml.replace(
    /(\sxmlns(?::[\w.-]+)?\s*=\s*)(["'])([^"']*)\2/g,
    (declaration, head: string, quote: string, uri: string) => {
      const current = OLDER_NAMESPACES.get(uri);
      return current === undefined ? declaration : `${head}${quote}${current}${quote}`;
    },
  );
}

/** Zeebe names an unlabelled input by its expression, cut to 30 characters. */
const INPUT_NAME_LENGTH = 30;

type SyntaxTree = ReturnType<typeof parseExpression>;

/** Where the first error node of a parse tree is, in the wording of FEEL-scala's parse failures. */
function syntaxProblem(tree: SyntaxTree, source: string): string | undefined {
  if (source.trim() === '') return `failed to parse expression '${source}': the expression is empty`;
  let problem: string | undefined;
  tree.iterate({
    enter(node) {
      if (problem === undefined && node.type.isError) {
        const near = source.slice(Math.max(0, node.from - 10), node.to + 10).trim();
        problem = `failed to parse expression '${source}': unexpected input at position ${node.from} (near '${near}')`;
      }
    },
  });
  return problem;
}

/** Who a problem is about: "Decision 'id'" or "Business knowledge model 'id'". */
type Owner = string;
const decisionOwner = (id: string): Owner => `Decision '${id}'`;
const knowledgeOwner = (id: string): Owner => `Business knowledge model '${id}'`;

/** Collects problems, each prefixed with the decision or business knowledge model and element it is about. */
class Problems {
  readonly list: string[] = [];

  add(owner: Owner, element: string | undefined, message: string): void {
    this.list.push(element ? `${owner}, ${element}: ${message}` : `${owner}: ${message}`);
  }

  /** Checks that an expression element holds FEEL that parses; returns its source either way. */
  expression(owner: Owner, element: string, literal: Node | undefined): string {
    const source = text(literal?.text);
    if (!literal || source === undefined) {
      this.add(owner, element, `The expression '${literal?.id ?? ''}' must not be empty.`);
      return '';
    }
    if (!this.language(owner, element, literal)) return source;
    const problem = syntaxProblem(parseExpression(source, functionsCalledIn(source) ?? {}, undefined), source);
    if (problem) this.add(owner, element, `FEEL expression: ${problem}`);
    return source;
  }

  /** Checks an input entry; empty (or absent) text is kept as '' and matches anything. */
  unaryTests(owner: Owner, element: string, entry: Node): string {
    const source = text(entry.text) ?? '';
    if (!this.language(owner, element, entry) || source.trim() === '') return source.trim();
    const problem = syntaxProblem(parseUnaryTests(source, functionsCalledIn(source) ?? {}, undefined), source);
    if (problem) this.add(owner, element, `FEEL unary-tests: ${problem}`);
    return source;
  }

  private language(owner: Owner, element: string, expression: Node): boolean {
    const language = (text(expression.expressionLanguage) ?? 'feel').toLowerCase();
    if (FEEL_LANGUAGES.has(language)) return true;
    this.add(owner, element, `Expression language '${language}' is not supported`);
    return false;
  }
}

/** Output values as dmn-scala reads them for priorities: split on commas, unquoted, trimmed. */
function priorities(outputValues: Node | undefined): string[] {
  const source = text(outputValues?.text);
  if (source === undefined) return [];
  return source.split(',').map((value) => value.trim().replace(/["']/g, ''));
}

function readTable(owner: Owner, table: Node, problems: Problems): DecisionTableLogic {
  const tableId = table.id ?? '';
  const where = `decision table '${tableId}'`;
  const rawHitPolicy = text(table.hitPolicy) ?? 'UNIQUE';
  const hitPolicy = HIT_POLICIES.find((policy) => policy === rawHitPolicy);
  if (!hitPolicy) problems.add(owner, where, `hit policy '${rawHitPolicy}' is not supported`);
  const rawAggregation = text(table.aggregation);
  const aggregation = rawAggregation === undefined ? null : (AGGREGATIONS.find((a) => a === rawAggregation) ?? null);
  if (rawAggregation !== undefined && !aggregation)
    problems.add(owner, where, `aggregation '${rawAggregation}' is not supported`);

  const inputs: DecisionTableInput[] = nodes(table.input).map((input) => {
    const expression = problems.expression(
      owner,
      `input expression of input '${input.id ?? ''}'`,
      asNode(input.inputExpression),
    );
    return {
      id: input.id ?? '',
      name: text(input.label) ?? expression.slice(0, INPUT_NAME_LENGTH),
      expression,
    };
  });

  const outputs: DecisionTableOutput[] = nodes(table.output).map((output) => {
    const defaultEntry = asNode(output.defaultOutputEntry);
    return {
      id: output.id ?? '',
      name: text(output.name) ?? null,
      label: text(output.label) ?? null,
      priorities: priorities(asNode(output.outputValues)),
      defaultValue: defaultEntry
        ? problems.expression(owner, `default output entry of output '${output.id ?? ''}'`, defaultEntry)
        : null,
    };
  });
  if (outputs.length === 0) problems.add(owner, where, 'a decision table must have at least one output');
  if (outputs.length > 1) {
    if (hitPolicy === 'COLLECT' && aggregation)
      problems.add(owner, where, "hit policy 'COLLECT' with aggregator is not defined for compound output");
    const seen = new Set<string>();
    for (const output of outputs) {
      if (output.name === null) {
        problems.add(owner, `output '${output.id}'`, `no output name defined for \`${output.label ?? 'null'}\``);
      } else if (seen.has(output.name)) {
        problems.add(owner, `output '${output.id}'`, `output name '${output.name}' is used by another output`);
      }
      if (output.name !== null) seen.add(output.name);
    }
  }

  // entries that do not match the columns deploy, as on Zeebe (camunda/camunda#40889); the DMN schema
  // that Zeebe validates against only insists on one output entry per rule
  const rules: DecisionTableRule[] = nodes(table.rule).map((rule) => {
    const ruleId = rule.id ?? '';
    const outputEntries = nodes(rule.outputEntry);
    if (outputEntries.length === 0)
      problems.add(owner, `rule '${ruleId}'`, 'a rule must have at least one output entry');
    return {
      id: ruleId,
      inputEntries: nodes(rule.inputEntry).map((entry) =>
        problems.unaryTests(owner, `input entry '${entry.id ?? ''}' of rule '${ruleId}'`, entry),
      ),
      outputEntries: outputEntries.map((entry) =>
        problems.expression(owner, `output entry '${entry.id ?? ''}' of rule '${ruleId}'`, entry),
      ),
    };
  });

  return { type: 'DECISION_TABLE', id: tableId, hitPolicy: hitPolicy ?? 'UNIQUE', aggregation, inputs, outputs, rules };
}

function readLiteral(owner: Owner, literal: Node, problems: Problems): LiteralExpressionLogic {
  const id = literal.id ?? '';
  return {
    type: 'LITERAL_EXPRESSION',
    id,
    expression: problems.expression(owner, `literal expression '${id}'`, literal),
  };
}

/** The ids an element's requirements point at (`href="#id"`); references into other files are problems. */
function requirementIds(
  owner: Owner,
  requirements: unknown,
  reference: 'requiredDecision' | 'requiredKnowledge',
  problems: Problems,
): string[] {
  const ids: string[] = [];
  for (const requirement of nodes(requirements)) {
    const href = text(asNode(requirement[reference])?.href);
    if (href === undefined) continue;
    const hash = href.indexOf('#');
    const namespace = hash > 0 ? href.slice(0, hash) : '';
    const id = href.slice(hash + 1);
    if (!namespace) ids.push(id);
    else if (reference === 'requiredDecision')
      problems.add(
        owner,
        `information requirement '${requirement.id ?? ''}'`,
        `decision '${id}' of namespace '${namespace}' is imported; imported decisions are not supported`,
      );
    else
      problems.add(
        owner,
        `knowledge requirement '${requirement.id ?? ''}'`,
        `business knowledge model '${id}' of namespace '${namespace}' is imported; imported business knowledge models are not supported`,
      );
  }
  return ids;
}

/** A business knowledge model as read, its required models still ids. */
type KnowledgeModelRead = Omit<KnowledgeModel, 'requiredKnowledge'> & { requires: string[] };

/**
 * A business knowledge model. Camunda Modeler 8.8 draws it empty (no logic: dmn-scala makes it a function
 * of no parameters that returns null) or as a function definition whose body is a literal expression.
 */
function readKnowledgeModel(bkm: Node, problems: Problems): KnowledgeModelRead {
  const id = bkm.id ?? '';
  const owner = knowledgeOwner(id);
  const requires = requirementIds(owner, bkm.knowledgeRequirement, 'requiredKnowledge', problems);
  const read = { id, name: text(bkm.name) ?? '', requires };
  const logic = asNode(bkm.encapsulatedLogic);
  if (!logic) return { ...read, parameters: [], body: null };
  const parameters = nodes(logic.formalParameter).map((parameter) => ({
    name: text(parameter.name) ?? '',
    typeRef: text(parameter.typeRef) ?? null,
  }));
  const body = asNode(logic.body);
  if (body?.$type === 'dmn:LiteralExpression')
    return {
      ...read,
      parameters,
      body: problems.expression(owner, `literal expression '${body.id ?? ''}'`, body),
    };
  problems.add(
    owner,
    undefined,
    body
      ? `unsupported business knowledge model logic '${body.$type.replace(/^dmn:/, '')}' (expected a literal expression)`
      : 'the function definition has no body (expected a literal expression)',
  );
  return { ...read, parameters, body: null };
}

/** A decision as read, its required business knowledge models still ids. */
interface DecisionRead {
  model: DecisionModel;
  requiresKnowledge: string[];
}

function readDecision(decision: Node, problems: Problems): DecisionRead | undefined {
  const id = decision.id ?? '';
  const owner = decisionOwner(id);
  const variable = asNode(decision.variable);
  const requiredDecisions = requirementIds(owner, decision.informationRequirement, 'requiredDecision', problems);
  const requiresKnowledge = requirementIds(owner, decision.knowledgeRequirement, 'requiredKnowledge', problems);

  const logicNode = asNode(decision.decisionLogic);
  let logic: DecisionModel['logic'] | undefined;
  if (!logicNode) {
    problems.add(
      owner,
      undefined,
      'the decision has no decision logic (expected a decision table or a literal expression)',
    );
  } else if (logicNode.$type === 'dmn:DecisionTable') {
    logic = readTable(owner, logicNode, problems);
  } else if (logicNode.$type === 'dmn:LiteralExpression') {
    logic = readLiteral(owner, logicNode, problems);
  } else {
    problems.add(
      owner,
      undefined,
      `unsupported decision logic '${logicNode.$type.replace(/^dmn:/, '')}' (expected a decision table or a literal expression)`,
    );
  }
  if (!logic) return undefined;
  return {
    model: {
      id,
      name: text(decision.name) ?? null,
      resultName: text(variable?.name) ?? id,
      resultTypeRef: text(variable?.typeRef) ?? null,
      requiredDecisions,
      requiredKnowledge: [],
      logic,
      // only when set, so a model stays equal to its JSON round trip
      ...(versionTagOf(decision) ? { versionTag: versionTagOf(decision) } : {}),
    },
    requiresKnowledge,
  };
}

/** Every cycle of requirements, each reported once, as the ids along it. */
function cycles(requirements: Map<string, string[]>): string[][] {
  const done = new Set<string>();
  const found: string[][] = [];
  const visit = (id: string, path: string[]): void => {
    const at = path.indexOf(id);
    if (at >= 0) {
      found.push([...path.slice(at), id]);
      return;
    }
    if (done.has(id)) return;
    for (const required of requirements.get(id) ?? []) visit(required, [...path, id]);
    done.add(id);
  };
  for (const id of requirements.keys()) visit(id, []);
  return found;
}

/**
 * Resolves the required business knowledge models of each model, or reports the missing ones and cycles
 * (dmn-scala's "Cyclic dependencies between BKMs"). Returns the resolved models by id.
 */
function resolveKnowledge(read: KnowledgeModelRead[], problems: Problems): Map<string, KnowledgeModel> {
  const byId = new Map(read.map((bkm) => [bkm.id, bkm]));
  for (const bkm of read)
    for (const required of bkm.requires)
      if (!byId.has(required))
        problems.add(
          knowledgeOwner(bkm.id),
          undefined,
          `the required business knowledge model '${required}' is not in the file`,
        );
  const found = cycles(new Map(read.map((bkm) => [bkm.id, bkm.requires])));
  for (const cycle of found)
    problems.add(
      knowledgeOwner(cycle[0] ?? ''),
      undefined,
      `Invalid DMN model: Cyclic dependencies between BKMs detected (${cycle.join(' -> ')})`,
    );
  const resolved = new Map<string, KnowledgeModel>();
  if (found.length > 0) return resolved;
  const resolve = (bkm: KnowledgeModelRead): KnowledgeModel => {
    const known = resolved.get(bkm.id);
    if (known) return known;
    const { requires, ...model } = bkm;
    const result: KnowledgeModel = {
      ...model,
      requiredKnowledge: requires.flatMap((id) => {
        const required = byId.get(id);
        return required ? [resolve(required)] : [];
      }),
    };
    resolved.set(bkm.id, result);
    return result;
  };
  for (const bkm of read) resolve(bkm);
  return resolved;
}

const noDefinitions = { id: '', name: null, namespace: '' };

/**
 * Parses and validates one DMN resource (DMN 1.3, 1.2 or 1.1). Problems include XML errors, unsupported
 * logic and bad FEEL.
 */
export async function parseDmn(xml: string): Promise<ParsedDmn> {
  let root: Node | undefined;
  let warnings: { message: string }[];
  try {
    const read = await new DmnModdle().fromXML(asDmn13(xml), 'dmn:Definitions');
    root = asNode(read.rootElement);
    warnings = read.warnings;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      definitions: noDefinitions,
      decisions: [],
      problems: [`Failed to parse the DMN XML (DMN 1.1, 1.2 or 1.3 is expected): ${reason}`],
    };
  }
  if (!root)
    return { definitions: noDefinitions, decisions: [], problems: ['The resource is not a DMN definitions document'] };
  const definitions = { id: root.id ?? '', name: text(root.name) ?? null, namespace: text(root.namespace) ?? '' };
  const problems = new Problems();
  // moddle drops what it cannot read (a second element with a used id, say) and only warns
  for (const { message } of warnings) {
    const duplicate = /duplicate ID <([^>]*)>/.exec(message)?.[1];
    if (duplicate !== undefined) problems.list.push(`The id '${duplicate}' is used by more than one element`);
    else if (message.startsWith('unparsable content'))
      problems.list.push(`The DMN XML has content that cannot be read: ${message.split('\n')[0] ?? message}`);
  }
  const elements = nodes(root.drgElement);
  const knowledge = resolveKnowledge(
    elements.filter((e) => e.$type === 'dmn:BusinessKnowledgeModel').map((e) => readKnowledgeModel(e, problems)),
    problems,
  );
  const decisions: DecisionModel[] = [];
  const seen = new Set<string>();
  for (const element of elements.filter((e) => e.$type === 'dmn:Decision')) {
    const id = element.id ?? '';
    if (!id) problems.list.push(`A decision has no id (name '${text(element.name) ?? ''}')`);
    seen.add(id);
    const read = readDecision(element, problems);
    if (!read) continue;
    for (const required of read.requiresKnowledge) {
      const bkm = knowledge.get(required);
      if (bkm) read.model.requiredKnowledge.push(bkm);
      else if (!elements.some((e) => e.$type === 'dmn:BusinessKnowledgeModel' && e.id === required))
        problems.add(
          decisionOwner(id),
          undefined,
          `the required business knowledge model '${required}' is not in the file`,
        );
    }
    decisions.push(read.model);
  }
  for (const decision of decisions) {
    for (const required of decision.requiredDecisions) {
      if (!seen.has(required))
        problems.add(decisionOwner(decision.id), undefined, `the required decision '${required}' is not in the file`);
    }
  }
  for (const cycle of cycles(new Map(decisions.map((d) => [d.id, d.requiredDecisions])))) {
    problems.add(
      decisionOwner(cycle[0] ?? ''),
      undefined,
      `Invalid DMN model: Cyclic dependencies between decisions detected (${cycle.join(' -> ')})`,
    );
  }
  return { definitions, decisions, problems: problems.list };
}
