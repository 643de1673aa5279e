// Row shapes of the engine tables as the runtime sees them. Keys are strings (64-bit integers);
// times are epoch milliseconds as numbers. Field names are the column names, so rows go to
// PostgreSQL as JSON through jsonb_populate_recordset without a mapping layer.

/** Lifecycle states an element instance can rest in between commands. */
export type ElementState = 'ACTIVATING' | 'ACTIVATED' | 'COMPLETING' | 'TERMINATING';

/** Book-keeping stored with an element instance. */
export interface ElementData {
  /** On flow scopes: tokens waiting at parallel joins, gateway id -> incoming flow id -> count. */
  joins?: Record<string, Record<string, number>>;
  /** The sequence flow chosen by an exclusive gateway whose completion is pending. */
  chosenFlow?: string;
  /** The sequence flows chosen by an inclusive gateway whose completion is pending. */
  chosenFlows?: string[];
  /** The job of a task, so termination can report it cancelled. */
  jobKey?: string;
  /** The event that activated this element (message, timer or error variables), replayed if its activation is retried. */
  trigger?: { variables: Record<string, unknown>; local?: boolean };
  /** On a multi-instance body: the items and how many inner instances completed or were terminated. */
  loop?: { items: unknown[]; completed: number; terminated: number };
  /** On flow scopes: completed activities with a compensation handler, and the subprocesses they were in. */
  compensable?: { elementId: string; handler: string; within?: string[] }[];
  /** On a compensation throw or end event: the handler instances it waits for. */
  compensating?: string[];
  /** On a compensation handler instance: the throw or end event that started it. */
  compensates?: string;
  /** The execution listener whose job the element waits for. */
  listener?: { event: 'start' | 'end'; index: number; jobKey: string };
  /** On the process element: how the instance starts, kept while its start listeners run. */
  startWith?: import('../runtime/interpreter.js').StartOptions;
  /** On an ad-hoc subprocess: its completion condition has held. */
  adHocDone?: boolean;
  /** On a call activity: the instance it started. */
  childKey?: string;
  /** On flow scopes: an interrupting event subprocess started, so no other event subprocess of the scope may. */
  interrupted?: boolean;
}

export interface ElementInstanceRow {
  key: string;
  process_instance_key: string;
  element_id: string;
  element_type: string;
  flow_scope_key: string | null;
  state: ElementState;
  data: ElementData;
}

export interface ProcessInstanceRow {
  key: string;
  process_definition_key: string;
  bpmn_process_id: string;
  version: number;
  state: 'ACTIVE' | 'COMPLETED' | 'TERMINATED';
  start_correlation_key: string | null;
  await_result: boolean;
  result: Record<string, unknown> | null;
  created_at: number;
  ended_at: number | null;
  /** Incremented by every command; see InstanceCache. */
  revision: number;
  /** Set on an instance a call activity started: the calling instance and its call activity's instance. */
  parent_process_instance_key: string | null;
  parent_element_instance_key: string | null;
}

export type JobState = 'ACTIVATABLE' | 'ACTIVATED' | 'FAILED' | 'ERROR_THROWN';

export interface JobRow {
  key: string;
  type: string;
  state: JobState;
  retries: number;
  worker: string;
  deadline: number | null;
  recur_at: number | null;
  error_message: string;
  custom_headers: string;
  process_instance_key: string;
  element_instance_key: string;
  element_id: string;
  bpmn_process_id: string;
  process_definition_key: string;
  process_definition_version: number;
  scope_keys: string[];
  created_at: number;
}

export interface TimerRow {
  key: string;
  process_instance_key: string;
  element_instance_key: string;
  target_element_id: string;
  due_date: number;
  /** Remaining triggers: 1 for a one-shot timer, -1 for an unbounded cycle. */
  repetitions: number;
  /** ISO duration between triggers of a cycle. */
  interval: string | null;
}

export interface MessageSubscriptionRow {
  key: string;
  process_instance_key: string;
  element_instance_key: string;
  target_element_id: string;
  bpmn_process_id: string;
  message_name: string;
  correlation_key: string;
  interrupting: boolean;
}

export interface SignalSubscriptionRow {
  key: string;
  process_instance_key: string;
  element_instance_key: string;
  target_element_id: string;
  signal_name: string;
  interrupting: boolean;
}

export interface MessageRow {
  key: string;
  name: string;
  correlation_key: string;
  message_id: string | null;
  variables: Record<string, unknown>;
  deadline: number;
}

export type IncidentType =
  | 'JOB_NO_RETRIES'
  | 'IO_MAPPING_ERROR'
  | 'CONDITION_ERROR'
  | 'EXTRACT_VALUE_ERROR'
  | 'UNHANDLED_ERROR_EVENT'
  | 'CALLED_DECISION_ERROR'
  | 'CALLED_ELEMENT_ERROR'
  | 'DECISION_EVALUATION_ERROR'
  | 'FORM_NOT_FOUND'
  | 'EXECUTION_LISTENER_NO_RETRIES';

export interface IncidentRow {
  key: string;
  process_instance_key: string;
  element_instance_key: string;
  element_id: string;
  job_key: string | null;
  error_type: IncidentType;
  error_message: string;
  created_at: number;
}

export interface JournalRow {
  process_instance_key: string;
  key: string;
  at: number;
  value_type: 'PROCESS_INSTANCE' | 'JOB' | 'INCIDENT' | 'VARIABLE' | 'MESSAGE' | 'TIMER' | 'SIGNAL';
  intent: string;
  element_id: string | null;
  element_type: string | null;
  flow_scope_key: string | null;
  detail: Record<string, unknown> | null;
}
