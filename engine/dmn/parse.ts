// DMN 1.3 XML (as Camunda Modeler writes it) to DecisionModels, with every reason a decision cannot run
// collected and named by element, so that deployment refuses the resource whole. The checks follow
// dmn-scala's parser (Zeebe's DMN engine): FEEL syntax, hit policy and aggregation, output names,
// required decisions and cycles. Decision tables and literal expressions are the supported logic.
import { DmnModdle } from 'dmn-moddle';
import { parseExpression, parseUnaryTests } from 'feelin';
import type {
  Aggregation,
  DecisionModel,
  DecisionTableInput,
  DecisionTableLogic,
  DecisionTableOutput,
  DecisionTableRule,
  HitPolicy,
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

/** Collects problems, each prefixed with the decision and element it is about. */
class Problems {
  readonly list: string[] = [];

  add(decisionId: string, element: string | undefined, message: string): void {
    this.list.push(
      element ? `Decision '${decisionId}', ${element}: ${message}` : `Decision '${decisionId}': ${message}`,
    );
  }

  /** Checks that an expression element holds FEEL that parses; returns its source either way. */
  expression(decisionId: string, element: string, literal: Node | undefined): string {
    const source = text(literal?.text);
    if (!literal || source === undefined) {
      this.add(decisionId, element, `The expression '${literal?.id ?? ''}' must not be empty.`);
      return '';
    }
    if (!this.language(decisionId, element, literal)) return source;
    const problem = syntaxProblem(parseExpression(source, {}, undefined), source);
    if (problem) this.add(decisionId, element, `FEEL expression: ${problem}`);
    return source;
  }

  /** Checks an input entry; empty (or absent) text is kept as '' and matches anything. */
  unaryTests(decisionId: string, element: string, entry: Node): string {
    const source = text(entry.text) ?? '';
    if (!this.language(decisionId, element, entry) || source.trim() === '') return source.trim();
    const problem = syntaxProblem(parseUnaryTests(source, {}, undefined), source);
    if (problem) this.add(decisionId, element, `FEEL unary-tests: ${problem}`);
    return source;
  }

  private language(decisionId: string, element: string, expression: Node): boolean {
    const language = (text(expression.expressionLanguage) ?? 'feel').toLowerCase();
    if (FEEL_LANGUAGES.has(language)) return true;
    this.add(decisionId, element, `Expression language '${language}' is not supported`);
    return false;
  }
}

/** Output values as dmn-scala reads them for priorities: split on commas, unquoted, trimmed. */
function priorities(outputValues: Node | undefined): string[] {
  const source = text(outputValues?.text);
  if (source === undefined) return [];
  return source.split(',').map((value) => value.trim().replace(/["']/g, ''));
}

function readTable(decisionId: string, table: Node, problems: Problems): DecisionTableLogic {
  const tableId = table.id ?? '';
  const where = `decision table '${tableId}'`;
  const rawHitPolicy = text(table.hitPolicy) ?? 'UNIQUE';
  const hitPolicy = HIT_POLICIES.find((policy) => policy === rawHitPolicy);
  if (!hitPolicy) problems.add(decisionId, where, `hit policy '${rawHitPolicy}' is not supported`);
  const rawAggregation = text(table.aggregation);
  const aggregation = rawAggregation === undefined ? null : (AGGREGATIONS.find((a) => a === rawAggregation) ?? null);
  if (rawAggregation !== undefined && !aggregation)
    problems.add(decisionId, where, `aggregation '${rawAggregation}' is not supported`);

  const inputs: DecisionTableInput[] = nodes(table.input).map((input) => {
    const expression = problems.expression(
      decisionId,
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
        ? problems.expression(decisionId, `default output entry of output '${output.id ?? ''}'`, defaultEntry)
        : null,
    };
  });
  if (outputs.length === 0) problems.add(decisionId, where, 'a decision table must have at least one output');
  if (outputs.length > 1) {
    if (hitPolicy === 'COLLECT' && aggregation)
      problems.add(decisionId, where, "hit policy 'COLLECT' with aggregator is not defined for compound output");
    const seen = new Set<string>();
    for (const output of outputs) {
      if (output.name === null) {
        problems.add(decisionId, `output '${output.id}'`, `no output name defined for \`${output.label ?? 'null'}\``);
      } else if (seen.has(output.name)) {
        problems.add(decisionId, `output '${output.id}'`, `output name '${output.name}' is used by another output`);
      }
      if (output.name !== null) seen.add(output.name);
    }
  }

  const rules: DecisionTableRule[] = nodes(table.rule).map((rule) => {
    const ruleId = rule.id ?? '';
    const inputEntries = nodes(rule.inputEntry);
    const outputEntries = nodes(rule.outputEntry);
    if (inputEntries.length !== inputs.length)
      problems.add(
        decisionId,
        `rule '${ruleId}'`,
        `the rule has ${inputEntries.length} input entries but the table has ${inputs.length} inputs`,
      );
    if (outputEntries.length !== outputs.length)
      problems.add(
        decisionId,
        `rule '${ruleId}'`,
        `the rule has ${outputEntries.length} output entries but the table has ${outputs.length} outputs`,
      );
    return {
      id: ruleId,
      inputEntries: inputEntries.map((entry) =>
        problems.unaryTests(decisionId, `input entry '${entry.id ?? ''}' of rule '${ruleId}'`, entry),
      ),
      outputEntries: outputEntries.map((entry) =>
        problems.expression(decisionId, `output entry '${entry.id ?? ''}' of rule '${ruleId}'`, entry),
      ),
    };
  });

  return { type: 'DECISION_TABLE', id: tableId, hitPolicy: hitPolicy ?? 'UNIQUE', aggregation, inputs, outputs, rules };
}

function readLiteral(decisionId: string, literal: Node, problems: Problems): LiteralExpressionLogic {
  const id = literal.id ?? '';
  return {
    type: 'LITERAL_EXPRESSION',
    id,
    expression: problems.expression(decisionId, `literal expression '${id}'`, literal),
  };
}

function readDecision(decision: Node, problems: Problems): DecisionModel | undefined {
  const id = decision.id ?? '';
  const variable = asNode(decision.variable);
  const requiredDecisions: string[] = [];
  for (const requirement of nodes(decision.informationRequirement)) {
    const href = text(asNode(requirement.requiredDecision)?.href);
    if (href === undefined) continue;
    const hash = href.indexOf('#');
    const namespace = hash > 0 ? href.slice(0, hash) : '';
    const requiredId = href.slice(hash + 1);
    if (namespace)
      problems.add(
        id,
        `information requirement '${requirement.id ?? ''}'`,
        `decision '${requiredId}' of namespace '${namespace}' is imported; imported decisions are not supported`,
      );
    else requiredDecisions.push(requiredId);
  }
  if (nodes(decision.knowledgeRequirement).length > 0)
    problems.add(id, undefined, 'business knowledge models (knowledge requirements) are not supported');

  const logicNode = asNode(decision.decisionLogic);
  let logic: DecisionModel['logic'] | undefined;
  if (!logicNode) {
    problems.add(
      id,
      undefined,
      'the decision has no decision logic (expected a decision table or a literal expression)',
    );
  } else if (logicNode.$type === 'dmn:DecisionTable') {
    logic = readTable(id, logicNode, problems);
  } else if (logicNode.$type === 'dmn:LiteralExpression') {
    logic = readLiteral(id, logicNode, problems);
  } else {
    problems.add(
      id,
      undefined,
      `unsupported decision logic '${logicNode.$type.replace(/^dmn:/, '')}' (expected a decision table or a literal expression)`,
    );
  }
  if (!logic) return undefined;
  return {
    id,
    name: text(decision.name) ?? null,
    resultName: text(variable?.name) ?? id,
    resultTypeRef: text(variable?.typeRef) ?? null,
    requiredDecisions,
    logic,
  };
}

/** Every cycle of required decisions, each reported once, as the ids along it. */
function cycles(decisions: DecisionModel[]): string[][] {
  const byId = new Map(decisions.map((d) => [d.id, d]));
  const done = new Set<string>();
  const found: string[][] = [];
  const visit = (id: string, path: string[]): void => {
    const at = path.indexOf(id);
    if (at >= 0) {
      found.push([...path.slice(at), id]);
      return;
    }
    if (done.has(id)) return;
    for (const required of byId.get(id)?.requiredDecisions ?? []) visit(required, [...path, id]);
    done.add(id);
  };
  for (const decision of decisions) visit(decision.id, []);
  return found;
}

/** Parses and validates one DMN resource. Problems include XML errors, unsupported logic and bad FEEL. */
export async function parseDmn(xml: string): Promise<ParsedDmn> {
  let root: Node | undefined;
  let warnings: { message: string }[];
  try {
    const read = await new DmnModdle().fromXML(xml, 'dmn:Definitions');
    root = asNode(read.rootElement);
    warnings = read.warnings;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      definitions: { id: '', name: null, namespace: '' },
      decisions: [],
      problems: [`Failed to parse the DMN XML (DMN 1.3 is expected): ${reason}`],
    };
  }
  if (!root)
    return {
      definitions: { id: '', name: null, namespace: '' },
      decisions: [],
      problems: ['The resource is not a DMN definitions document'],
    };
  const definitions = { id: root.id ?? '', name: text(root.name) ?? null, namespace: text(root.namespace) ?? '' };
  const problems = new Problems();
  // moddle drops what it cannot read (a second element with a used id, say) and only warns
  for (const { message } of warnings) {
    const duplicate = /duplicate ID <([^>]*)>/.exec(message)?.[1];
    if (duplicate !== undefined) problems.list.push(`The id '${duplicate}' is used by more than one element`);
    else if (message.startsWith('unparsable content'))
      problems.list.push(`The DMN XML has content that cannot be read: ${message.split('\n')[0] ?? message}`);
  }
  const decisions: DecisionModel[] = [];
  const seen = new Set<string>();
  for (const element of nodes(root.drgElement).filter((e) => e.$type === 'dmn:Decision')) {
    const id = element.id ?? '';
    if (!id) problems.list.push(`A decision has no id (name '${text(element.name) ?? ''}')`);
    seen.add(id);
    const decision = readDecision(element, problems);
    if (decision) decisions.push(decision);
  }
  for (const decision of decisions) {
    for (const required of decision.requiredDecisions) {
      if (!seen.has(required))
        problems.add(decision.id, undefined, `the required decision '${required}' is not in the file`);
    }
  }
  for (const cycle of cycles(decisions)) {
    problems.add(
      cycle[0] ?? '',
      undefined,
      `Invalid DMN model: Cyclic dependencies between decisions detected (${cycle.join(' -> ')})`,
    );
  }
  return { definitions, decisions, problems: problems.list };
}
