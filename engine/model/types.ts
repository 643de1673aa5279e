// The executable form of a BPMN process: what the runtime needs, resolved once at deploy time.
// Element type names are Zeebe's BpmnElementType, so journals and errors read the same on both engines.

/** Zeebe's element type names for the elements this engine runs. */
export type ElementType =
  | 'PROCESS'
  | 'START_EVENT'
  | 'END_EVENT'
  | 'INTERMEDIATE_CATCH_EVENT'
  | 'INTERMEDIATE_THROW_EVENT'
  | 'BOUNDARY_EVENT'
  | 'SERVICE_TASK'
  | 'SEND_TASK'
  | 'USER_TASK'
  | 'RECEIVE_TASK'
  | 'SCRIPT_TASK'
  | 'BUSINESS_RULE_TASK'
  | 'MANUAL_TASK'
  | 'TASK'
  | 'SUB_PROCESS'
  | 'EVENT_SUB_PROCESS'
  | 'CALL_ACTIVITY'
  | 'AD_HOC_SUB_PROCESS'
  | 'MULTI_INSTANCE_BODY'
  | 'EXCLUSIVE_GATEWAY'
  | 'INCLUSIVE_GATEWAY'
  | 'PARALLEL_GATEWAY'
  | 'EVENT_BASED_GATEWAY';

/** An attribute that is either a static value or a FEEL expression (written `=expr` in the XML). */
export type Expression = { kind: 'static'; value: string } | { kind: 'feel'; source: string };

/** A zeebe:input or zeebe:output: a source expression assigned to a target variable path. */
export interface Mapping {
  source: Expression;
  target: string;
}

export interface JobDefinition {
  type: Expression;
  retries: Expression;
  headers: Record<string, string>;
}

/** Zeebe's job-based user task settings, turned into reserved headers when the job is created. */
export interface UserTaskDefinition {
  assignee?: Expression;
  candidateGroups?: Expression;
  candidateUsers?: Expression;
  dueDate?: Expression;
  followUpDate?: Expression;
  formKey?: string;
  /** A linked Camunda Form, deployed as a .form resource; its key becomes the formKey header. */
  linkedForm?: { formId: string; binding: ResourceBinding };
}

/** Which version of a called resource is used: the latest, the one deployed with the process, or the latest with a version tag. */
export type ResourceBinding = { type: 'latest' } | { type: 'deployment' } | { type: 'versionTag'; tag: string };

/** A business rule task's zeebe:calledDecision. */
export interface CalledDecision {
  decisionId: Expression;
  resultVariable: string;
  binding: ResourceBinding;
}

export interface MessageDefinition {
  name: Expression;
  correlationKey?: Expression;
}

export type TimerDefinition =
  | { kind: 'duration'; expression: Expression }
  | { kind: 'date'; expression: Expression }
  | { kind: 'cycle'; expression: Expression };

export type EventDefinition =
  | { kind: 'none' }
  | { kind: 'message'; message: MessageDefinition }
  | { kind: 'timer'; timer: TimerDefinition }
  /** A catch event's static code (undefined: catches every error); a throw event's code, maybe FEEL. */
  | { kind: 'error'; errorCode: string | undefined; thrown?: Expression }
  | { kind: 'signal'; name: Expression }
  /**
   * A catch event's static code, or none: with no escalation referenced it catches every escalation
   * (catchAll), with an escalation that has no code it catches none; a throw event's code, maybe FEEL.
   */
  | { kind: 'escalation'; code: string | undefined; catchAll: boolean; thrown?: Expression }
  | { kind: 'link'; name: string }
  /** A compensation boundary event, or a throw/end event compensating its scope (or only `activityRef`). */
  | { kind: 'compensation'; activityRef?: string; definitionId?: string }
  | { kind: 'terminate' };

/** A call activity's zeebe:calledElement. */
export interface CalledElement {
  processId: Expression;
  binding: ResourceBinding;
  /** Copy every variable visible at the call activity into the child (else only its input mappings). */
  propagateAllParentVariables: boolean;
  /** Merge every variable of the completed child into the parent (else only the output mappings). */
  propagateAllChildVariables: boolean;
}

/** An ad-hoc subprocess's zeebe:adHoc, completion condition and cancelRemainingInstances. */
export interface AdHoc {
  activeElements: Expression | undefined;
  outputCollection: string | undefined;
  outputElement: Expression | undefined;
  completionCondition: Expression | undefined;
  cancelRemainingInstances: boolean;
}

/** An activity's multi-instance loop (zeebe:loopCharacteristics and the completion condition). */
export interface MultiInstance {
  sequential: boolean;
  inputCollection: Expression;
  inputElement: string | undefined;
  outputCollection: string | undefined;
  outputElement: Expression | undefined;
  completionCondition: Expression | undefined;
}

/** A zeebe:executionListener: a job of `type` when its element starts or ends. */
export interface ExecutionListener {
  type: Expression;
  retries: Expression;
}

/** An element's execution listeners, each event's in document order. */
export interface Listeners {
  start: ExecutionListener[];
  end: ExecutionListener[];
}

/** One flow node with everything the runtime needs about it. */
export interface FlowNode {
  id: string;
  name: string | undefined;
  type: ElementType;
  /** The element that contains this one: the process or a subprocess. */
  flowScope: string;
  incoming: string[];
  outgoing: string[];
  inputs: Mapping[];
  outputs: Mapping[];
  event: EventDefinition;
  job: JobDefinition | undefined;
  userTask: UserTaskDefinition | undefined;
  script: { expression: Expression; resultVariable: string } | undefined;
  decision: CalledDecision | undefined;
  calledElement: CalledElement | undefined;
  defaultFlow: string | undefined;
  /** The compensation handler of this activity (through its compensation boundary event's association). */
  compensationHandler: string | undefined;
  /** Marked isForCompensation, or the target of a compensation association: reached only by compensation. */
  isForCompensation: boolean;
  listeners: Listeners;
  adHoc: AdHoc | undefined;
  /** bpmn:documentation and zeebe:properties, which an ad-hoc subprocess lists for its elements. */
  documentation: string | undefined;
  properties: Record<string, string> | undefined;
  /** Runs once per item of a collection, inside a multi-instance body. */
  multiInstance: MultiInstance | undefined;
  /** Boundary events attached to this activity. */
  boundaryEvents: string[];
  attachedTo: string | undefined;
  /** Interrupting: a boundary event's cancelActivity, an event subprocess start's isInterrupting. */
  cancelActivity: boolean;
}

/** What a flow scope (the process, a subprocess, an event subprocess) starts with and listens for. */
export interface FlowScope {
  /** The start event a plain activation begins at: the none start, or an event subprocess's only start. */
  start: string | undefined;
  /** Start events of the event subprocesses directly inside this scope: they listen while it is active. */
  eventStarts: string[];
}

export interface SequenceFlow {
  id: string;
  source: string;
  target: string;
  condition: Expression | undefined;
}

/** A deployable, runnable process. */
export interface ProcessModel {
  id: string;
  name: string | undefined;
  nodes: Map<string, FlowNode>;
  flows: Map<string, SequenceFlow>;
  /** The process and each subprocess, by element id. */
  scopes: Map<string, FlowScope>;
  /** Associations (source -> target), which link compensation boundary events to their handlers. */
  associations: { source: string; target: string }[];
  /** The process's own execution listeners: start before its start event, end after its last element. */
  listeners: Listeners;
  /** zeebe:versionTag, by which call activities, decisions and forms can be called. */
  versionTag: string | undefined;
  /** Start events of the process scope: the none start (at most one) and message starts. */
  noneStart: string | undefined;
  messageStarts: { elementId: string; messageName: string }[];
  /** Signal start events of the process scope. */
  signalStarts: { elementId: string; signalName: string }[];
  /** Timer start events of the process scope: each creates instances on its own schedule. */
  timerStarts: { elementId: string; timer: TimerDefinition }[];
}

/** A problem that makes a model undeployable, tied to the element that has it. */
export interface ModelProblem {
  elementId: string;
  message: string;
}
