// BPMN XML (Zeebe dialect, as Camunda Modeler writes it) to ProcessModel, with every reason a model
// cannot run collected per element. A model with any problem is rejected whole: it never half-runs.
import { BpmnModdle } from 'bpmn-moddle';
import { createRequire } from 'node:module';
import { feelSyntaxProblem, toExpression } from '../feel/expression.js';
import { addDuration, cronProblem, isCron, parseCycle, parseDateTime, parseDuration } from '../feel/temporal.js';
import type {
  CalledDecision,
  CalledElement,
  ElementType,
  EventDefinition,
  Expression,
  FlowNode,
  JobDefinition,
  Mapping,
  Listeners,
  ModelProblem,
  AdHoc,
  MultiInstance,
  ProcessModel,
  ResourceBinding,
  SequenceFlow,
  TimerDefinition,
  UserTaskDefinition,
} from './types.js';
import { asNode, nodes, text, type Node } from './moddle-node.js';

const require = createRequire(import.meta.url);
const zeebeSchema = require('zeebe-bpmn-moddle/resources/zeebe.json') as Record<string, unknown>;

function extensions(element: Node, type: string): Node[] {
  const ext = asNode(element.extensionElements);
  return ext ? nodes(ext.values).filter((v) => v.$type === type) : [];
}

/** Job types Zeebe gives job-based user tasks. */
export const USER_TASK_JOB_TYPE = 'io.camunda.zeebe:userTask';

const taskTypes: Record<string, ElementType> = {
  'bpmn:ServiceTask': 'SERVICE_TASK',
  'bpmn:SendTask': 'SEND_TASK',
  'bpmn:UserTask': 'USER_TASK',
  'bpmn:ReceiveTask': 'RECEIVE_TASK',
  'bpmn:ScriptTask': 'SCRIPT_TASK',
  'bpmn:ManualTask': 'MANUAL_TASK',
  'bpmn:Task': 'TASK',
  'bpmn:BusinessRuleTask': 'BUSINESS_RULE_TASK',
};
const eventTypes: Record<string, ElementType> = {
  'bpmn:StartEvent': 'START_EVENT',
  'bpmn:EndEvent': 'END_EVENT',
  'bpmn:IntermediateCatchEvent': 'INTERMEDIATE_CATCH_EVENT',
  'bpmn:IntermediateThrowEvent': 'INTERMEDIATE_THROW_EVENT',
  'bpmn:BoundaryEvent': 'BOUNDARY_EVENT',
};
const gatewayTypes: Record<string, ElementType> = {
  'bpmn:ExclusiveGateway': 'EXCLUSIVE_GATEWAY',
  'bpmn:InclusiveGateway': 'INCLUSIVE_GATEWAY',
  'bpmn:ParallelGateway': 'PARALLEL_GATEWAY',
  'bpmn:EventBasedGateway': 'EVENT_BASED_GATEWAY',
};
/** Elements with no runtime meaning; they may appear and are ignored. */
const ignoredTypes = new Set([
  'bpmn:TextAnnotation',
  'bpmn:Association',
  'bpmn:DataObject',
  'bpmn:DataObjectReference',
  'bpmn:DataStoreReference',
  'bpmn:Group',
]);

/** Collects problems for one process, each tied to an element id. */
class Problems {
  readonly list: ModelProblem[] = [];
  add(elementId: string, message: string): void {
    this.list.push({ elementId, message });
  }
  /** Records a FEEL syntax problem for an expression attribute, if any. */
  feel(elementId: string, expression: Expression | undefined, what: string): void {
    if (expression?.kind !== 'feel') return;
    const problem = feelSyntaxProblem(expression.source);
    // Zeebe's message names the expression, not the attribute; the attribute follows for readers
    if (problem) this.add(elementId, `${problem} (${what})`);
  }
}

function readMappings(element: Node, problems: Problems): { inputs: Mapping[]; outputs: Mapping[] } {
  const inputs: Mapping[] = [];
  const outputs: Mapping[] = [];
  for (const io of extensions(element, 'zeebe:IoMapping')) {
    for (const [list, property, kind] of [
      [inputs, 'inputParameters', 'input'],
      [outputs, 'outputParameters', 'output'],
    ] as const) {
      for (const parameter of nodes(io[property])) {
        const target = text(parameter.target)?.trim() ?? '';
        // a mapping without a source sets its target to null, as Zeebe 8.8 documents
        const raw = text(parameter.source) ?? '';
        const source = raw.trim() === '' ? ({ kind: 'feel', source: 'null' } as const) : toExpression(raw);
        if (!target) problems.add(element.id ?? '', `${kind} mapping has no target`);
        problems.feel(element.id ?? '', source, `${kind} mapping '${target}'`);
        list.push({ source, target });
      }
    }
  }
  return { inputs, outputs };
}

function readJob(element: Node, problems: Problems, required: boolean): JobDefinition | undefined {
  const id = element.id ?? '';
  const definitions = extensions(element, 'zeebe:TaskDefinition');
  if (definitions.length !== 1) {
    if (required || definitions.length > 1)
      problems.add(id, "Must have exactly one 'zeebe:taskDefinition' extension element");
    return undefined;
  }
  const definition = definitions[0] as Node;
  const rawType = text(definition.type)?.trim() ?? '';
  if (!rawType) problems.add(id, "Attribute 'type' must be present and not empty");
  const type = toExpression(rawType);
  const retries = toExpression(text(definition.retries) ?? '3');
  problems.feel(id, type, 'job type');
  problems.feel(id, retries, 'job retries');
  if (retries.kind === 'static' && !/^\d+$/.test(retries.value.trim())) {
    problems.add(id, `Expected retries to be a number, but found '${retries.value}'`);
  }
  return { type, retries, headers: readHeaders(element) };
}

function readHeaders(element: Node): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const block of extensions(element, 'zeebe:TaskHeaders')) {
    for (const header of nodes(block.values)) {
      const key = text(header.key);
      if (key !== undefined) headers[key] = text(header.value) ?? '';
    }
  }
  return headers;
}

function readUserTask(element: Node, problems: Problems, embeddedForms: Set<string>): UserTaskDefinition {
  const id = element.id ?? '';
  const definition: UserTaskDefinition = {};
  if (extensions(element, 'zeebe:UserTask').length > 0) {
    problems.add(
      id,
      'Camunda user tasks (zeebe:userTask) are not served over gRPC; remove zeebe:userTask to make it a job-based user task',
    );
  }
  const assignment = extensions(element, 'zeebe:AssignmentDefinition')[0];
  const schedule = extensions(element, 'zeebe:TaskSchedule')[0];
  const pick = (source: Node | undefined, property: string): Expression | undefined => {
    const raw = source ? text(source[property]) : undefined;
    if (raw === undefined || raw.trim() === '') return undefined;
    const expression = toExpression(raw);
    problems.feel(id, expression, property);
    return expression;
  };
  definition.assignee = pick(assignment, 'assignee');
  definition.candidateGroups = pick(assignment, 'candidateGroups');
  definition.candidateUsers = pick(assignment, 'candidateUsers');
  definition.dueDate = pick(schedule, 'dueDate');
  definition.followUpDate = pick(schedule, 'followUpDate');
  const form = extensions(element, 'zeebe:FormDefinition')[0];
  const formKey = form ? text(form.formKey)?.trim() : undefined;
  const formId = form ? text(form.formId)?.trim() : undefined;
  if (formKey && formId) problems.add(id, "A form definition must have either a 'formKey' or a 'formId', not both");
  if (formId) {
    const binding = readBinding(form, id, problems);
    if (binding) definition.linkedForm = { formId, binding };
  }
  if (formKey) {
    const embedded = /^camunda-forms:bpmn:(.+)$/.exec(formKey);
    if (embedded && !embeddedForms.has(embedded[1] ?? '')) {
      problems.add(
        id,
        `Expected to find a user task form with id '${embedded[1]}', but no such form is embedded in the process`,
      );
    }
    definition.formKey = formKey;
  }
  return definition;
}

/** A called resource's bindingType: latest (the default), deployment, or versionTag with its versionTag. */
function readBinding(source: Node | undefined, id: string, problems: Problems): ResourceBinding | undefined {
  const binding = (source ? text(source.bindingType)?.trim() : undefined) || 'latest';
  if (binding === 'latest' || binding === 'deployment') return { type: binding };
  if (binding === 'versionTag') {
    const tag = source ? text(source.versionTag)?.trim() : undefined;
    if (tag) return { type: binding, tag };
    problems.add(id, "A 'versionTag' binding must have a non-empty 'versionTag' attribute");
    return undefined;
  }
  problems.add(id, `Unknown binding type '${binding}' (expected latest, deployment or versionTag)`);
  return undefined;
}

function readCalledDecision(element: Node, called: Node, problems: Problems): CalledDecision | undefined {
  const id = element.id ?? '';
  const decisionId = text(called.decisionId)?.trim() ?? '';
  const resultVariable = text(called.resultVariable)?.trim() ?? '';
  if (!decisionId) problems.add(id, "Attribute 'decisionId' must be present and not empty");
  if (!resultVariable) problems.add(id, "Attribute 'resultVariable' must be present and not empty");
  if (extensions(element, 'zeebe:TaskDefinition').length > 0)
    problems.add(
      id,
      'A business rule task must have either a zeebe:calledDecision or a zeebe:taskDefinition, not both',
    );
  const expression = toExpression(decisionId);
  problems.feel(id, expression, 'decisionId');
  const binding = readBinding(called, id, problems);
  return binding && decisionId && resultVariable ? { decisionId: expression, resultVariable, binding } : undefined;
}

function readCalledElement(element: Node, problems: Problems): CalledElement | undefined {
  const id = element.id ?? '';
  const called = extensions(element, 'zeebe:CalledElement')[0];
  const raw = called ? text(called.processId)?.trim() || text(called.processIdExpression)?.trim() : undefined;
  if (!called || !raw) {
    problems.add(id, "Must have a 'zeebe:calledElement' extension element with a processId");
    return undefined;
  }
  const processId = toExpression(raw);
  problems.feel(id, processId, 'processId');
  const binding = readBinding(called, id, problems);
  if (!binding) return undefined;
  return {
    processId,
    binding,
    propagateAllParentVariables: called.propagateAllParentVariables !== false,
    propagateAllChildVariables: called.propagateAllChildVariables !== false,
  };
}

function readTimer(element: Node, definition: Node, problems: Problems): TimerDefinition | undefined {
  const id = element.id ?? '';
  const candidates: [TimerDefinition['kind'], unknown][] = [
    ['duration', definition.timeDuration],
    ['date', definition.timeDate],
    ['cycle', definition.timeCycle],
  ];
  const present = candidates.filter(([, value]) => asNode(value) !== undefined);
  if (present.length !== 1) {
    problems.add(id, 'Must have exactly one of timeDuration, timeDate or timeCycle');
    return undefined;
  }
  const [kind, value] = present[0] as [TimerDefinition['kind'], unknown];
  const body = text(asNode(value)?.body)?.trim() ?? '';
  const expression = toExpression(body);
  problems.feel(id, expression, `timer ${kind}`);
  if (expression.kind === 'static' && kind === 'cycle' && isCron(body)) {
    const problem = cronProblem(body);
    if (problem) problems.add(id, `Invalid timer cycle expression (${problem})`);
  } else if (expression.kind === 'static') {
    const cycle = kind === 'cycle' ? parseCycle(body) : undefined;
    if (cycle && addDuration(0, cycle.interval) <= 0)
      problems.add(id, `A timer cycle needs an interval above zero, but was '${body}'`);
    const valid =
      kind === 'duration'
        ? parseDuration(body) !== undefined
        : kind === 'date'
          ? parseDateTime(body) !== undefined
          : parseCycle(body) !== undefined;
    if (!valid) problems.add(id, `Invalid timer ${kind} '${body}'`);
  }
  return { kind, expression };
}

function readMessage(element: Node, definition: Node, problems: Problems, needsCorrelationKey: boolean) {
  const id = element.id ?? '';
  const message = asNode(definition.messageRef);
  const rawName = message ? text(message.name)?.trim() : undefined;
  if (!message || !rawName) {
    problems.add(id, 'Must reference a message with a name');
    return undefined;
  }
  const name = toExpression(rawName);
  problems.feel(id, name, 'message name');
  const subscription = extensions(message, 'zeebe:Subscription')[0];
  const rawKey = subscription ? text(subscription.correlationKey)?.trim() : undefined;
  const correlationKey = rawKey ? toExpression(rawKey) : undefined;
  if (needsCorrelationKey && !correlationKey) {
    problems.add(id, `Must have a correlation key (zeebe:subscription on message '${rawName}')`);
  }
  problems.feel(id, correlationKey, 'correlation key');
  return { name, correlationKey };
}

/** Where an event sits, for the definitions only some places allow. */
interface EventPlace {
  /** A start event of an event subprocess. */
  eventSubprocessStart: boolean;
  /** The embedded subprocess whose start event this is. */
  subprocessStart?: string;
}

/** A signal event: the signal's name, which may be FEEL everywhere but on a process's start event. */
function readSignal(
  element: Node,
  definition: Node,
  type: ElementType,
  place: EventPlace,
  problems: Problems,
): EventDefinition {
  const id = element.id ?? '';
  const signal = asNode(definition.signalRef);
  if (!signal) {
    problems.add(`${id} > signalEventDefinition`, 'Must reference a signal');
    return { kind: 'none' };
  }
  const raw = text(signal.name)?.trim() ?? '';
  if (!raw) {
    problems.add(signal.id ?? id, 'Name must be present and not empty');
    return { kind: 'none' };
  }
  const name = toExpression(raw);
  problems.feel(id, name, 'signal name');
  if (type === 'START_EVENT' && !place.eventSubprocessStart && name.kind === 'feel')
    problems.add(id, `Expected constant expression of type String for signal name '${raw}', but was NULL`);
  return { kind: 'signal', name };
}

/** An escalation event: a throw event's code (maybe FEEL), or a catch event's static code or catch-all. */
function readEscalation(element: Node, definition: Node, type: ElementType, problems: Problems): EventDefinition {
  const id = element.id ?? '';
  const escalation = asNode(definition.escalationRef);
  const code = escalation ? text(escalation.escalationCode)?.trim() || undefined : undefined;
  if (type === 'END_EVENT' || type === 'INTERMEDIATE_THROW_EVENT') {
    if (!escalation) problems.add(`${id} > escalationEventDefinition`, 'Must reference an escalation');
    else if (!code) problems.add(escalation.id ?? id, 'EscalationCode must be present and not empty');
    const thrown = toExpression(code ?? '');
    problems.feel(id, thrown, 'escalation code');
    return { kind: 'escalation', code: undefined, catchAll: false, thrown };
  }
  if (code?.startsWith('='))
    problems.add(
      `${id} > escalationEventDefinition`,
      'The escalationCode of the escalation catch event is not allowed to be an expression',
    );
  return { kind: 'escalation', code, catchAll: !escalation };
}

function readEvent(element: Node, type: ElementType, problems: Problems, place: EventPlace): EventDefinition {
  const id = element.id ?? '';
  const definitions = nodes(element.eventDefinitions);
  if (definitions.length > 1) {
    problems.add(id, 'Multiple event definitions on one event are not supported');
    return { kind: 'none' };
  }
  const definition = definitions[0];
  if (definition && place.subprocessStart) {
    problems.add(place.subprocessStart, 'Start events in subprocesses must be of type none');
    return { kind: 'none' };
  }
  if (!definition) {
    if (type === 'BOUNDARY_EVENT' || type === 'INTERMEDIATE_CATCH_EVENT') {
      problems.add(id, 'Must have an event definition (message, timer or error)');
    }
    return { kind: 'none' };
  }
  const allowed: Record<string, ElementType[]> = {
    'bpmn:MessageEventDefinition': [
      'START_EVENT',
      'INTERMEDIATE_CATCH_EVENT',
      'BOUNDARY_EVENT',
      'END_EVENT',
      'INTERMEDIATE_THROW_EVENT',
    ],
    'bpmn:TimerEventDefinition': ['INTERMEDIATE_CATCH_EVENT', 'BOUNDARY_EVENT'],
    'bpmn:ErrorEventDefinition': ['END_EVENT', 'BOUNDARY_EVENT'],
    'bpmn:SignalEventDefinition': [
      'START_EVENT',
      'INTERMEDIATE_CATCH_EVENT',
      'BOUNDARY_EVENT',
      'END_EVENT',
      'INTERMEDIATE_THROW_EVENT',
    ],
    'bpmn:EscalationEventDefinition': ['BOUNDARY_EVENT', 'END_EVENT', 'INTERMEDIATE_THROW_EVENT'],
    'bpmn:LinkEventDefinition': ['INTERMEDIATE_CATCH_EVENT', 'INTERMEDIATE_THROW_EVENT'],
    'bpmn:CompensateEventDefinition': ['BOUNDARY_EVENT', 'INTERMEDIATE_THROW_EVENT', 'END_EVENT'],
    'bpmn:TerminateEventDefinition': ['END_EVENT'],
  };
  if (type === 'INTERMEDIATE_CATCH_EVENT' && definition.$type === 'bpmn:EscalationEventDefinition') {
    problems.add(id, 'Event definition must be one of: message, timer, signal, or link');
    return { kind: 'none' };
  }
  // timer, error and escalation start events start event subprocesses; a process may have timer starts
  const startsEventSubprocess =
    type === 'START_EVENT' &&
    place.eventSubprocessStart &&
    [
      'bpmn:TimerEventDefinition',
      'bpmn:ErrorEventDefinition',
      'bpmn:EscalationEventDefinition',
      'bpmn:CompensateEventDefinition',
    ].includes(definition.$type);
  const timerStart = type === 'START_EVENT' && definition.$type === 'bpmn:TimerEventDefinition';
  if (!startsEventSubprocess && !timerStart && !allowed[definition.$type]?.includes(type)) {
    problems.add(
      id,
      `The event definition '${definition.$type}' on a ${type.toLowerCase().replace(/_/g, ' ')} is not supported by the embedded engine yet`,
    );
    return { kind: 'none' };
  }
  switch (definition.$type) {
    case 'bpmn:MessageEventDefinition': {
      if (type === 'END_EVENT' || type === 'INTERMEDIATE_THROW_EVENT') return { kind: 'none' }; // a job, read elsewhere
      const message = readMessage(element, definition, problems, type !== 'START_EVENT' || place.eventSubprocessStart);
      return message ? { kind: 'message', message } : { kind: 'none' };
    }
    case 'bpmn:TimerEventDefinition': {
      const timer = readTimer(element, definition, problems);
      const nonInterrupting =
        (type === 'BOUNDARY_EVENT' && element.cancelActivity === false) ||
        (type === 'START_EVENT' && (element.isInterrupting === false || !place.eventSubprocessStart));
      if (timer?.kind === 'cycle' && !nonInterrupting) {
        problems.add(
          id,
          'A timer cycle is only allowed on a non-interrupting boundary or event subprocess start event',
        );
      }
      return timer ? { kind: 'timer', timer } : { kind: 'none' };
    }
    case 'bpmn:ErrorEventDefinition': {
      const error = asNode(definition.errorRef);
      const errorCode = error ? text(error.errorCode)?.trim() || undefined : undefined;
      if (type === 'END_EVENT') {
        // a thrown error's code may be FEEL, evaluated when the event is reached
        if (!errorCode) problems.add(id, 'Must reference an error with an error code');
        const thrown = toExpression(errorCode ?? '');
        problems.feel(id, thrown, 'error code');
        return { kind: 'error', errorCode: thrown.kind === 'static' ? errorCode : undefined, thrown };
      }
      if (errorCode?.startsWith('='))
        problems.add(
          `${id} > errorEventDefinition`,
          'The errorCode of the error catch event is not allowed to be an expression',
        );
      return { kind: 'error', errorCode };
    }
    case 'bpmn:SignalEventDefinition':
      return readSignal(element, definition, type, place, problems);
    case 'bpmn:EscalationEventDefinition':
      return readEscalation(element, definition, type, problems);
    case 'bpmn:CompensateEventDefinition': {
      if (definition.waitForCompletion === false)
        problems.add(
          id,
          type === 'END_EVENT'
            ? 'A compensation end event waitForCompletion attribute must be true or not present'
            : 'A compensation intermediate throwing event waitForCompletion attribute must be true or not present',
        );
      // Zeebe 8.6 and 8.8 fail on a definition without an id (camunda/camunda#18926); Camunda Modeler writes one
      if (!definition.id) problems.add(id, 'A compensate event definition must have an id');
      return { kind: 'compensation', activityRef: asNode(definition.activityRef)?.id, definitionId: definition.id };
    }
    case 'bpmn:LinkEventDefinition': {
      const name = text(definition.name)?.trim() ?? '';
      if (!name) problems.add(id, 'Link name must be present and not empty.');
      return { kind: 'link', name };
    }
    default:
      return { kind: 'terminate' };
  }
}

function baseNode(element: Node, type: ElementType, flowScope: string): FlowNode {
  return {
    id: element.id ?? '',
    name: text(element.name),
    type,
    flowScope,
    incoming: [],
    outgoing: [],
    inputs: [],
    outputs: [],
    event: { kind: 'none' },
    job: undefined,
    userTask: undefined,
    script: undefined,
    decision: undefined,
    calledElement: undefined,
    defaultFlow: asNode(element.default)?.id,
    multiInstance: undefined,
    compensationHandler: undefined,
    listeners: { start: [], end: [] },
    adHoc: undefined,
    documentation: text(nodes(element.documentation)[0]?.text) || undefined,
    properties: readProperties(element),
    isForCompensation: element.isForCompensation === true,
    boundaryEvents: [],
    attachedTo: undefined,
    cancelActivity: type === 'START_EVENT' ? element.isInterrupting !== false : element.cancelActivity !== false,
  };
}

/** A multi-instance loop: zeebe:loopCharacteristics says what to loop over and what to collect. */
function readMultiInstance(id: string, type: ElementType, loop: Node, problems: Problems): MultiInstance | undefined {
  if (loop.$type !== 'bpmn:MultiInstanceLoopCharacteristics') {
    problems.add(id, 'Standard loops are not supported; use multi-instance loop characteristics');
    return undefined;
  }
  if (!isActivity(type) || type === 'EVENT_SUB_PROCESS') {
    problems.add(id, 'Only activities can be multi-instance');
    return undefined;
  }
  const settings = extensions(loop, 'zeebe:LoopCharacteristics')[0];
  const raw = (property: string) => (settings ? text(settings[property])?.trim() || undefined : undefined);
  const inputCollection = raw('inputCollection');
  if (!inputCollection) {
    problems.add(id, "Must have a 'zeebe:loopCharacteristics' extension element with an inputCollection");
    return undefined;
  }
  const outputCollection = raw('outputCollection');
  const outputElement = raw('outputElement');
  if ((outputCollection === undefined) !== (outputElement === undefined))
    problems.add(id, 'outputCollection and outputElement must be defined together');
  const condition = text(asNode(loop.completionCondition)?.body)?.trim() || undefined;
  const multiInstance: MultiInstance = {
    sequential: loop.isSequential === true,
    inputCollection: toExpression(inputCollection),
    inputElement: raw('inputElement'),
    outputCollection,
    outputElement: outputElement === undefined ? undefined : toExpression(outputElement),
    completionCondition: condition === undefined ? undefined : toExpression(condition),
  };
  problems.feel(id, multiInstance.inputCollection, 'inputCollection');
  problems.feel(id, multiInstance.outputElement, 'outputElement');
  problems.feel(id, multiInstance.completionCondition, 'completionCondition');
  return multiInstance;
}

/** zeebe:properties as name -> value, or undefined when there are none. */
function readProperties(element: Node): Record<string, string> | undefined {
  const entries = extensions(element, 'zeebe:Properties').flatMap((p) => nodes(p.properties));
  if (entries.length === 0) return undefined;
  return Object.fromEntries(entries.map((e) => [text(e.name) ?? '', text(e.value) ?? '']));
}

/**
 * An ad-hoc subprocess (Zeebe 8.8): which inner elements to activate, what to collect, when it is done. With
 * zeebe:taskDefinition a job worker decides instead, which excludes the other settings.
 */
function readAdHoc(element: Node, node: FlowNode, problems: Problems): AdHoc {
  const id = node.id;
  const settings = extensions(element, 'zeebe:AdHoc')[0];
  const raw = (property: string) => (settings ? text(settings[property])?.trim() || undefined : undefined);
  const collection = raw('activeElementsCollection');
  const activeElements = collection === undefined ? undefined : toExpression(collection);
  if (activeElements?.kind === 'static')
    problems.add(
      `${id} > extensionElements > adHoc`,
      `Expected expression but found static value '${collection}'. An expression must start with '=' (e.g. '=${collection}').`,
    );
  problems.feel(`${id} > extensionElements > adHoc`, activeElements, 'activeElementsCollection');
  const outputCollection = raw('outputCollection');
  const output = raw('outputElement');
  if ((outputCollection === undefined) !== (output === undefined))
    problems.add(
      id,
      `OutputElement and OutputCollection must both be set, or neither of them set. outputElement:${output ?? 'null'} and outputCollection:${outputCollection ?? 'null'}.`,
    );
  const condition = text(asNode(element.completionCondition)?.body)?.trim() || undefined;
  const completionCondition = condition === undefined ? undefined : toExpression(condition);
  problems.feel(id, completionCondition, 'completionCondition');
  const cancelRemainingInstances = element.cancelRemainingInstances !== false;
  if (node.job) {
    const clash = [
      activeElements ? 'activeElementsCollection' : '',
      completionCondition ? 'completionCondition' : '',
      !cancelRemainingInstances ? 'cancelRemainingInstances' : '',
    ].filter(Boolean);
    for (const setting of clash)
      problems.add(id, `Must not define ${setting} in combination with zeebe:taskDefinition.`);
  }
  return {
    activeElements,
    outputCollection,
    outputElement: output === undefined ? undefined : toExpression(output),
    completionCondition,
    cancelRemainingInstances,
  };
}

/** An embedded subprocess, or an event subprocess when triggered by an event; ad-hoc and transaction are others. */
function subprocessType(element: Node): ElementType | undefined {
  if (element.$type === 'bpmn:AdHocSubProcess') return 'AD_HOC_SUB_PROCESS';
  if (element.$type !== 'bpmn:SubProcess') return undefined;
  return element.triggeredByEvent === true ? 'EVENT_SUB_PROCESS' : 'SUB_PROCESS';
}

function readFlowNode(
  element: Node,
  flowScope: string,
  place: EventPlace,
  problems: Problems,
  embeddedForms: Set<string>,
): FlowNode | undefined {
  const id = element.id ?? '';
  const type =
    taskTypes[element.$type] ??
    eventTypes[element.$type] ??
    gatewayTypes[element.$type] ??
    subprocessType(element) ??
    (element.$type === 'bpmn:CallActivity' ? 'CALL_ACTIVITY' : undefined);
  if (!type) {
    problems.add(id, `The element type '${element.$type}' is not supported by the embedded engine yet`);
    return undefined;
  }
  const node = baseNode(element, type, flowScope);
  const loop = asNode(element.loopCharacteristics);
  if (loop) node.multiInstance = readMultiInstance(id, type, loop, problems);
  node.listeners = readListeners(element, id, type, problems);
  const { inputs, outputs } = readMappings(element, problems);
  node.inputs = inputs;
  node.outputs = outputs;
  if (inputs.length > 0 && (type === 'START_EVENT' || type.endsWith('GATEWAY') || type === 'BOUNDARY_EVENT')) {
    problems.add(id, 'Input mappings are not allowed on this element');
  }
  if (eventTypes[element.$type]) node.event = readEvent(element, type, problems, place);
  const isMessageThrow =
    (type === 'END_EVENT' || type === 'INTERMEDIATE_THROW_EVENT') &&
    nodes(element.eventDefinitions)[0]?.$type === 'bpmn:MessageEventDefinition';

  switch (type) {
    case 'SERVICE_TASK':
    case 'SEND_TASK':
      node.job = readJob(element, problems, true);
      break;
    case 'BUSINESS_RULE_TASK': {
      const called = extensions(element, 'zeebe:CalledDecision')[0];
      if (called) node.decision = readCalledDecision(element, called, problems);
      else node.job = readJob(element, problems, true);
      break;
    }
    case 'USER_TASK':
      node.userTask = readUserTask(element, problems, embeddedForms);
      node.job = {
        type: { kind: 'static', value: USER_TASK_JOB_TYPE },
        retries: { kind: 'static', value: '1' },
        headers: readHeaders(element),
      };
      break;
    case 'SCRIPT_TASK': {
      const script = extensions(element, 'zeebe:Script')[0];
      if (script) {
        const expression = toExpression(text(script.expression) ?? '');
        const resultVariable = text(script.resultVariable)?.trim() ?? '';
        if (expression.kind !== 'feel')
          problems.add(id, "The script expression must be a FEEL expression starting with '='");
        if (!resultVariable) problems.add(id, "Attribute 'resultVariable' must be present and not empty");
        problems.feel(id, expression, 'script');
        node.script = { expression, resultVariable };
      } else {
        node.job = readJob(element, problems, false);
        if (!node.job)
          problems.add(id, "Must have either one 'zeebe:script' or one 'zeebe:taskDefinition' extension element");
      }
      break;
    }
    case 'AD_HOC_SUB_PROCESS':
      node.job = readJob(element, problems, false);
      break;
    case 'CALL_ACTIVITY':
      node.calledElement = readCalledElement(element, problems);
      break;
    case 'RECEIVE_TASK': {
      const messageRef = asNode(element.messageRef);
      const message = messageRef ? readMessage(element, { $type: 'x', messageRef }, problems, true) : undefined;
      if (!messageRef) problems.add(id, 'Must reference a message');
      if (message) node.event = { kind: 'message', message };
      break;
    }
    case 'END_EVENT':
    case 'INTERMEDIATE_THROW_EVENT':
      if (isMessageThrow) node.job = readJob(element, problems, true);
      break;
    case 'BOUNDARY_EVENT':
      node.attachedTo = asNode(element.attachedToRef)?.id;
      if (!node.attachedTo) problems.add(id, 'Must be attached to an activity');
      if (node.event.kind === 'error' && !node.cancelActivity)
        problems.add(id, 'An error boundary event must be interrupting');
      break;
    default:
      break;
  }
  return node;
}

function validateStructure(model: ProcessModel, problems: Problems, startEvents: FlowNode[]): void {
  const noneStarts = startEvents.filter((s) => s.event.kind === 'none');
  if (startEvents.length === 0) problems.add(model.id, 'Must have at least one start event');
  if (noneStarts.length > 1) problems.add(model.id, 'Multiple none start events are not allowed');
  const messageNames = new Set<string>();
  for (const start of model.messageStarts) {
    if (messageNames.has(start.messageName)) {
      problems.add(
        start.elementId,
        `Multiple message start events with the name '${start.messageName}' are not allowed`,
      );
    }
    messageNames.add(start.messageName);
  }

  validateEscalationCatches(model, problems);
  validateLinks(model, problems);
  for (const node of model.nodes.values()) {
    if (node.type === 'BOUNDARY_EVENT') {
      const host = node.attachedTo ? model.nodes.get(node.attachedTo) : undefined;
      if (node.attachedTo && (!host || !isActivity(host.type))) {
        problems.add(node.id, 'Must be attached to an activity (a task)');
      }
      host?.boundaryEvents.push(node.id);
      if (node.incoming.length > 0) problems.add(node.id, 'A boundary event must not have incoming sequence flows');
      if (node.outgoing.length === 0 && node.event.kind !== 'compensation')
        problems.add(node.id, 'A boundary event must have at least one outgoing sequence flow');
    }
    if (node.type === 'START_EVENT' && node.incoming.length > 0) {
      problems.add(node.id, 'A start event must not have incoming sequence flows');
    }
    if (node.type === 'END_EVENT' && node.outgoing.length > 0) {
      problems.add(node.id, 'An end event must not have outgoing sequence flows');
    }
    if (node.defaultFlow && !node.outgoing.includes(node.defaultFlow)) {
      problems.add(node.id, 'The default flow must be one of its outgoing sequence flows');
    }
    const outgoing = node.outgoing.map((f) => model.flows.get(f)).filter((f): f is SequenceFlow => f !== undefined);
    if ((node.type === 'EXCLUSIVE_GATEWAY' || node.type === 'INCLUSIVE_GATEWAY') && outgoing.length > 1) {
      for (const flow of outgoing) {
        if (!flow.condition && flow.id !== node.defaultFlow) {
          problems.add(
            flow.id,
            `Must have a condition expression or be the default flow of the ${node.type === 'EXCLUSIVE_GATEWAY' ? 'exclusive' : 'inclusive'} gateway`,
          );
        }
      }
    } else if (node.type !== 'EXCLUSIVE_GATEWAY' && node.type !== 'INCLUSIVE_GATEWAY') {
      for (const flow of outgoing) {
        if (flow.condition)
          problems.add(flow.id, 'Conditional sequence flows are only supported on exclusive and inclusive gateways');
      }
    }
    if (node.type === 'EVENT_BASED_GATEWAY') {
      if (outgoing.length < 2)
        problems.add(node.id, 'An event-based gateway must have at least two outgoing sequence flows');
      for (const flow of outgoing) {
        const target = model.nodes.get(flow.target);
        const catches =
          target?.type === 'INTERMEDIATE_CATCH_EVENT' && ['message', 'timer', 'signal'].includes(target.event.kind);
        if (!catches) {
          problems.add(
            node.id,
            `The target '${flow.target}' of an event-based gateway must be a message, timer or signal intermediate catch event`,
          );
        } else if (target.incoming.length > 1) {
          problems.add(
            flow.target,
            'An event after an event-based gateway must have exactly one incoming sequence flow',
          );
        }
      }
    }
  }
}

/**
 * Escalation catch events: boundaries only on subprocesses and call activities, and per scope (an
 * element's boundaries, or a scope's event subprocesses) one catch event per code and one catch-all.
 */
function validateEscalationCatches(model: ProcessModel, problems: Problems): void {
  // keyed by kind and owner: a subprocess's boundaries and the event subprocesses inside it are two scopes
  const groups = new Map<string, FlowNode[]>();
  const join = (owner: string, node: FlowNode) => groups.set(owner, [...(groups.get(owner) ?? []), node]);
  const ownerOf = (group: string) => group.slice(group.indexOf(':') + 1);
  for (const node of model.nodes.values()) {
    if (node.event.kind !== 'escalation' || node.event.thrown) continue;
    if (node.type === 'BOUNDARY_EVENT') {
      const host = node.attachedTo ? model.nodes.get(node.attachedTo) : undefined;
      if (host && host.type !== 'SUB_PROCESS' && host.type !== 'CALL_ACTIVITY')
        problems.add(
          node.id,
          'An escalation boundary event should only be attached to a subprocess, or a call activity.',
        );
      if (node.attachedTo) join(`boundary:${node.attachedTo}`, node);
    } else if (node.type === 'START_EVENT') {
      const eventSubprocess = model.nodes.get(node.flowScope);
      if (eventSubprocess) join(`inside:${eventSubprocess.flowScope}`, node);
    }
  }
  for (const [group, catches] of groups) {
    const owner = ownerOf(group);
    const codes = new Set<string>();
    let catchAlls = 0;
    for (const node of catches) {
      if (node.event.kind !== 'escalation') continue;
      if (node.event.catchAll) catchAlls += 1;
      const code = node.event.code;
      if (code === undefined) continue;
      if (codes.has(code))
        problems.add(
          owner,
          `Multiple escalation catch events with the same escalation code '${code}' are not supported on the same scope.`,
        );
      codes.add(code);
    }
    if (catchAlls > 1)
      problems.add(
        owner,
        'The same scope can not contain more than one escalation catch event without escalation code. An escalation catch event without escalation code catches all escalations.',
      );
  }
}

/** Each link throw event needs one catch event of its name in its scope; Zeebe names the process. */
function validateLinks(model: ProcessModel, problems: Problems): void {
  const catches = new Map<string, number>();
  const links = [...model.nodes.values()].filter((n) => n.event.kind === 'link');
  for (const node of links) {
    if (node.type !== 'INTERMEDIATE_CATCH_EVENT' || node.event.kind !== 'link') continue;
    const key = `${node.flowScope}\u0000${node.event.name}`;
    catches.set(key, (catches.get(key) ?? 0) + 1);
    if (catches.get(key) === 2)
      problems.add(
        model.id,
        `Multiple intermediate catch link event definitions with the same name '${node.event.name}' are not allowed.`,
      );
  }
  for (const node of links) {
    if (node.type !== 'INTERMEDIATE_THROW_EVENT' || node.event.kind !== 'link') continue;
    if (!catches.has(`${node.flowScope}\u0000${node.event.name}`))
      problems.add(
        model.id,
        `Can't find an catch link event for the throw link event with the name '${node.event.name}'.`,
      );
  }
}

/** Activities: the elements that can carry boundary events. */
export function isActivity(type: ElementType): boolean {
  return (
    type.endsWith('_TASK') ||
    type === 'TASK' ||
    type === 'SUB_PROCESS' ||
    type === 'CALL_ACTIVITY' ||
    type === 'AD_HOC_SUB_PROCESS'
  );
}

/** Zeebe runs execution listeners as jobs; accepting them without running them would silently skip work. */
/**
 * zeebe:executionListeners, checked as Zeebe 8.8 checks them: where each event type may be, a type on each,
 * and no listener twice. Type and retries may be FEEL and, as on Zeebe, are only evaluated when they run.
 */
function readListeners(element: Node, id: string, type: ElementType | 'PROCESS', problems: Problems): Listeners {
  const listeners: Listeners = { start: [], end: [] };
  const path = `${id} > extensionElements > executionListeners`;
  const seen = new Map<string, number>();
  for (const block of extensions(element, 'zeebe:ExecutionListeners')) {
    for (const listener of nodes(block.listeners)) {
      const eventType = text(listener.eventType)?.trim() ?? '';
      const jobType = text(listener.type)?.trim() ?? '';
      if (!eventType)
        problems.add(`${path} > executionListener`, "Attribute 'eventType' must be present and not empty");
      if (!jobType) problems.add(`${path} > executionListener`, "Attribute 'type' must be present and not empty");
      if (eventType !== 'start' && eventType !== 'end') {
        // Zeebe's words for it: its model fails to read the enum
        if (eventType)
          problems.add(
            '',
            `No enum constant io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeExecutionListenerEventType.${eventType}`,
          );
        continue;
      }
      const key = `${eventType}\u0000${jobType}`;
      seen.set(key, (seen.get(key) ?? 0) + 1);
      if (seen.get(key) === 2)
        problems.add(
          path,
          `Found '2' duplicates based on eventType[${eventType}] and type[${jobType}], these combinations should be unique.`,
        );
      const errorEnd =
        type === 'END_EVENT' && nodes(element.eventDefinitions)[0]?.$type === 'bpmn:ErrorEventDefinition';
      if (eventType === 'start' && (type === 'START_EVENT' || type === 'BOUNDARY_EVENT'))
        problems.add(
          id,
          `Execution listeners of type 'start' are not supported by ${type === 'START_EVENT' ? 'start' : 'boundary'} events`,
        );
      if (eventType === 'end' && type.endsWith('GATEWAY'))
        problems.add(id, "Execution listeners of type 'end' are not supported by gateway element");
      if (eventType === 'end' && errorEnd)
        problems.add(id, "Execution listeners of type 'end' are not supported by [error] end events");
      listeners[eventType].push({
        type: toExpression(jobType),
        retries: toExpression(text(listener.retries)?.trim() || '3'),
      });
    }
  }
  return listeners;
}

function readSequenceFlow(element: Node, problems: Problems): SequenceFlow {
  const condition = asNode(element.conditionExpression);
  const body = condition ? text(condition.body)?.trim() : undefined;
  const flow: SequenceFlow = {
    id: element.id ?? '',
    source: asNode(element.sourceRef)?.id ?? '',
    target: asNode(element.targetRef)?.id ?? '',
    condition: body ? toExpression(body) : undefined,
  };
  if (flow.condition?.kind === 'static') problems.add(flow.id, 'A condition must be a FEEL expression starting with =');
  problems.feel(flow.id, flow.condition, 'condition');
  return flow;
}

/** Reads the flow elements of one scope (the process or a subprocess) into the model, subprocesses recursively. */
function readScope(
  container: Node,
  scopeId: string,
  model: ProcessModel,
  problems: Problems,
  embeddedForms: Set<string>,
  inEventSubprocess: boolean,
): void {
  for (const element of nodes(container.flowElements)) {
    if (ignoredTypes.has(element.$type)) continue;
    if (element.$type === 'bpmn:SequenceFlow') {
      const flow = readSequenceFlow(element, problems);
      model.flows.set(flow.id, flow);
      continue;
    }
    const isStart = element.$type === 'bpmn:StartEvent';
    const inSubprocess = scopeId !== model.id && !inEventSubprocess;
    const place = {
      eventSubprocessStart: inEventSubprocess && isStart,
      subprocessStart: inSubprocess && isStart ? scopeId : undefined,
    };
    const node = readFlowNode(element, scopeId, place, problems, embeddedForms);
    if (!node) continue;
    model.nodes.set(node.id, node);
    if (node.type === 'SUB_PROCESS' || node.type === 'EVENT_SUB_PROCESS' || node.type === 'AD_HOC_SUB_PROCESS') {
      readScope(element, node.id, model, problems, embeddedForms, node.type === 'EVENT_SUB_PROCESS');
    }
    if (node.type === 'AD_HOC_SUB_PROCESS') node.adHoc = readAdHoc(element, node, problems);
  }
  for (const artifact of nodes(container.artifacts)) {
    if (artifact.$type !== 'bpmn:Association') continue;
    const source = asNode(artifact.sourceRef)?.id;
    const target = asNode(artifact.targetRef)?.id;
    if (source && target) model.associations.push({ source, target });
  }
}

/**
 * Compensation: each compensation boundary event names its handler through an association, and the handler
 * stands apart from the flow. The messages are Zeebe 8.8's, on the same elements.
 */
function resolveCompensation(model: ProcessModel, problems: Problems): void {
  for (const { source, target } of model.associations) {
    const boundary = model.nodes.get(source);
    const handler = model.nodes.get(target);
    if (boundary?.type !== 'BOUNDARY_EVENT' || boundary.event.kind !== 'compensation' || !handler) continue;
    handler.isForCompensation = true;
    const host = boundary.attachedTo ? model.nodes.get(boundary.attachedTo) : undefined;
    if (host) host.compensationHandler = handler.id;
  }
  for (const node of model.nodes.values()) {
    if (node.type === 'BOUNDARY_EVENT' && node.event.kind === 'compensation') {
      const host = node.attachedTo ? model.nodes.get(node.attachedTo) : undefined;
      if (!host?.compensationHandler || node.outgoing.length > 0)
        problems.add(
          node.id,
          'Compensation boundary events must have a compensation association and no outgoing sequence flows',
        );
    }
    if (node.isForCompensation) {
      if (node.incoming.length > 0)
        problems.add(node.id, 'A compensation handler should have no incoming sequence flows');
      if (node.outgoing.length > 0)
        problems.add(node.id, 'A compensation handler should have no outgoing sequence flows');
      const boundaries = [...model.nodes.values()].filter(
        (b) => b.type === 'BOUNDARY_EVENT' && b.attachedTo === node.id,
      );
      if (boundaries.length > 0) problems.add(node.id, 'A compensation handler should have no boundary events');
    }
    const ref =
      node.event.kind === 'compensation' && node.type !== 'BOUNDARY_EVENT' ? node.event.activityRef : undefined;
    if (ref) {
      const activity = model.nodes.get(ref);
      const at = (node.event.kind === 'compensation' && node.event.definitionId) || node.id;
      if (activity && activity.flowScope !== node.flowScope)
        problems.add(
          at,
          `The referenced compensation activity '${ref}' must be in the same scope as the compensation throw event`,
        );
      else if (activity && !activity.compensationHandler && activity.type !== 'SUB_PROCESS')
        problems.add(
          at,
          `The referenced compensation activity '${ref}' must have either a compensation boundary event or be a subprocess`,
        );
    }
  }
}

/** Each scope's start events: what it starts with and which event subprocesses listen inside it. */
function resolveScopes(model: ProcessModel, problems: Problems): void {
  model.scopes.set(model.id, { start: undefined, eventStarts: [] });
  for (const node of model.nodes.values()) {
    if (node.type === 'SUB_PROCESS' || node.type === 'EVENT_SUB_PROCESS' || node.type === 'AD_HOC_SUB_PROCESS')
      model.scopes.set(node.id, { start: undefined, eventStarts: [] });
  }
  for (const [scopeId, scope] of model.scopes) {
    const owner = model.nodes.get(scopeId);
    const starts = [...model.nodes.values()].filter((n) => n.flowScope === scopeId && n.type === 'START_EVENT');
    if (owner?.type === 'AD_HOC_SUB_PROCESS') {
      // Zeebe 8.8's checks, on the ad-hoc subprocess
      const inner = [...model.nodes.values()].filter((n) => n.flowScope === scopeId);
      if (!inner.some((n) => isActivity(n.type))) problems.add(scopeId, 'Must have at least one activity.');
      if (starts.length > 0) problems.add(scopeId, 'Must not contain a start event.');
      if (inner.some((n) => n.type === 'END_EVENT')) problems.add(scopeId, 'Must not contain an end event.');
      continue;
    }
    // the messages are Zeebe's, on the same element
    if (owner?.type === 'SUB_PROCESS') {
      if (starts.length !== 1) problems.add(scopeId, 'Must have exactly one start event');
      scope.start = starts[0]?.id;
    } else if (owner?.type === 'EVENT_SUB_PROCESS') {
      if (starts.length !== 1) problems.add(scopeId, 'Must have exactly one start event');
      const start = starts[0];
      if (start?.event.kind === 'compensation' && owner.flowScope === model.id)
        problems.add(scopeId, 'A compensation event subprocess is not allowed on the process level');
      if (start && !['message', 'timer', 'error', 'signal', 'escalation'].includes(start.event.kind))
        problems.add(
          scopeId,
          'Start events in event subprocesses must be one of: message, timer, error, signal or escalation',
        );
      if (start?.event.kind === 'error' && !start.cancelActivity)
        problems.add(scopeId, 'Non-Interrupting event of this type is not allowed');
      if (owner.incoming.length > 0 || owner.outgoing.length > 0)
        problems.add(scopeId, 'An event subprocess must not have incoming or outgoing sequence flows');
      scope.start = start?.id;
      if (start) model.scopes.get(owner.flowScope)?.eventStarts.push(start.id);
    } else {
      scope.start = starts.find((s) => s.event.kind === 'none')?.id;
    }
  }
}

function readProcess(process: Node, problems: Problems): ProcessModel {
  const processId = process.id ?? '';

  const model: ProcessModel = {
    id: processId,
    name: text(process.name),
    nodes: new Map(),
    flows: new Map(),
    scopes: new Map(),
    associations: [],
    listeners: readListeners(process, processId, 'PROCESS', problems),
    versionTag: text(extensions(process, 'zeebe:VersionTag')[0]?.value)?.trim() || undefined,
    noneStart: undefined,
    messageStarts: [],
    signalStarts: [],
    timerStarts: [],
  };
  const embeddedForms = new Set(extensions(process, 'zeebe:UserTaskForm').map((f) => text(f.id) ?? ''));
  readScope(process, processId, model, problems, embeddedForms, false);
  for (const flow of model.flows.values()) {
    const source = model.nodes.get(flow.source);
    const target = model.nodes.get(flow.target);
    if (!source || !target) {
      problems.add(flow.id, 'The sequence flow must connect two supported elements');
      continue;
    }
    if (source.flowScope !== target.flowScope)
      problems.add(flow.id, 'A sequence flow must connect two elements of the same (sub)process');
    source.outgoing.push(flow.id);
    target.incoming.push(flow.id);
  }
  resolveScopes(model, problems);
  resolveCompensation(model, problems);
  const startEvents = [...model.nodes.values()].filter((n) => n.type === 'START_EVENT' && n.flowScope === processId);
  model.noneStart = model.scopes.get(processId)?.start;
  for (const start of startEvents) {
    if (start.event.kind === 'timer') model.timerStarts.push({ elementId: start.id, timer: start.event.timer });
    if (start.event.kind === 'signal' && start.event.name.kind === 'static')
      model.signalStarts.push({ elementId: start.id, signalName: start.event.name.value });
    if (start.event.kind !== 'message') continue;
    const name = start.event.message.name;
    if (name.kind === 'feel')
      problems.add(start.id, 'The message name of a message start event must be a static value');
    else model.messageStarts.push({ elementId: start.id, messageName: name.value });
  }
  validateStructure(model, problems, startEvents);
  return model;
}

/** The result of reading one BPMN resource. */
export interface ParsedResource {
  processes: ProcessModel[];
  problems: ModelProblem[];
}

/** Parses and validates one BPMN resource. Problems include XML errors, unsupported elements and bad FEEL. */
export async function parseBpmn(xml: string): Promise<ParsedResource> {
  const moddle = new BpmnModdle({ zeebe: zeebeSchema });
  let root: Node | undefined;
  try {
    const result = await moddle.fromXML(xml, 'bpmn:Definitions');
    root = asNode(result.rootElement);
  } catch (error) {
    return {
      processes: [],
      problems: [
        {
          elementId: '',
          message: `Failed to parse the BPMN XML: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
  if (!root)
    return { processes: [], problems: [{ elementId: '', message: 'The resource is not a BPMN definitions document' }] };
  const problems = new Problems();
  const processes = nodes(root.rootElements)
    .filter((e) => e.$type === 'bpmn:Process' && e.isExecutable === true)
    .map((p) => readProcess(p, problems));
  if (processes.length === 0) problems.add('', 'Must contain at least one executable process');
  return { processes, problems: problems.list };
}
