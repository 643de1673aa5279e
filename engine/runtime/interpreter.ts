// The BPMN semantics: how element instances activate, complete and terminate, how tokens move along
// sequence flows, and how jobs, timers, messages, errors and incidents drive them. It works on the
// in-memory state of one process instance; the caller loads that state under a row lock, drains the
// interpreter and writes the change set in the same transaction, so each command is atomic.
import { describeExpression, evaluate, wrongType } from '../feel/expression.js';
import { evaluateDecision } from '../dmn/evaluate.js';
import { isActivity } from '../model/parse.js';
import type {
  Expression,
  FlowNode,
  Listeners,
  MessageDefinition,
  ProcessModel,
  ResourceBinding,
} from '../model/types.js';
import type { CalledProcess, FoundDecision } from '../state/called-resources.js';
import type { PropagatedError } from './follow-ups.js';
import type { Changes } from '../state/changes.js';
import type {
  ElementInstanceRow,
  IncidentRow,
  IncidentType,
  JobRow,
  JournalRow,
  MessageRow,
  MessageSubscriptionRow,
  SignalSubscriptionRow,
  TimerRow,
} from '../state/rows.js';
import type { InstanceState } from './instance-state.js';
import { jobHeaders } from './job-headers.js';
import { nextDue } from '../feel/temporal.js';
import { timerSchedule } from './timer-schedule.js';
import { applyMappings } from './mappings.js';
import { VariableWriter } from './variables.js';

/** What the interpreter needs from outside: keys, the clock and buffered-message look-ups. */
export interface RunEnvironment {
  nextKey(): Promise<string>;
  now: number;
  /** Serialises subscription opening with publishing for one (message name, correlation key). */
  lockCorrelation(name: string, correlationKey: string): Promise<void>;
  /** The oldest live buffered message not yet correlated to this process. */
  findBufferedMessage(name: string, correlationKey: string, bpmnProcessId: string): Promise<MessageRow | undefined>;
  /** The decision a business rule task calls under its binding, if deployed. */
  findDecision(decisionId: string, binding: ResourceBinding): Promise<FoundDecision | undefined>;
  /** The key of the form a user task links to under its binding, if deployed. */
  findFormKey(formId: string, binding: ResourceBinding): Promise<string | undefined>;
  /** The process a call activity calls under its binding, if deployed, with its model. */
  findProcess(
    bpmnProcessId: string,
    binding: ResourceBinding,
  ): Promise<{ definition: CalledProcess; model: ProcessModel } | undefined>;
  /** The key of the deployment this instance's process came with. */
  deploymentKey(): Promise<string>;
}

/** A trigger carried into an activation: the variables of the message, timer or error that caused it. */
interface Trigger {
  variables: Record<string, unknown>;
  /** Error variables stay local to the catch event; only its output mappings pass them on. */
  local?: boolean;
}

/** A catch event found for a thrown error or escalation: a boundary event, or an event subprocess's start. */
type EventCatch =
  | { kind: 'boundary'; host: ElementInstanceRow; boundary: FlowNode }
  | { kind: 'event-subprocess'; scope: ElementInstanceRow; start: FlowNode };

/** How an instance starts: at its none start event, at given elements, or by a message, signal or timer. */
export interface StartOptions {
  startAt?: string[];
  messageStart?: { elementId: string; variables: Record<string, unknown>; messageKey: string };
  /** A signal or timer start event, with the signal's variables. */
  eventStart?: { elementId: string; variables: Record<string, unknown> };
}

/** One checked activation of ModifyProcessInstance (engine/commands/modify.ts). */
export interface Activation {
  elementId: string;
  /** The element's flow scopes, innermost first, ending with the process id. */
  scopes: string[];
  /** The element instance (or the process instance) it is activated under. */
  ancestorKey: string;
  variableInstructions: { scopeId: string; variables: Record<string, unknown> }[];
}

/** What an element waits for: a message, a timer or a signal. */
type Wait = MessageSubscriptionRow | TimerRow | SignalSubscriptionRow;

type Outcome<T> = { ok: true; value: T } | { ok: false; type: IncidentType; message: string };

/** The variable an expression like `=result` names, if it is nothing more than that. */
const plainVariable = (expression: Expression): string | undefined =>
  expression.kind === 'feel' ? /^\s*([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(expression.source)?.[1] : undefined;

const isEmpty = (document: Record<string, unknown> | undefined) => !document || Object.keys(document).length === 0;

export class Interpreter {
  private readonly queue: (() => Promise<void>)[] = [];
  private readonly variables: VariableWriter;
  /** Messages correlated by this command, so one message reaches a process at most once. */
  private readonly correlatedHere = new Set<string>();

  constructor(
    private readonly model: ProcessModel,
    private readonly state: InstanceState,
    private readonly changes: Changes,
    private readonly env: RunEnvironment,
  ) {
    this.variables = new VariableWriter(state, changes);
  }

  /** Runs queued steps until the instance rests in wait states. */
  async drain(): Promise<void> {
    for (let step = this.queue.shift(); step; step = this.queue.shift()) await step();
  }

  // ---------------------------------------------------------------- commands

  /** Starts the instance: the process element, creation variables, then the start element(s). */
  async start(variables: Record<string, unknown>, options: StartOptions): Promise<void> {
    const pi = this.state.processInstance;
    const processElement: ElementInstanceRow = {
      key: pi.key,
      process_instance_key: pi.key,
      element_id: this.model.id,
      element_type: 'PROCESS',
      flow_scope_key: null,
      state: 'ACTIVATED',
      data: {},
    };
    this.state.elements.set(pi.key, processElement);
    this.state.createdHere.add(pi.key);
    this.changes.upsertElement(processElement);
    this.journalElement(processElement, 'ELEMENT_ACTIVATED');
    this.variables.mergeLocal(pi.key, variables);
    if (this.model.listeners.start.length > 0) {
      processElement.data = { ...processElement.data, startWith: options };
      return this.runListener(processElement, 'start', 0);
    }
    await this.startProcessContent(processElement, options);
  }

  /** The process's event subprocesses start listening and its start event is entered. */
  private async startProcessContent(processElement: ElementInstanceRow, options: StartOptions): Promise<void> {
    const pi = this.state.processInstance;
    if (!(await this.openScopeEvents(processElement, this.model.id))) return;
    if (options.messageStart) {
      this.correlatedHere.add(options.messageStart.messageKey);
      await this.activate(options.messageStart.elementId, pi.key, { variables: options.messageStart.variables });
    } else if (options.eventStart) {
      await this.activate(options.eventStart.elementId, pi.key, { variables: options.eventStart.variables });
    } else {
      for (const elementId of options.startAt ?? [this.model.noneStart ?? '']) await this.activate(elementId, pi.key);
    }
  }

  async completeJob(job: JobRow, variables: Record<string, unknown>): Promise<void> {
    this.changes.deleteJob(job.key);
    this.journalJob(job, 'COMPLETED');
    const element = this.state.elements.get(job.element_instance_key);
    if (element && this.isListenerJob(job)) await this.listenerCompleted(element, variables);
    // an ad-hoc subprocess's job worker would answer with elements to activate, which gRPC cannot carry
    else if (element?.element_type === 'AD_HOC_SUB_PROCESS') return;
    else if (element) await this.complete(element, variables);
  }

  /** FailJob: variables go local to the task; no retries left raises an incident. */
  async failJob(
    job: JobRow,
    retries: number,
    errorMessage: string,
    retryBackOff: number,
    variables: Record<string, unknown>,
  ): Promise<void> {
    this.variables.mergeLocal(job.element_instance_key, variables);
    const failed: JobRow = { ...job, retries, error_message: errorMessage, worker: '', deadline: null, recur_at: null };
    if (retries > 0 && retryBackOff > 0)
      Object.assign(failed, { state: 'FAILED', recur_at: this.env.now + retryBackOff });
    else if (retries > 0) failed.state = 'ACTIVATABLE';
    else failed.state = 'FAILED';
    this.changes.updateJob(failed);
    this.journalJob(failed, 'FAILED');
    const element = this.state.elements.get(job.element_instance_key);
    if (retries <= 0 && element) {
      const type = this.isListenerJob(job) ? 'EXECUTION_LISTENER_NO_RETRIES' : 'JOB_NO_RETRIES';
      await this.raiseIncident(element, type, errorMessage || 'No more retries left.', job.key);
    }
  }

  /** ThrowError from a worker: caught by a boundary event up the scope chain, or an incident on the task. */
  async throwJobError(
    job: JobRow,
    errorCode: string,
    errorMessage: string,
    variables: Record<string, unknown>,
  ): Promise<void> {
    const element = this.state.elements.get(job.element_instance_key);
    if (!element) return;
    this.journalJob(job, 'ERROR_THROWN');
    const caught = this.findCatch(element, 'error', errorCode);
    if (caught) {
      this.changes.deleteJob(job.key);
      await this.catchError(caught, variables);
      return;
    }
    this.changes.updateJob({ ...job, state: 'ERROR_THROWN', error_message: errorMessage, worker: '', deadline: null });
    const error = { code: errorCode, message: errorMessage, variables };
    await this.uncaught(element, error, job.key);
  }

  /** An error nobody in this instance catches: offered to the calling instance, or an incident here. */
  private async uncaught(
    element: ElementInstanceRow,
    error: Omit<PropagatedError, 'thrower'>,
    jobKey?: string,
  ): Promise<void> {
    const pi = this.state.processInstance;
    if (pi.parent_process_instance_key && pi.parent_element_instance_key) {
      const thrower = { instanceKey: pi.key, elementKey: element.key, jobKey };
      this.changes.followUps.push({
        kind: 'child-error',
        parentKey: pi.parent_process_instance_key,
        elementKey: pi.parent_element_instance_key,
        error: { ...error, thrower },
      });
      return;
    }
    await this.raiseIncident(element, 'UNHANDLED_ERROR_EVENT', this.uncaughtMessage(error.code, error.message), jobKey);
  }

  /** A child instance's uncaught error reaches its call activity here: caught from there outwards, or passed on. */
  async catchChildError(elementKey: string, error: PropagatedError): Promise<void> {
    const element = this.state.elements.get(elementKey);
    if (!element) return;
    const caught = this.findCatch(element, 'error', error.code);
    if (caught) return this.catchError(caught, error.variables);
    const pi = this.state.processInstance;
    if (pi.parent_process_instance_key && pi.parent_element_instance_key) {
      this.changes.followUps.push({
        kind: 'child-error',
        parentKey: pi.parent_process_instance_key,
        elementKey: pi.parent_element_instance_key,
        error,
      });
      return;
    }
    // nobody up the call tree catches it: the incident is where it was thrown
    this.changes.followUps.push({
      kind: 'raise-incident',
      instanceKey: error.thrower.instanceKey,
      elementKey: error.thrower.elementKey,
      type: 'UNHANDLED_ERROR_EVENT',
      message: this.uncaughtMessage(error.code, error.message),
      jobKey: error.thrower.jobKey,
    });
  }

  /** Raises an incident that another instance of the call tree decided on (see catchChildError). */
  async raiseIncidentAt(elementKey: string, type: IncidentType, message: string, jobKey?: string): Promise<void> {
    const element = this.state.elements.get(elementKey);
    if (element) await this.raiseIncident(element, type, message, jobKey);
  }

  /**
   * The child of a call activity completed with these root variables. Zeebe merges them from the call
   * activity's flow scope (all of them, unless propagateAllChildVariables is false), or, with output
   * mappings, passes on only what those map from them.
   */
  async completeCallActivity(elementKey: string, variables: Record<string, unknown>): Promise<void> {
    const element = this.state.elements.get(elementKey);
    if (!element || element.state !== 'ACTIVATED') return;
    const node = this.node(element.element_id);
    element.data = { ...element.data, childKey: undefined };
    if (node.outputs.length > 0) return this.complete(element, variables);
    if (node.calledElement?.propagateAllChildVariables !== false)
      this.variables.mergeDocument(element.flow_scope_key ?? this.state.key, variables);
    await this.complete(element, undefined);
  }

  async triggerTimer(timer: TimerRow): Promise<void> {
    const owner = this.state.elements.get(timer.element_instance_key);
    this.changes.journal.push(
      this.journalRow(timer.key, 'TIMER', 'TRIGGERED', owner, { targetElementId: timer.target_element_id }),
    );
    // an element busy with its end listeners (COMPLETING) is past its boundary events
    const settled = owner && owner.state !== 'ACTIVATED' && owner.element_type !== 'PROCESS';
    if (owner && (settled || this.closedEventStart(owner, timer.target_element_id))) {
      this.changes.deleteTimer(timer.key);
      return;
    }
    const remaining = timer.repetitions < 0 ? -1 : timer.repetitions - 1;
    const next = timer.interval ? nextDue(timer.interval, timer.due_date) : undefined;
    if (remaining !== 0 && next !== undefined) {
      this.changes.updateTimer({ ...timer, repetitions: remaining, due_date: next });
    } else {
      this.changes.deleteTimer(timer.key);
    }
    if (owner) await this.triggerEvent(owner, timer.target_element_id, {});
  }

  /** Correlates a message to one of this instance's subscriptions. Returns false if it no longer applies. */
  async correlate(subscription: MessageSubscriptionRow, message: MessageRow): Promise<boolean> {
    const owner = this.state.elements.get(subscription.element_instance_key);
    if (!owner || owner.state !== 'ACTIVATED' || this.correlatedHere.has(message.key)) return false;
    if (this.closedEventStart(owner, subscription.target_element_id)) return false;
    this.correlatedHere.add(message.key);
    this.changes.messageCorrelations.push({ message_key: message.key, bpmn_process_id: subscription.bpmn_process_id });
    if (subscription.interrupting || subscription.target_element_id === owner.element_id) {
      this.changes.deleteSubscription(subscription.key);
    }
    this.changes.journal.push(
      this.journalRow(message.key, 'MESSAGE', 'CORRELATED', owner, {
        messageName: message.name,
        targetElementId: subscription.target_element_id,
      }),
    );
    await this.triggerEvent(owner, subscription.target_element_id, message.variables);
    return true;
  }

  /**
   * ModifyProcessInstance, once checked: each activation creates the flow scopes between its ancestor and
   * the element (as instances that start nothing), sets its variables and activates the element; then the
   * terminations, after which a scope left empty ends too, and with the last element the instance (terminated).
   */
  async modify(activations: Activation[], terminate: string[]): Promise<void> {
    for (const activation of activations) {
      const ancestor = this.state.elements.get(activation.ancestorKey);
      if (!ancestor) continue;
      const ancestorId = ancestor.element_type === 'PROCESS' ? this.model.id : ancestor.element_id;
      const between = activation.scopes.slice(0, activation.scopes.indexOf(ancestorId)).reverse();
      let scopeKey = ancestor.key;
      for (const scopeId of between) scopeKey = (await this.createScopeInstance(scopeId, scopeKey)).key;
      const element = await this.activate(activation.elementId, scopeKey);
      for (const { scopeId, variables } of activation.variableInstructions) {
        const target = !scopeId
          ? this.state.key
          : scopeId === activation.elementId
            ? element.key
            : this.state.scopeChain(scopeKey).find((key) => {
                const scope = this.state.elements.get(key);
                return (scope?.element_type === 'PROCESS' ? this.model.id : scope?.element_id) === scopeId;
              });
        if (target) this.variables.mergeLocal(target, variables);
      }
    }
    for (const key of terminate) {
      if (key === this.state.key) return this.cancel();
      const element = this.state.elements.get(key);
      if (!element) continue;
      const scopeKey = element.flow_scope_key;
      this.terminate(element);
      if (scopeKey) this.endIfEmpty(scopeKey);
    }
  }

  /** A flow scope left with nothing active after a termination ends as terminated, up to the instance itself. */
  private endIfEmpty(scopeKey: string): void {
    const scope = this.state.elements.get(scopeKey);
    if (!scope || this.state.children(scopeKey).length > 0 || Object.keys(scope.data.joins ?? {}).length > 0) return;
    if (scope.element_type === 'PROCESS') return this.endProcess('TERMINATED');
    const parent = scope.flow_scope_key;
    this.terminate(scope);
    if (parent) this.endIfEmpty(parent);
  }

  /** A subprocess instance created for a modification: active, listening for its events, starting nothing. */
  private async createScopeInstance(scopeId: string, parentKey: string): Promise<ElementInstanceRow> {
    const node = this.node(scopeId);
    const element = await this.newElement(node, node.type, parentKey);
    const waits = await this.prepareWaits(element, [
      ...this.boundaryNodesOf(element),
      ...this.eventStartNodes(node.id),
    ]);
    this.markActivated(element);
    if (waits.ok) await this.openWaits(element, waits.value);
    return element;
  }

  /** Cancels the whole instance. */
  cancel(): void {
    const root = this.state.elements.get(this.state.key);
    if (root) this.terminate(root);
    this.endProcess('TERMINATED');
  }

  setVariables(scopeKey: string, document: Record<string, unknown>, local: boolean): void {
    if (local) this.variables.mergeLocal(scopeKey, document);
    else this.variables.mergeDocument(scopeKey, document);
  }

  /** Resolves an incident: jobs become activatable again, other failures retry the step that failed. */
  async resolveIncident(incident: IncidentRow, job: JobRow | undefined): Promise<void> {
    this.state.incidents.delete(incident.key);
    this.changes.deleteIncident(incident.key);
    const element = this.state.elements.get(incident.element_instance_key);
    this.changes.journal.push(
      this.journalRow(incident.key, 'INCIDENT', 'RESOLVED', element, { errorType: incident.error_type }),
    );
    if (job) {
      this.changes.updateJob({ ...job, state: 'ACTIVATABLE', worker: '', deadline: null, recur_at: null });
      return;
    }
    if (!element) return;
    if (element.state === 'ACTIVATING') this.queue.push(() => this.runActivation(element, element.data.trigger));
    else if (element.state === 'COMPLETING') this.queue.push(() => this.complete(element, undefined));
  }

  // ---------------------------------------------------------------- lifecycle

  /** A new element instance in its flow scope, known to the state (the caller records it in the change set). */
  private async newElement(node: FlowNode, type: string, flowScopeKey: string): Promise<ElementInstanceRow> {
    const element: ElementInstanceRow = {
      key: await this.env.nextKey(),
      process_instance_key: this.state.key,
      element_id: node.id,
      element_type: type,
      flow_scope_key: flowScopeKey,
      state: 'ACTIVATING',
      data: {},
    };
    this.state.elements.set(element.key, element);
    this.state.createdHere.add(element.key);
    return element;
  }

  /** Creates an element instance in its flow scope and queues its activation. */
  private async activate(elementId: string, flowScopeKey: string, trigger?: Trigger): Promise<ElementInstanceRow> {
    const node = this.node(elementId);
    // a multi-instance activity runs as a body, whose inner instances are the activity itself
    const element = await this.newElement(node, node.multiInstance ? 'MULTI_INSTANCE_BODY' : node.type, flowScopeKey);
    // kept with the element so that resolving an incident at its activation replays the same trigger
    if (trigger) element.data = { trigger };
    this.changes.upsertElement(element);
    this.queue.push(() => this.runActivation(element, trigger));
    return element;
  }

  private async runActivation(element: ElementInstanceRow, trigger?: Trigger): Promise<void> {
    if (!this.isLive(element)) return;
    const node = this.node(element.element_id);
    if (element.element_type === 'MULTI_INSTANCE_BODY') return this.activateBody(element, node);
    // Zeebe 8.6 and 8.8 skip the input mappings of escalation throw events; so does this engine
    const skipsInputs = node.event.kind === 'escalation' && node.event.thrown !== undefined;
    if (node.inputs.length > 0 && !skipsInputs) {
      // an inner instance's mappings see its item and loop counter, which are its own locals
      const inner = this.isInnerInstance(element);
      const scopeKey = inner ? element.key : (element.flow_scope_key ?? element.key);
      const mapped = applyMappings(node.inputs, this.state.visibleVariables(scopeKey));
      if (!mapped.ok) return this.raiseIncident(element, 'IO_MAPPING_ERROR', mapped.message);
      if (!inner) this.state.variables.delete(element.key);
      this.variables.mergeLocal(element.key, mapped.document);
    }
    if (this.listenersOf(element).start.length > 0) return this.runListener(element, 'start', 0);
    await this.activateOwn(element, trigger);
  }

  /** What an element does once its input mappings and start listeners are done. */
  private async activateOwn(element: ElementInstanceRow, trigger?: Trigger): Promise<void> {
    if (!this.isLive(element)) return;
    const node = this.node(element.element_id);
    if (node.type === 'EVENT_SUB_PROCESS') return this.activateEventSubprocess(element, node, trigger);
    if (trigger) {
      this.markActivated(element);
      return this.complete(element, trigger.variables, trigger.local);
    }
    switch (node.type) {
      case 'SUB_PROCESS':
        return this.activateSubprocess(element, node);
      case 'CALL_ACTIVITY':
        return this.activateCallActivity(element, node);
      case 'AD_HOC_SUB_PROCESS':
        return this.activateAdHoc(element, node);
      case 'SERVICE_TASK':
      case 'SEND_TASK':
      case 'USER_TASK':
        return this.activateJobTask(element, node);
      case 'SCRIPT_TASK':
        return node.job ? this.activateJobTask(element, node) : this.activateScriptTask(element, node);
      case 'BUSINESS_RULE_TASK':
        return node.job ? this.activateJobTask(element, node) : this.activateDecisionTask(element, node);
      case 'RECEIVE_TASK':
        return this.activateWaitingElement(element, node, [node]);
      case 'INTERMEDIATE_CATCH_EVENT':
        // a link catch event is reached by its throw event, not waited on
        if (node.event.kind === 'link') return this.activateAndComplete(element);
        return this.activateWaitingElement(element, node, [node]);
      case 'INTERMEDIATE_THROW_EVENT':
      case 'END_EVENT':
        return this.activateThrowEvent(element, node);
      case 'EXCLUSIVE_GATEWAY':
        return this.activateExclusiveGateway(element, node);
      case 'INCLUSIVE_GATEWAY':
        return this.activateInclusiveGateway(element, node);
      case 'EVENT_BASED_GATEWAY':
        return this.activateWaitingElement(
          element,
          node,
          node.outgoing.map((f) => this.node(this.flow(f).target)),
        );
      default:
        return this.activateAndComplete(element);
    }
  }

  private async activateAndComplete(element: ElementInstanceRow): Promise<void> {
    this.markActivated(element);
    await this.complete(element, undefined);
  }

  // ---------------------------------------------------------------- ad-hoc subprocesses

  /**
   * An ad-hoc subprocess (Zeebe 8.8) lists its activatable elements (those without incoming flows) in the
   * local adHocSubProcessElements, starts its output collection as a local [], and activates the elements its
   * activeElementsCollection names, each as often as named; an unknown one stops it before any is activated.
   * With a job worker implementation it creates that job instead and activates nothing.
   */
  private async activateAdHoc(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    const settings = node.adHoc;
    if (!settings) return;
    const activatable = [...this.model.nodes.values()].filter(
      (n) => n.flowScope === node.id && n.incoming.length === 0 && n.type !== 'BOUNDARY_EVENT' && !n.isForCompensation,
    );
    const described = activatable.map((n) => ({
      elementId: n.id,
      ...(n.name ? { elementName: n.name } : {}),
      ...(n.documentation ? { documentation: n.documentation } : {}),
      ...(n.properties ? { properties: n.properties } : {}),
    }));
    this.variables.setLocal(element.key, 'adHocSubProcessElements', described);
    if (settings.outputCollection !== undefined) this.variables.setLocal(element.key, settings.outputCollection, []);
    if (node.job) return this.activateJobTask(element, node);
    let ids: string[] = [];
    if (settings.activeElements) {
      const context = this.state.visibleVariables(element.key);
      const result = evaluate(settings.activeElements, context);
      const value = result.ok ? result.value : undefined;
      if (!result.ok || !Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        const reason = result.ok
          ? wrongType(settings.activeElements, 'ARRAY', value, context).replace(
              "'ARRAY'",
              Array.isArray(value) ? "'ARRAY' of 'STRING'" : "'ARRAY'",
            )
          : result.message;
        return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', `Failed to activate ad-hoc elements. ${reason}`);
      }
      ids = value as string[];
      const unknown = [...new Set(ids.filter((id) => !activatable.some((n) => n.id === id)))];
      if (unknown.length > 0)
        return this.raiseIncident(
          element,
          'EXTRACT_VALUE_ERROR',
          `Expected to activate activities for ad-hoc sub-process with key '${element.key}', but the given elements [${unknown.join(', ')}] do not exist.`,
        );
    }
    const boundaries = await this.prepareWaits(element, this.boundaryNodesOf(element));
    if (!boundaries.ok) return this.raiseIncident(element, boundaries.type, boundaries.message);
    this.markActivated(element);
    await this.openWaits(element, boundaries.value);
    const outputVariable = settings.outputElement ? plainVariable(settings.outputElement) : undefined;
    for (const id of ids) {
      const inner = await this.activate(id, element.key);
      if (outputVariable) this.variables.setLocal(inner.key, outputVariable, null);
    }
  }

  /** Appends an inner element's output to the ad-hoc subprocess's collection; false if that raised an incident. */
  private async collectAdHocOutput(adHoc: ElementInstanceRow, inner: ElementInstanceRow): Promise<boolean> {
    const settings = this.node(adHoc.element_id).adHoc;
    if (!settings?.outputCollection || !settings.outputElement) return true;
    const output = evaluate(settings.outputElement, this.state.visibleVariables(inner.key));
    if (!output.ok) {
      await this.raiseIncident(inner, 'EXTRACT_VALUE_ERROR', output.message);
      return false;
    }
    const current = this.state.scope(adHoc.key).get(settings.outputCollection);
    const list = Array.isArray(current) ? [...(current as unknown[])] : [];
    this.variables.setLocal(adHoc.key, settings.outputCollection, [...list, output.value ?? null]);
    return true;
  }

  /**
   * After an inner element completed: the completion condition, if any. When it holds the subprocess is done:
   * at once, terminating what still runs (cancelRemainingInstances, the default), or once the rest has
   * finished. Returns true when the subprocess was completed (or stopped by an incident) here.
   */
  private async adHocConditionMet(adHoc: ElementInstanceRow): Promise<boolean> {
    const settings = this.node(adHoc.element_id).adHoc;
    if (!settings?.completionCondition || adHoc.data.adHocDone) return false;
    const context = this.state.visibleVariables(adHoc.key);
    const result = evaluate(settings.completionCondition, context);
    if (!result.ok || typeof result.value !== 'boolean') {
      const reason = result.ok
        ? wrongType(settings.completionCondition, 'BOOLEAN', result.value, context)
        : result.message;
      await this.raiseIncident(adHoc, 'EXTRACT_VALUE_ERROR', `Failed to evaluate completion condition. ${reason}`);
      return true;
    }
    if (!result.value) return false;
    adHoc.data = { ...adHoc.data, adHocDone: true };
    this.changes.upsertElement(adHoc);
    if (!settings.cancelRemainingInstances) return false;
    for (const child of this.state.children(adHoc.key).reverse()) this.terminate(child);
    await this.complete(adHoc, undefined);
    return true;
  }

  /** Without a completion condition an ad-hoc subprocess completes when nothing runs in it; with one, once it held. */
  private adHocMayComplete(adHoc: ElementInstanceRow): boolean {
    const settings = this.node(adHoc.element_id).adHoc;
    return !settings?.completionCondition || adHoc.data.adHocDone === true;
  }

  // ---------------------------------------------------------------- execution listeners

  /** The execution listeners of an element instance: the process's for the process, none for a multi-instance body. */
  private listenersOf(element: ElementInstanceRow): Listeners {
    if (element.element_type === 'PROCESS') return this.model.listeners;
    if (element.element_type === 'MULTI_INSTANCE_BODY') return { start: [], end: [] };
    return this.node(element.element_id).listeners;
  }

  isListenerJob(job: JobRow): boolean {
    return this.state.elements.get(job.element_instance_key)?.data.listener?.jobKey === job.key;
  }

  /**
   * Creates the job of the `index`-th listener of `event` on the element, which waits for it: start
   * listeners before the element does its work, end listeners after its output mappings. The job carries the
   * element's task headers, as on Zeebe 8.8.
   */
  private async runListener(element: ElementInstanceRow, event: 'start' | 'end', index: number): Promise<void> {
    const listener = this.listenersOf(element)[event][index];
    if (!listener) return;
    const context = this.state.visibleVariables(element.key);
    const type = evaluate(listener.type, context);
    if (!type.ok) return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', type.message);
    if (typeof type.value !== 'string' || type.value === '')
      return this.raiseIncident(
        element,
        'EXTRACT_VALUE_ERROR',
        wrongType(listener.type, 'STRING', type.value, context),
      );
    const retries = evaluate(listener.retries, context);
    const count = retries.ok ? Number(retries.value) : Number.NaN;
    if (!retries.ok || !Number.isFinite(count))
      return this.raiseIncident(
        element,
        'EXTRACT_VALUE_ERROR',
        retries.ok ? wrongType(listener.retries, 'NUMBER', retries.value, context) : retries.message,
      );
    const headers = element.element_type === 'PROCESS' ? {} : (this.node(element.element_id).job?.headers ?? {});
    const job = await this.newJob(element, type.value, count, headers);
    element.data = { ...element.data, listener: { event, index, jobKey: job.key } };
    this.changes.upsertElement(element);
    this.changes.insertJob(job);
    this.journalJob(job, 'CREATED');
  }

  /**
   * A listener job completed. A start listener's variables are local to the element; an end listener's
   * propagate like a task's. The next listener runs, or the element goes on with what it waited for.
   */
  private async listenerCompleted(element: ElementInstanceRow, variables: Record<string, unknown>): Promise<void> {
    const current = element.data.listener;
    if (!current) return;
    if (current.event === 'start') this.variables.mergeLocal(element.key, variables);
    else if (!isEmpty(variables)) this.variables.mergeDocument(element.key, variables);
    const next = current.index + 1;
    element.data = { ...element.data, listener: undefined };
    this.changes.upsertElement(element);
    if (next < this.listenersOf(element)[current.event].length) return this.runListener(element, current.event, next);
    if (element.element_type === 'PROCESS') {
      if (current.event === 'start') return this.startProcessContent(element, element.data.startWith ?? {});
      return this.endProcess('COMPLETED');
    }
    if (current.event === 'start') return this.activateOwn(element, element.data.trigger);
    await this.leave(element);
  }

  // ---------------------------------------------------------------- multi-instance

  /**
   * A multi-instance body: evaluates the input collection once, opens the activity's boundary events on
   * itself, creates the output collection as nulls, then its inner instances: all at once (parallel) or the
   * first (sequential). An empty collection completes it at once.
   */
  private async activateBody(body: ElementInstanceRow, node: FlowNode): Promise<void> {
    const loop = node.multiInstance;
    if (!loop) return;
    const collection = evaluate(loop.inputCollection, this.state.visibleVariables(body.key));
    if (!collection.ok) return this.raiseIncident(body, 'EXTRACT_VALUE_ERROR', collection.message);
    if (!Array.isArray(collection.value))
      return this.raiseIncident(
        body,
        'EXTRACT_VALUE_ERROR',
        wrongType(loop.inputCollection, 'ARRAY', collection.value, this.state.visibleVariables(body.key)),
      );
    const items = collection.value as unknown[];
    const boundaries = await this.prepareWaits(body, this.boundaryNodes(node));
    if (!boundaries.ok) return this.raiseIncident(body, boundaries.type, boundaries.message);
    body.data = { ...body.data, loop: { items, completed: 0, terminated: 0 } };
    this.markActivated(body);
    await this.openWaits(body, boundaries.value);
    if (loop.outputCollection !== undefined)
      this.variables.setLocal(
        body.key,
        loop.outputCollection,
        items.map(() => null),
      );
    if (items.length === 0) return this.complete(body, undefined);
    const first = loop.sequential ? [0] : items.map((_, i) => i);
    for (const index of first) await this.activateInner(body, node, index);
  }

  /** One inner instance: the activity itself, with its item and 1-based loopCounter as its own locals. */
  private async activateInner(body: ElementInstanceRow, node: FlowNode, index: number): Promise<void> {
    const loop = node.multiInstance;
    if (!loop) return;
    const inner = await this.newElement(node, node.type, body.key);
    this.changes.upsertElement(inner);
    if (loop.inputElement !== undefined)
      this.variables.setLocal(inner.key, loop.inputElement, body.data.loop?.items[index] ?? null);
    this.variables.setLocal(inner.key, 'loopCounter', index + 1);
    // an output element that is a plain variable keeps that variable local, so each instance has its own
    const outputVariable = loop.outputElement ? plainVariable(loop.outputElement) : undefined;
    if (outputVariable) this.variables.setLocal(inner.key, outputVariable, null);
    this.queue.push(() => this.runActivation(inner));
  }

  /**
   * An inner instance completed: its output element goes into the body's output collection, then the
   * completion condition decides whether the body completes (terminating what still runs); otherwise a
   * sequential body starts its next item, and a body with nothing left running completes.
   */
  private async completeInner(inner: ElementInstanceRow, node: FlowNode): Promise<void> {
    const loop = node.multiInstance;
    const body = inner.flow_scope_key ? this.state.elements.get(inner.flow_scope_key) : undefined;
    if (!loop || !body?.data.loop) return;
    const counter = Number(this.state.scope(inner.key).get('loopCounter') ?? 0);
    if (loop.outputCollection !== undefined && loop.outputElement) {
      const output = evaluate(loop.outputElement, this.state.visibleVariables(inner.key));
      if (!output.ok) return this.raiseIncident(inner, 'EXTRACT_VALUE_ERROR', output.message);
      const current = this.state.scope(body.key).get(loop.outputCollection);
      const list = Array.isArray(current) ? [...(current as unknown[])] : [];
      list[counter - 1] = output.value ?? null;
      this.variables.setLocal(body.key, loop.outputCollection, list);
    }
    const progress = { ...body.data.loop, completed: body.data.loop.completed + 1 };
    body.data = { ...body.data, loop: progress };
    this.changes.upsertElement(body);
    const active = this.state.children(body.key).filter((c) => c.key !== inner.key).length;
    let done = false;
    if (loop.completionCondition) {
      const context = {
        ...this.state.visibleVariables(inner.key),
        numberOfInstances: progress.items.length,
        numberOfActiveInstances: active,
        numberOfCompletedInstances: progress.completed,
        numberOfTerminatedInstances: progress.terminated,
      };
      const condition = evaluate(loop.completionCondition, context);
      if (!condition.ok) return this.raiseIncident(inner, 'EXTRACT_VALUE_ERROR', condition.message);
      if (typeof condition.value !== 'boolean')
        return this.raiseIncident(
          inner,
          'EXTRACT_VALUE_ERROR',
          wrongType(loop.completionCondition, 'BOOLEAN', condition.value),
        );
      done = condition.value;
    }
    this.removeElement(inner, 'ELEMENT_COMPLETED');
    if (done) {
      for (const other of this.state.children(body.key).reverse()) this.terminate(other);
      return this.complete(body, undefined);
    }
    if (loop.sequential && counter < progress.items.length) return this.activateInner(body, node, counter);
    if (this.state.children(body.key).length === 0) return this.complete(body, undefined);
  }

  /**
   * A call activity: finds the called process, opens its boundary events and leaves the child's start to
   * the core (a follow-up in the same transaction). The child gets a copy of every variable visible here,
   * or with propagateAllParentVariables false only the call activity's input mappings.
   */
  private async activateCallActivity(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    const called = node.calledElement;
    if (!called) return;
    const context = this.state.visibleVariables(element.key);
    const id = this.stringOf(element, called.processId);
    if (!id.ok) return this.raiseIncident(element, id.type, id.message);
    const found = await this.env.findProcess(id.value, called.binding);
    if (!found) {
      const message =
        called.binding.type === 'deployment'
          ? `Expected to call process with BPMN process id '${id.value}' with binding type 'deployment', but no such process found in the deployment with key ${await this.env.deploymentKey()} which contained the current process. To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended process definition to call.`
          : called.binding.type === 'versionTag'
            ? `Expected to call process with BPMN process id '${id.value}' and version tag '${called.binding.tag}', but no such process found. To resolve this incident, deploy a process with the given process id and version tag.`
            : `Expected process with BPMN process id '${id.value}' to be deployed, but not found.`;
      return this.raiseIncident(element, 'CALLED_ELEMENT_ERROR', message);
    }
    if (!found.model.noneStart)
      return this.raiseIncident(
        element,
        'CALLED_ELEMENT_ERROR',
        `Expected process with BPMN process id '${id.value}' to have a none start event, but not found.`,
      );
    const boundaries = await this.prepareWaits(element, this.boundaryNodesOf(element));
    if (!boundaries.ok) return this.raiseIncident(element, boundaries.type, boundaries.message);
    const childKey = await this.env.nextKey();
    element.data = { ...element.data, childKey };
    this.markActivated(element);
    await this.openWaits(element, boundaries.value);
    const variables = called.propagateAllParentVariables
      ? context
      : Object.fromEntries(this.state.variables.get(element.key) ?? []);
    this.changes.followUps.push({
      kind: 'start-child',
      childKey,
      definition: found.definition,
      parentKey: this.state.key,
      elementKey: element.key,
      variables,
    });
  }

  /** Opens the subprocess's boundary events and its event subprocesses' starts, then starts its content. */
  private async activateSubprocess(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    const boundaries = await this.prepareWaits(element, this.boundaryNodesOf(element));
    if (!boundaries.ok) return this.raiseIncident(element, boundaries.type, boundaries.message);
    const events = await this.prepareWaits(element, this.eventStartNodes(node.id));
    if (!events.ok) return this.raiseIncident(element, events.type, events.message);
    this.markActivated(element);
    await this.openWaits(element, [...boundaries.value, ...events.value]);
    const start = this.model.scopes.get(node.id)?.start;
    if (start) await this.activate(start, element.key);
  }

  /** An event subprocess starts at its start event with the trigger (message, timer or error) that started it. */
  private async activateEventSubprocess(element: ElementInstanceRow, node: FlowNode, trigger?: Trigger) {
    const events = await this.prepareWaits(element, this.eventStartNodes(node.id));
    if (!events.ok) return this.raiseIncident(element, events.type, events.message);
    this.markActivated(element);
    await this.openWaits(element, events.value);
    const start = this.model.scopes.get(node.id)?.start;
    if (start) await this.activate(start, element.key, trigger ?? { variables: {} });
  }

  /** Opens the waits of the event subprocesses inside a scope as it activates; false if that raised an incident. */
  private async openScopeEvents(scope: ElementInstanceRow, scopeId: string): Promise<boolean> {
    const events = await this.prepareWaits(scope, this.eventStartNodes(scopeId));
    if (!events.ok) {
      await this.raiseIncident(scope, events.type, events.message);
      return false;
    }
    await this.openWaits(scope, events.value);
    return true;
  }

  /** The message and timer start events of the event subprocesses directly inside a scope. */
  private eventStartNodes(scopeId: string): FlowNode[] {
    return (this.model.scopes.get(scopeId)?.eventStarts ?? []).map((id) => this.node(id));
  }

  private async activateScriptTask(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    const script = node.script;
    if (!script) return;
    const result = evaluate(script.expression, this.state.visibleVariables(element.key));
    if (!result.ok) return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', result.message);
    this.markActivated(element);
    await this.complete(element, { [script.resultVariable]: result.value });
  }

  /** A business rule task with zeebe:calledDecision: the decision's result becomes its result variable. */
  private async activateDecisionTask(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    const called = node.decision;
    if (!called) return;
    const context = this.state.visibleVariables(element.key);
    const id = this.stringOf(element, called.decisionId);
    if (!id.ok) return this.raiseIncident(element, id.type, id.message);
    const decision = await this.env.findDecision(id.value, called.binding);
    if (!decision) {
      const message =
        called.binding.type === 'deployment'
          ? `Expected to evaluate decision with id '${id.value}' with binding type 'deployment', but no such decision found in the deployment with key '${this.state.processInstance.process_definition_key}' which contained the current process. To resolve this incident, migrate the process instance to a process definition that is deployed together with the intended decision to evaluate.`
          : `Expected to evaluate decision '${id.value}', but no decision found for id '${id.value}'`;
      return this.raiseIncident(element, 'CALLED_DECISION_ERROR', message);
    }
    const outcome = evaluateDecision(decision.graph, decision.decisionId, context);
    if (!outcome.ok) {
      const message = `Expected to evaluate decision '${decision.decisionId}', but ${outcome.message}`;
      return this.raiseIncident(element, 'DECISION_EVALUATION_ERROR', message);
    }
    this.markActivated(element);
    await this.complete(element, { [called.resultVariable]: outcome.result });
  }

  /** An activatable job of an element instance; it sees the variables of the element's scope chain. */
  private async newJob(
    element: ElementInstanceRow,
    type: string,
    retries: number,
    headers: Record<string, string>,
  ): Promise<JobRow> {
    const pi = this.state.processInstance;
    return {
      key: await this.env.nextKey(),
      type,
      state: 'ACTIVATABLE',
      retries: Math.trunc(retries),
      worker: '',
      deadline: null,
      recur_at: null,
      error_message: '',
      custom_headers: JSON.stringify(headers),
      process_instance_key: this.state.key,
      element_instance_key: element.key,
      element_id: element.element_id,
      bpmn_process_id: pi.bpmn_process_id,
      process_definition_key: pi.process_definition_key,
      process_definition_version: pi.version,
      scope_keys: this.state.scopeChain(element.key),
      created_at: this.env.now,
    };
  }

  private async activateJobTask(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    const context = this.state.visibleVariables(element.key);
    const definition = node.job;
    if (!definition) return;
    const type = evaluate(definition.type, context);
    if (!type.ok) return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', type.message);
    if (typeof type.value !== 'string' || type.value === '') {
      return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', wrongType(definition.type, 'STRING', type.value));
    }
    const retries = evaluate(definition.retries, context);
    if (!retries.ok) return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', retries.message);
    const retryCount = typeof retries.value === 'string' ? Number(retries.value) : retries.value;
    if (typeof retryCount !== 'number' || !Number.isFinite(retryCount)) {
      return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', wrongType(definition.retries, 'NUMBER', retries.value));
    }
    const headers = jobHeaders(node, context);
    if (!headers.ok) return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', headers.message);
    const linked = node.userTask?.linkedForm;
    if (linked) {
      const formKey = await this.env.findFormKey(linked.formId, linked.binding);
      if (!formKey) {
        const message = `Expected to find a form with id '${linked.formId}', but no form with this id is found, at least a form with this id should be available. To resolve the Incident please deploy a form with the same id`;
        return this.raiseIncident(element, 'FORM_NOT_FOUND', message);
      }
      headers.headers['io.camunda.zeebe:formKey'] = formKey;
    }
    const opened = await this.prepareWaits(element, this.boundaryNodesOf(element));
    if (!opened.ok) return this.raiseIncident(element, opened.type, opened.message);

    const job = await this.newJob(element, type.value, retryCount, headers.headers);
    element.data = { ...element.data, jobKey: job.key };
    this.markActivated(element);
    await this.openWaits(element, opened.value);
    this.changes.insertJob(job);
    this.journalJob(job, 'CREATED');
  }

  /** Receive tasks, catch events and event-based gateways: open their subscriptions and timers. */
  private async activateWaitingElement(element: ElementInstanceRow, node: FlowNode, events: FlowNode[]): Promise<void> {
    const own = await this.prepareWaits(element, [...events, ...this.boundaryNodesOf(element)]);
    if (!own.ok) return this.raiseIncident(element, own.type, own.message);
    this.markActivated(element);
    await this.openWaits(element, own.value);
  }

  /** Intermediate throw and end events: a job (message), an error, an escalation, a signal, a link, or none. */
  private async activateThrowEvent(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    if (node.job) return this.activateJobTask(element, node);
    const event = node.event;
    if (event.kind === 'error') {
      const code = this.stringOf(element, event.thrown ?? { kind: 'static', value: event.errorCode ?? '' });
      if (!code.ok) return this.raiseIncident(element, code.type, code.message);
      return this.activateErrorEndEvent(element, code.value);
    }
    if (event.kind === 'escalation') {
      const code = this.stringOf(element, event.thrown ?? { kind: 'static', value: '' });
      if (!code.ok) return this.raiseIncident(element, code.type, code.message);
      return this.throwEscalation(element, code.value);
    }
    if (event.kind === 'signal') {
      // the signal carries exactly the event's own variables: its input mappings
      const name = this.stringOf(element, event.name);
      if (!name.ok) return this.raiseIncident(element, name.type, name.message);
      const variables = Object.fromEntries(this.state.variables.get(element.key) ?? []);
      this.changes.followUps.push({ kind: 'signal', name: name.value, variables });
      return this.activateAndComplete(element);
    }
    if (event.kind === 'compensation') return this.throwCompensation(element, event.activityRef);
    if (event.kind === 'link') {
      const target = [...this.model.nodes.values()].find(
        (n) =>
          n.type === 'INTERMEDIATE_CATCH_EVENT' &&
          n.flowScope === node.flowScope &&
          n.event.kind === 'link' &&
          n.event.name === event.name,
      );
      this.markActivated(element);
      element.state = 'COMPLETING';
      this.removeElement(element, 'ELEMENT_COMPLETED');
      if (target) await this.activate(target.id, element.flow_scope_key ?? this.state.key);
      return;
    }
    return this.activateAndComplete(element);
  }

  /**
   * A compensation throw or end event: the handlers of the activities its scope completed (all of them, or
   * those of `activityRef` and what completed inside it) start at once, each completion compensated once,
   * and the event waits until they have all completed. In an event subprocess it compensates the scope the
   * event subprocess is in.
   */
  private async throwCompensation(element: ElementInstanceRow, activityRef: string | undefined): Promise<void> {
    this.markActivated(element);
    let scope = element.flow_scope_key ? this.state.elements.get(element.flow_scope_key) : undefined;
    if (scope?.element_type === 'EVENT_SUB_PROCESS' && scope.flow_scope_key)
      scope = this.state.elements.get(scope.flow_scope_key);
    const records = scope?.data.compensable ?? [];
    const chosen = activityRef
      ? records.filter((r) => r.elementId === activityRef || r.within?.includes(activityRef))
      : records;
    if (scope && chosen.length > 0) {
      scope.data = { ...scope.data, compensable: records.filter((r) => !chosen.includes(r)) };
      this.changes.upsertElement(scope);
    }
    if (chosen.length === 0) return this.complete(element, undefined);
    const handlers: string[] = [];
    for (const record of chosen) {
      const handler = await this.activate(record.handler, element.flow_scope_key ?? this.state.key);
      handler.data = { ...handler.data, compensates: element.key };
      handlers.push(handler.key);
    }
    element.data = { ...element.data, compensating: handlers };
    this.changes.upsertElement(element);
  }

  /** A compensation handler completed: its throw event goes on once the last of its handlers has. */
  private async compensationHandlerDone(handler: ElementInstanceRow): Promise<void> {
    const thrower = handler.data.compensates ? this.state.elements.get(handler.data.compensates) : undefined;
    if (!thrower) return;
    const waiting = (thrower.data.compensating ?? []).filter((key) => key !== handler.key);
    thrower.data = { ...thrower.data, compensating: waiting };
    this.changes.upsertElement(thrower);
    if (waiting.length === 0) await this.complete(thrower, undefined);
  }

  /**
   * Keeps, in the flow scope, what a completing element leaves to compensate: its own handler (once for a
   * multi-instance activity, at its body) and what completed inside it, tagged with the scope it came from.
   */
  private recordCompensation(element: ElementInstanceRow, node: FlowNode): void {
    const scope = element.flow_scope_key ? this.state.elements.get(element.flow_scope_key) : undefined;
    if (!scope) return;
    const inner = (element.data.compensable ?? []).map((r) => ({ ...r, within: [...(r.within ?? []), node.id] }));
    const own =
      node.compensationHandler && !this.isInnerInstance(element)
        ? [{ elementId: node.id, handler: node.compensationHandler }]
        : [];
    if (inner.length === 0 && own.length === 0) return;
    scope.data = { ...scope.data, compensable: [...(scope.data.compensable ?? []), ...inner, ...own] };
    this.changes.upsertElement(scope);
  }

  /** An attribute that must give a string (a thrown code or signal name, a called id), maybe from FEEL. */
  private stringOf(element: ElementInstanceRow, expression: Expression): Outcome<string> {
    const context = this.state.visibleVariables(element.key);
    const result = evaluate(expression, context);
    if (!result.ok) return { ok: false, type: 'EXTRACT_VALUE_ERROR', message: result.message };
    if (typeof result.value !== 'string')
      return {
        ok: false,
        type: 'EXTRACT_VALUE_ERROR',
        message: wrongType(expression, 'STRING', result.value, context),
      };
    return { ok: true, value: result.value };
  }

  private async activateErrorEndEvent(element: ElementInstanceRow, errorCode: string): Promise<void> {
    const scope = element.flow_scope_key ? this.state.elements.get(element.flow_scope_key) : undefined;
    const caught = scope ? this.findCatch(scope, 'error', errorCode) : undefined;
    if (!caught) return this.uncaught(element, { code: errorCode, message: '', variables: {} });
    this.markActivated(element);
    await this.catchError(caught, {});
  }

  /**
   * An escalation thrown here: caught from the event's flow scope outwards (and on through the callers of
   * this instance). A non-interrupting catch lets the throw event go on; an interrupting one ends its scope,
   * the throw event with it. An escalation nobody catches is no incident: the event just goes on.
   */
  private async throwEscalation(element: ElementInstanceRow, code: string): Promise<void> {
    this.markActivated(element);
    const scope = element.flow_scope_key ? this.state.elements.get(element.flow_scope_key) : undefined;
    const caught = scope ? this.findCatch(scope, 'escalation', code) : undefined;
    if (caught) await this.catchEscalation(caught);
    else this.escalateToCaller(code);
    if (this.isLive(element)) await this.complete(element, undefined);
  }

  private async catchEscalation(caught: EventCatch): Promise<void> {
    if (caught.kind === 'event-subprocess')
      return this.startEventSubprocess(caught.scope, caught.start, { variables: {} });
    if (caught.boundary.cancelActivity) return this.interruptBy(caught.host, caught.boundary, { variables: {} });
    await this.activate(caught.boundary.id, caught.host.flow_scope_key ?? this.state.key, { variables: {} });
  }

  /** Offers an escalation this instance does not catch to its call activity, if a call activity started it. */
  private escalateToCaller(code: string): void {
    const pi = this.state.processInstance;
    if (pi.parent_process_instance_key && pi.parent_element_instance_key)
      this.changes.followUps.push({
        kind: 'child-escalation',
        parentKey: pi.parent_process_instance_key,
        elementKey: pi.parent_element_instance_key,
        code,
      });
  }

  /** A child instance's uncaught escalation reaches its call activity: caught from there outwards, or passed on. */
  async catchChildEscalation(elementKey: string, code: string): Promise<void> {
    const element = this.state.elements.get(elementKey);
    if (!element) return;
    const caught = this.findCatch(element, 'escalation', code);
    if (caught) await this.catchEscalation(caught);
    else this.escalateToCaller(code);
  }

  /** A signal reached one of this instance's subscriptions. */
  async triggerSignal(subscription: SignalSubscriptionRow, variables: Record<string, unknown>): Promise<void> {
    const owner = this.state.elements.get(subscription.element_instance_key);
    if (!owner || owner.state !== 'ACTIVATED') return;
    if (this.closedEventStart(owner, subscription.target_element_id)) return;
    if (subscription.interrupting || subscription.target_element_id === owner.element_id)
      this.changes.deleteSignalSubscription(subscription.key);
    this.changes.journal.push(
      this.journalRow(subscription.key, 'SIGNAL', 'TRIGGERED', owner, {
        signalName: subscription.signal_name,
        targetElementId: subscription.target_element_id,
      }),
    );
    await this.triggerEvent(owner, subscription.target_element_id, variables);
  }

  private async activateExclusiveGateway(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    const outgoing = node.outgoing.map((f) => this.flow(f));
    let chosen: string | undefined;
    if (outgoing.length === 1 && !outgoing[0]?.condition) chosen = outgoing[0]?.id;
    else {
      const context = this.state.visibleVariables(element.key);
      // Zeebe (checked on 8.6) tries the conditions from the last declared flow to the first
      for (const flow of [...outgoing].reverse()) {
        if (!flow.condition || flow.id === node.defaultFlow) continue;
        const result = evaluate(flow.condition, context);
        if (!result.ok) return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', result.message);
        if (typeof result.value !== 'boolean') {
          return this.raiseIncident(
            element,
            'EXTRACT_VALUE_ERROR',
            wrongType(flow.condition, 'BOOLEAN', result.value, context),
          );
        }
        if (result.value) {
          chosen = flow.id;
          break;
        }
      }
      chosen ??= node.defaultFlow;
    }
    if (outgoing.length > 0 && !chosen) {
      return this.raiseIncident(
        element,
        'CONDITION_ERROR',
        'Expected at least one condition to evaluate to true, or to have a default flow',
      );
    }
    element.data = { ...element.data, chosenFlow: chosen };
    this.markActivated(element);
    await this.complete(element, undefined);
  }

  /**
   * An inclusive gateway forks along every flow whose condition is true, along the default flow only when
   * none is; a condition that fails or is not a boolean stops it with an incident before any flow is taken.
   */
  private async activateInclusiveGateway(element: ElementInstanceRow, node: FlowNode): Promise<void> {
    const outgoing = node.outgoing.map((f) => this.flow(f));
    const chosen: string[] = [];
    const context = this.state.visibleVariables(element.key);
    // evaluated from the last declared flow to the first, so a failure reports the flow Zeebe reports
    for (const flow of [...outgoing].reverse()) {
      if (flow.id === node.defaultFlow) continue;
      if (!flow.condition) {
        chosen.unshift(flow.id);
        continue;
      }
      const result = evaluate(flow.condition, context);
      if (!result.ok) return this.raiseIncident(element, 'EXTRACT_VALUE_ERROR', result.message);
      if (typeof result.value !== 'boolean')
        return this.raiseIncident(
          element,
          'EXTRACT_VALUE_ERROR',
          wrongType(flow.condition, 'BOOLEAN', result.value, context),
        );
      if (result.value) chosen.unshift(flow.id);
    }
    if (chosen.length === 0 && node.defaultFlow) chosen.push(node.defaultFlow);
    if (outgoing.length > 0 && chosen.length === 0) {
      return this.raiseIncident(
        element,
        'CONDITION_ERROR',
        'Expected at least one condition to evaluate to true, or to have a default flow',
      );
    }
    element.data = { ...element.data, chosenFlows: chosen };
    this.markActivated(element);
    await this.complete(element, undefined);
  }

  /**
   * Whether an inclusive join may activate now that a token arrived: every incoming flow either holds a
   * token or can no longer get one, because no active element of the scope can reach it. Zeebe checks only
   * when a token arrives, so a join left waiting for a token that went elsewhere keeps waiting (#19460).
   */
  private inclusiveJoinReady(scopeKey: string, gateway: FlowNode, tokens: Record<string, number>): boolean {
    const waiting = gateway.incoming.filter((f) => !(tokens[f] ?? 0));
    if (waiting.length === 0) return true;
    const active = this.state.children(scopeKey).map((c) => c.element_id);
    return !waiting.some((flowId) => active.some((from) => this.reaches(from, flowId, gateway.id)));
  }

  /** Whether a token at element `from` can take sequence flow `flowId` without passing through `avoid`. */
  private reaches(from: string, flowId: string, avoid: string): boolean {
    const seen = new Set<string>();
    const stack = [from];
    while (stack.length > 0) {
      const id = stack.pop() as string;
      if (seen.has(id) || id === avoid) continue;
      seen.add(id);
      const node = this.node(id);
      if (node.outgoing.includes(flowId)) return true;
      for (const f of node.outgoing) stack.push(this.flow(f).target);
      for (const b of node.boundaryEvents) stack.push(b);
    }
    return false;
  }

  /** Completes an element: output mappings or propagation, then its outgoing flows. */
  private async complete(
    element: ElementInstanceRow,
    variables: Record<string, unknown> | undefined,
    local = false,
  ): Promise<void> {
    if (!this.isLive(element)) return;
    const node = this.node(element.element_id);
    element.state = 'COMPLETING';
    this.changes.upsertElement(element);
    const flowScope = element.flow_scope_key ?? element.key;
    const body = element.element_type === 'MULTI_INSTANCE_BODY';
    const collected = body
      ? node.multiInstance?.outputCollection
      : element.element_type === 'AD_HOC_SUB_PROCESS' && node.outputs.length === 0
        ? node.adHoc?.outputCollection
        : undefined;
    if (collected !== undefined) {
      // the body's output collection reaches its flow scope only now
      this.variables.mergeDocument(flowScope, { [collected]: this.state.scope(element.key).get(collected) ?? [] });
    } else if (node.outputs.length > 0 && !body) {
      if (variables) this.variables.mergeLocal(element.key, variables);
      const mapped = applyMappings(node.outputs, this.state.visibleVariables(element.key));
      if (!mapped.ok) return this.raiseIncident(element, 'IO_MAPPING_ERROR', mapped.message);
      this.variables.mergeDocument(flowScope, mapped.document);
    } else if (variables && !isEmpty(variables) && !local) {
      this.variables.mergeDocument(element.key, variables);
    }
    if (this.listenersOf(element).end.length > 0) return this.runListener(element, 'end', 0);
    await this.leave(element);
  }

  /** An element whose completion (mappings, end listeners) is done leaves: its outgoing flows, or its scope's end. */
  private async leave(element: ElementInstanceRow): Promise<void> {
    if (!this.isLive(element)) return;
    const node = this.node(element.element_id);
    const flowScope = element.flow_scope_key ?? element.key;
    this.recordCompensation(element, node);
    if (this.isInnerInstance(element)) return this.completeInner(element, node);
    const adHoc = this.state.elements.get(flowScope);
    if (adHoc?.element_type === 'AD_HOC_SUB_PROCESS') {
      const collected = await this.collectAdHocOutput(adHoc, element);
      if (!collected) return;
    }
    this.removeElement(element, 'ELEMENT_COMPLETED');
    if (node.isForCompensation) return this.compensationHandlerDone(element);
    if (adHoc?.element_type === 'AD_HOC_SUB_PROCESS' && (await this.adHocConditionMet(adHoc))) return;

    if (node.event.kind === 'terminate') {
      for (const sibling of this.state.children(flowScope)) this.terminate(sibling);
      // tokens waiting at joins are terminated with the rest of the scope
      const scope = this.state.elements.get(flowScope);
      if (scope?.data.joins) {
        scope.data = { ...scope.data, joins: {} };
        this.changes.upsertElement(scope);
      }
      return this.completeScopeIfDone(flowScope);
    }
    const outgoing =
      node.type === 'EXCLUSIVE_GATEWAY'
        ? element.data.chosenFlow
          ? [element.data.chosenFlow]
          : []
        : node.type === 'INCLUSIVE_GATEWAY'
          ? (element.data.chosenFlows ?? [])
          : node.outgoing;
    if (outgoing.length === 0) return this.completeScopeIfDone(flowScope);
    for (const flowId of outgoing) await this.takeFlow(flowId, flowScope);
  }

  private async takeFlow(flowId: string, flowScopeKey: string, trigger?: Trigger): Promise<void> {
    const flow = this.flow(flowId);
    const scope = this.state.elements.get(flowScopeKey);
    this.changes.journal.push({
      ...this.journalRow(await this.env.nextKey(), 'PROCESS_INSTANCE', 'SEQUENCE_FLOW_TAKEN', undefined, null),
      element_id: flow.id,
      element_type: 'SEQUENCE_FLOW',
      flow_scope_key: flowScopeKey,
    });
    const target = this.node(flow.target);
    const joins =
      target.incoming.length > 1 && (target.type === 'PARALLEL_GATEWAY' || target.type === 'INCLUSIVE_GATEWAY');
    if (joins && scope) {
      const tokens = { ...(scope.data.joins?.[target.id] ?? {}) };
      tokens[flowId] = (tokens[flowId] ?? 0) + 1;
      this.setJoinTokens(scope, target.id, tokens);
      // an inclusive join looks at the other tokens once the step that brought this one has created them
      if (target.type === 'INCLUSIVE_GATEWAY') this.queue.push(() => this.tryJoin(scope, target));
      else await this.tryJoin(scope, target);
      return;
    }
    await this.activate(target.id, flowScopeKey, trigger);
  }

  /** Activates a join whose tokens are there, taking one token from each incoming flow that has one. */
  private async tryJoin(scope: ElementInstanceRow, gateway: FlowNode): Promise<void> {
    if (!this.isLive(scope)) return;
    const tokens = { ...(scope.data.joins?.[gateway.id] ?? {}) };
    const ready =
      gateway.type === 'PARALLEL_GATEWAY'
        ? gateway.incoming.every((f) => (tokens[f] ?? 0) > 0)
        : Object.keys(tokens).length > 0 && this.inclusiveJoinReady(scope.key, gateway, tokens);
    if (!ready) return;
    for (const f of gateway.incoming) {
      if (!tokens[f]) continue;
      tokens[f] -= 1;
      if (tokens[f] === 0) delete tokens[f];
    }
    this.setJoinTokens(scope, gateway.id, tokens);
    await this.activate(gateway.id, scope.key);
  }

  private setJoinTokens(scope: ElementInstanceRow, gatewayId: string, tokens: Record<string, number>): void {
    const joins = { ...(scope.data.joins ?? {}) };
    if (Object.keys(tokens).length > 0) joins[gatewayId] = tokens;
    else delete joins[gatewayId];
    scope.data = { ...scope.data, joins };
    this.changes.upsertElement(scope);
  }

  /** A flow scope with no active children and no waiting tokens completes: the process, or a subprocess. */
  private async completeScopeIfDone(scopeKey: string): Promise<void> {
    const scope = this.state.elements.get(scopeKey);
    if (!scope || scope.state !== 'ACTIVATED') return;
    if (this.state.children(scopeKey).length > 0) return;
    if (Object.keys(scope.data.joins ?? {}).length > 0) return;
    if (scope.element_type === 'AD_HOC_SUB_PROCESS' && !this.adHocMayComplete(scope)) return;
    if (scope.element_type !== 'PROCESS') return this.complete(scope, undefined);
    if (this.model.listeners.end.length > 0) return this.runListener(scope, 'end', 0);
    this.endProcess('COMPLETED');
  }

  /** Terminates an element instance and everything inside it, cancelling jobs and resolving incidents. */
  private terminate(element: ElementInstanceRow): void {
    if (!this.state.elements.has(element.key)) return;
    element.state = 'TERMINATING';
    for (const child of this.state.children(element.key).reverse()) this.terminate(child);
    if (element.data.jobKey) {
      this.changes.journal.push(this.journalRow(element.data.jobKey, 'JOB', 'CANCELED', element, null));
    }
    if (element.data.childKey) this.changes.followUps.push({ kind: 'cancel-child', childKey: element.data.childKey });
    for (const incident of this.state.incidentsOf(element.key)) {
      this.state.incidents.delete(incident.key);
      this.changes.journal.push(
        this.journalRow(incident.key, 'INCIDENT', 'RESOLVED', element, { errorType: incident.error_type }),
      );
    }
    this.removeElement(element, 'ELEMENT_TERMINATED');
  }

  private removeElement(element: ElementInstanceRow, intent: 'ELEMENT_COMPLETED' | 'ELEMENT_TERMINATED'): void {
    this.state.elements.delete(element.key);
    this.state.variables.delete(element.key);
    this.changes.deleteElement(element.key, this.state.createdHere.has(element.key));
    this.journalElement(element, intent);
  }

  private endProcess(state: 'COMPLETED' | 'TERMINATED'): void {
    const pi = this.state.processInstance;
    if (pi.state !== 'ACTIVE') return;
    const root = this.state.variables.get(pi.key);
    pi.result = pi.await_result && state === 'COMPLETED' ? Object.fromEntries(root ?? []) : null;
    if (state === 'COMPLETED' && pi.parent_process_instance_key && pi.parent_element_instance_key) {
      this.changes.followUps.push({
        kind: 'child-completed',
        parentKey: pi.parent_process_instance_key,
        elementKey: pi.parent_element_instance_key,
        variables: Object.fromEntries(root ?? []),
      });
    }
    pi.state = state;
    pi.ended_at = this.env.now;
    if (this.state.elements.has(pi.key)) {
      const processElement = this.state.elements.get(pi.key);
      if (processElement)
        this.removeElement(processElement, state === 'COMPLETED' ? 'ELEMENT_COMPLETED' : 'ELEMENT_TERMINATED');
    }
    this.changes.deleteScopeVariables(pi.key);
    if (this.changes.processInstanceInsert) this.changes.processInstanceInsert = pi;
    else this.changes.processInstanceUpdate = pi;
    this.changes.ended = state;
    if (pi.await_result && state === 'COMPLETED') this.changes.resultReady = pi.key;
  }

  // ---------------------------------------------------------------- events

  /** Routes a fired timer or correlated message to the element it is for. */
  private async triggerEvent(
    owner: ElementInstanceRow,
    targetElementId: string,
    variables: Record<string, unknown>,
  ): Promise<void> {
    if (owner.element_id === targetElementId) return this.complete(owner, variables);
    const target = this.node(targetElementId);
    if (target.type === 'START_EVENT') return this.startEventSubprocess(owner, target, { variables });
    if (target.type === 'BOUNDARY_EVENT') {
      if (target.cancelActivity) return this.interruptBy(owner, target, { variables });
      await this.activate(target.id, owner.flow_scope_key ?? this.state.key, { variables });
      return;
    }
    if (owner.element_type === 'EVENT_BASED_GATEWAY') {
      const flow = this.node(owner.element_id).outgoing.find((f) => this.flow(f).target === targetElementId);
      if (!flow) return;
      owner.state = 'COMPLETING';
      this.removeElement(owner, 'ELEMENT_COMPLETED');
      await this.takeFlow(flow, owner.flow_scope_key ?? this.state.key, { variables });
    }
  }

  /**
   * Starts the event subprocess of `start` inside the active scope `scope`. An interrupting one first
   * terminates everything else in the scope, and no other event subprocess of the scope starts after it.
   */
  private async startEventSubprocess(scope: ElementInstanceRow, start: FlowNode, trigger: Trigger): Promise<void> {
    if (scope.data.interrupted) return;
    if (start.cancelActivity) {
      for (const child of this.state.children(scope.key).reverse()) this.terminate(child);
      scope.data = { ...scope.data, joins: {}, interrupted: true };
      this.changes.upsertElement(scope);
    }
    await this.activate(start.flowScope, scope.key, trigger);
  }

  /** Terminates `host` and activates the interrupting boundary event in its place. */
  private async interruptBy(host: ElementInstanceRow, boundary: FlowNode, trigger: Trigger): Promise<void> {
    const flowScope = host.flow_scope_key ?? this.state.key;
    this.terminate(host);
    await this.activate(boundary.id, flowScope, trigger);
  }

  /** An event subprocess start of a scope that an interrupting event subprocess has already taken over. */
  private closedEventStart(scope: ElementInstanceRow, targetElementId: string): boolean {
    return scope.data.interrupted === true && this.node(targetElementId).type === 'START_EVENT';
  }

  /**
   * Where an error or escalation thrown at `from` is caught, as Zeebe's CatchEventAnalyzer finds it: walking
   * out from `from`, each element offers the start events of the event subprocesses inside it (when it is a
   * scope) and then its boundary events; among them one for exactly this code wins, else a catch-all. So a
   * nearer catch-all beats a farther exact match.
   */
  private findCatch(from: ElementInstanceRow, kind: 'error' | 'escalation', code: string): EventCatch | undefined {
    const exact = (node: FlowNode) =>
      node.event.kind === 'error'
        ? kind === 'error' && node.event.errorCode === code
        : node.event.kind === 'escalation' && kind === 'escalation' && node.event.code === code;
    const catchAll = (node: FlowNode) =>
      node.event.kind === 'error'
        ? kind === 'error' && node.event.errorCode === undefined
        : node.event.kind === 'escalation' && kind === 'escalation' && node.event.catchAll;
    for (const key of this.state.scopeChain(from.key)) {
      const element = this.state.elements.get(key);
      if (!element) continue;
      const scopeId = element.element_type === 'PROCESS' ? this.model.id : element.element_id;
      const hasEventSubprocesses = !element.data.interrupted && element.element_type !== 'MULTI_INSTANCE_BODY';
      const starts = hasEventSubprocesses ? this.eventStartNodes(scopeId) : [];
      const boundaries = element.element_type === 'PROCESS' ? [] : this.boundaryNodesOf(element);
      const candidates = [...starts, ...boundaries];
      const found = candidates.find(exact) ?? candidates.find(catchAll);
      if (!found) continue;
      return found.type === 'START_EVENT'
        ? { kind: 'event-subprocess', scope: element, start: found }
        : { kind: 'boundary', host: element, boundary: found };
    }
    return undefined;
  }

  /**
   * Hands a caught error to its catch event. Zeebe keeps the error's variables local to an error boundary
   * event (only its output mappings pass them on), but an error start event without output mappings passes
   * them on to the process like a message start would.
   */
  private async catchError(caught: EventCatch, variables: Record<string, unknown>): Promise<void> {
    if (caught.kind === 'boundary') await this.interruptBy(caught.host, caught.boundary, { variables, local: true });
    else await this.startEventSubprocess(caught.scope, caught.start, { variables });
  }

  private uncaughtMessage(errorCode: string, errorMessage: string): string {
    const withMessage = errorMessage ? ` with message '${errorMessage}'` : '';
    return `Expected to throw an error event with the code '${errorCode}'${withMessage}, but it was not caught. No error events are available in the scope.`;
  }

  private boundaryNodes(node: FlowNode): FlowNode[] {
    return isActivity(node.type) ? node.boundaryEvents.map((id) => this.node(id)) : [];
  }

  /** The boundary events an element instance carries: a multi-instance activity's are on its body only. */
  private boundaryNodesOf(element: ElementInstanceRow): FlowNode[] {
    return this.isInnerInstance(element) ? [] : this.boundaryNodes(this.node(element.element_id));
  }

  private isInnerInstance(element: ElementInstanceRow): boolean {
    const scope = element.flow_scope_key ? this.state.elements.get(element.flow_scope_key) : undefined;
    return scope?.element_type === 'MULTI_INSTANCE_BODY';
  }

  /** Evaluates the subscriptions and timers `events` need, without changing anything yet. */
  private async prepareWaits(element: ElementInstanceRow, events: FlowNode[]): Promise<Outcome<Wait[]>> {
    const context = this.state.visibleVariables(element.key);
    const waits: Wait[] = [];
    for (const event of events) {
      // boundary and event subprocess start events may be non-interrupting; they keep listening
      const interrupting =
        event.type !== 'BOUNDARY_EVENT' && event.type !== 'START_EVENT' ? true : event.cancelActivity;
      if (event.event.kind === 'signal') {
        const name = evaluate(event.event.name, context);
        if (!name.ok) return { ok: false, type: 'EXTRACT_VALUE_ERROR', message: name.message };
        if (typeof name.value !== 'string')
          return { ok: false, type: 'EXTRACT_VALUE_ERROR', message: wrongType(event.event.name, 'STRING', name.value) };
        waits.push({
          key: await this.env.nextKey(),
          process_instance_key: this.state.key,
          element_instance_key: element.key,
          target_element_id: event.id,
          signal_name: name.value,
          interrupting,
        });
      } else if (event.event.kind === 'message') {
        const keyed = this.messageKey(event.event.message, context);
        if (!keyed.ok) return keyed;
        waits.push({
          key: await this.env.nextKey(),
          process_instance_key: this.state.key,
          element_instance_key: element.key,
          target_element_id: event.id,
          bpmn_process_id: this.state.processInstance.bpmn_process_id,
          message_name: keyed.value.name,
          correlation_key: keyed.value.correlationKey,
          interrupting,
        });
      } else if (event.event.kind === 'timer') {
        const timer = timerSchedule(event.event.timer, context, this.env.now);
        if (!timer.ok) return { ok: false, type: 'EXTRACT_VALUE_ERROR', message: timer.message };
        waits.push({
          key: await this.env.nextKey(),
          process_instance_key: this.state.key,
          element_instance_key: element.key,
          target_element_id: event.id,
          due_date: timer.value.due,
          repetitions: timer.value.repetitions,
          interval: timer.value.interval,
        });
      }
    }
    return { ok: true, value: waits };
  }

  private async openWaits(element: ElementInstanceRow, waits: Wait[]): Promise<void> {
    for (const wait of waits) {
      if ('signal_name' in wait) {
        this.changes.insertSignalSubscription(wait);
        continue;
      }
      if ('due_date' in wait) {
        this.changes.insertTimer(wait);
        this.changes.journal.push(
          this.journalRow(wait.key, 'TIMER', 'CREATED', element, {
            targetElementId: wait.target_element_id,
            dueDate: wait.due_date,
          }),
        );
        continue;
      }
      this.changes.insertSubscription(wait);
      await this.env.lockCorrelation(wait.message_name, wait.correlation_key);
      const buffered = await this.env.findBufferedMessage(
        wait.message_name,
        wait.correlation_key,
        wait.bpmn_process_id,
      );
      if (buffered) this.queue.push(async () => void (await this.correlate(wait, buffered)));
    }
  }

  private messageKey(
    message: MessageDefinition,
    context: Record<string, unknown>,
  ): Outcome<{ name: string; correlationKey: string }> {
    const name = evaluate(message.name, context);
    if (!name.ok) return { ok: false, type: 'EXTRACT_VALUE_ERROR', message: name.message };
    if (typeof name.value !== 'string')
      return { ok: false, type: 'EXTRACT_VALUE_ERROR', message: wrongType(message.name, 'STRING', name.value) };
    const expression = message.correlationKey ?? { kind: 'static' as const, value: '' };
    const key = evaluate(expression, context);
    if (!key.ok) return { ok: false, type: 'EXTRACT_VALUE_ERROR', message: key.message };
    let correlationKey: string;
    if (typeof key.value === 'string') correlationKey = key.value;
    else if (typeof key.value === 'number') correlationKey = String(Math.trunc(key.value));
    else {
      const type =
        key.value === null
          ? 'NULL'
          : Array.isArray(key.value)
            ? 'ARRAY'
            : typeof key.value === 'boolean'
              ? 'BOOLEAN'
              : 'OBJECT';
      return {
        ok: false,
        type: 'EXTRACT_VALUE_ERROR',
        message: `Failed to extract the correlation key for '${describeExpression(expression)}': The value must be either a string or a number, but was '${type}'.`,
      };
    }
    return { ok: true, value: { name: name.value, correlationKey } };
  }

  // ---------------------------------------------------------------- helpers

  private async raiseIncident(
    element: ElementInstanceRow,
    type: IncidentType,
    message: string,
    jobKey?: string,
  ): Promise<void> {
    this.changes.upsertElement(element);
    const incident: IncidentRow = {
      key: await this.env.nextKey(),
      process_instance_key: this.state.key,
      element_instance_key: element.key,
      element_id: element.element_id,
      job_key: jobKey ?? null,
      error_type: type,
      error_message: message,
      created_at: this.env.now,
    };
    this.state.incidents.set(incident.key, incident);
    this.changes.insertIncident(incident);
    this.changes.journal.push(
      this.journalRow(incident.key, 'INCIDENT', 'CREATED', element, { errorType: type, errorMessage: message }),
    );
  }

  private markActivated(element: ElementInstanceRow): void {
    element.state = 'ACTIVATED';
    this.changes.upsertElement(element);
    this.journalElement(element, 'ELEMENT_ACTIVATED');
  }

  private isLive(element: ElementInstanceRow): boolean {
    return this.state.elements.get(element.key) === element;
  }

  private node(id: string): FlowNode {
    const node = this.model.nodes.get(id);
    if (!node) throw new Error(`element '${id}' is not part of process '${this.model.id}'`);
    return node;
  }

  private flow(id: string) {
    const flow = this.model.flows.get(id);
    if (!flow) throw new Error(`sequence flow '${id}' is not part of process '${this.model.id}'`);
    return flow;
  }

  private journalRow(
    key: string,
    valueType: JournalRow['value_type'],
    intent: string,
    element: ElementInstanceRow | undefined,
    detail: Record<string, unknown> | null,
  ): JournalRow {
    return {
      process_instance_key: this.state.key,
      key,
      at: this.env.now,
      value_type: valueType,
      intent,
      element_id: element?.element_id ?? null,
      element_type: element?.element_type ?? null,
      flow_scope_key: element?.flow_scope_key ?? null,
      detail,
    };
  }

  private journalElement(element: ElementInstanceRow, intent: string): void {
    this.changes.journal.push(this.journalRow(element.key, 'PROCESS_INSTANCE', intent, element, null));
  }

  private journalJob(job: JobRow, intent: string): void {
    const element = this.state.elements.get(job.element_instance_key);
    this.changes.journal.push(
      this.journalRow(job.key, 'JOB', intent, element, { type: job.type, retries: job.retries }),
    );
  }
}
