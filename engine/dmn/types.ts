// DMN decisions as plain data (the engine stores them as JSON), and the audit of one evaluation in the
// shape of Zeebe's EvaluatedDecision message, so that EvaluateDecision can answer with it.

/** The hit policies dmn-scala (Zeebe's DMN engine) evaluates. UNIQUE when the table names none. */
export type HitPolicy = 'UNIQUE' | 'FIRST' | 'PRIORITY' | 'ANY' | 'COLLECT' | 'RULE ORDER' | 'OUTPUT ORDER';

/** The aggregators of the COLLECT hit policy. */
export type Aggregation = 'SUM' | 'COUNT' | 'MIN' | 'MAX';

/**
 * The kinds of evaluated logic in an audit; the names are Zeebe's `decisionType` values. A business knowledge
 * model without logic is audited as UNKNOWN, as Zeebe does.
 */
export type DecisionType = 'DECISION_TABLE' | 'LITERAL_EXPRESSION' | 'UNKNOWN';

/** An input column: a FEEL expression evaluated once per evaluation. */
export interface DecisionTableInput {
  id: string;
  /** The label, or else the input expression cut to 30 characters (Zeebe's `inputName`). */
  name: string;
  expression: string;
}

/** An output column. */
export interface DecisionTableOutput {
  id: string;
  /** The key of the output in a multi-output result; may be absent when the table has one output. */
  name: string | null;
  label: string | null;
  /** The output values (`outputValues`), unquoted, in order: the priorities of PRIORITY and OUTPUT ORDER. */
  priorities: string[];
  /** The FEEL expression of the default output entry, used when no rule matches. */
  defaultValue: string | null;
}

/**
 * A rule: unary tests by input position ('' matches anything), FEEL expressions by output position. As in
 * dmn-scala, a rule may have fewer or more entries than the table has columns: entries are paired with the
 * columns by position, and what is left over on either side is ignored.
 */
export interface DecisionTableRule {
  id: string;
  inputEntries: string[];
  outputEntries: string[];
}

/** The logic of a decision table. */
export interface DecisionTableLogic {
  type: 'DECISION_TABLE';
  id: string;
  hitPolicy: HitPolicy;
  /** Only meaningful with COLLECT, as in dmn-scala. */
  aggregation: Aggregation | null;
  inputs: DecisionTableInput[];
  outputs: DecisionTableOutput[];
  rules: DecisionTableRule[];
}

/** The logic of a decision literal expression: one FEEL expression. */
export interface LiteralExpressionLogic {
  type: 'LITERAL_EXPRESSION';
  id: string;
  expression: string;
}

export type DecisionLogic = DecisionTableLogic | LiteralExpressionLogic;

/** A formal parameter of a business knowledge model; an argument must match its typeRef, as in dmn-scala. */
export interface KnowledgeModelParameter {
  name: string;
  typeRef: string | null;
}

/**
 * A business knowledge model: a FEEL function, callable by the model's name from the decisions (and models)
 * that require it. The body sees its arguments, the evaluation's variables and the functions of the models it
 * requires, as in dmn-scala's `BusinessKnowledgeEvaluator`.
 */
export interface KnowledgeModel {
  id: string;
  /** The name the function is called by. */
  name: string;
  parameters: KnowledgeModelParameter[];
  /** The FEEL body (a literal expression); null when the model has no logic, which makes it return null. */
  body: string | null;
  /** The models this one requires, resolved (cycles are refused at deploy). */
  requiredKnowledge: KnowledgeModel[];
}

/** One decision of a DRG, compiled to JSON-serialisable data. */
export interface DecisionModel {
  id: string;
  name: string | null;
  /** The variable a dependent decision reads the result from: the `variable` name, else the decision id. */
  resultName: string;
  /** The `variable` typeRef, checked against the result as dmn-scala does. */
  resultTypeRef: string | null;
  /** Ids of the decisions whose results this one reads, in document order. */
  requiredDecisions: string[];
  /** The business knowledge models this decision calls, resolved, in document order. */
  requiredKnowledge: KnowledgeModel[];
  logic: DecisionLogic;
  /** zeebe:versionTag, for business rule tasks that call it with the versionTag binding. */
  versionTag?: string;
}

/** The result of reading one .dmn resource. Any problem means the resource must be refused whole. */
export interface ParsedDmn {
  definitions: { id: string; name: string | null; namespace: string };
  decisions: DecisionModel[];
  /** Human-readable reasons, each naming the element it is about. */
  problems: string[];
}

/** Zeebe's EvaluatedDecisionInput, with the value as a JSON value. */
export interface EvaluatedInput {
  inputId: string;
  inputName: string;
  inputValue: unknown;
}

/** Zeebe's EvaluatedDecisionOutput, with the value as a JSON value. */
export interface EvaluatedOutput {
  outputId: string;
  /** The label, else the name (as Zeebe and the Modeler show it). */
  outputName: string;
  outputValue: unknown;
}

/** Zeebe's MatchedDecisionRule. */
export interface MatchedRule {
  ruleId: string;
  /** 1-based position of the rule in its table. */
  ruleIndex: number;
  evaluatedOutputs: EvaluatedOutput[];
}

/**
 * Zeebe's EvaluatedDecision, without keys and versions (the caller knows them). Each call of a business
 * knowledge model is audited too, under the model's id and name, as Zeebe does.
 */
export interface EvaluatedDecision {
  decisionId: string;
  decisionName: string;
  decisionType: DecisionType;
  /** The decision's result as a JSON value; null for the decision that failed. */
  decisionOutput: unknown;
  evaluatedInputs: EvaluatedInput[];
  matchedRules: MatchedRule[];
}

/**
 * The outcome of evaluating a decision. `evaluated` lists every decision evaluated, required ones first, in
 * the order they finished. `message` is dmn-scala's reason, without Zeebe's "Expected to evaluate decision
 * '<id>', but " prefix.
 */
export type DecisionEvaluation =
  | { ok: true; result: unknown; evaluated: EvaluatedDecision[] }
  | { ok: false; message: string; failedDecisionId: string; evaluated: EvaluatedDecision[] };
