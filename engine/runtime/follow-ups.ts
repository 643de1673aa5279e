// Work one process instance's command leaves for another instance of the same call tree: a call activity
// starts its child, a child's end reaches its call activity, a cancelled call activity cancels its child,
// and an error a child does not catch is offered to its callers. The core runs each in the same
// transaction right after the instance that left it is written, so a call tree changes atomically.
import type { CalledProcess } from '../state/called-resources.js';
import type { IncidentType } from '../state/rows.js';

/** An error thrown in one instance, and where it was thrown (for the incident if nobody catches it). */
export interface PropagatedError {
  code: string;
  message: string;
  variables: Record<string, unknown>;
  thrower: { instanceKey: string; elementKey: string; jobKey?: string };
}

export type FollowUp =
  | {
      kind: 'start-child';
      childKey: string;
      definition: CalledProcess;
      parentKey: string;
      elementKey: string;
      variables: Record<string, unknown>;
    }
  | { kind: 'child-completed'; parentKey: string; elementKey: string; variables: Record<string, unknown> }
  | { kind: 'cancel-child'; childKey: string }
  | { kind: 'child-error'; parentKey: string; elementKey: string; error: PropagatedError }
  | { kind: 'child-escalation'; parentKey: string; elementKey: string; code: string }
  /** A signal thrown by an intermediate throw or end event, broadcast once its instance is written. */
  | { kind: 'signal'; name: string; variables: Record<string, unknown> }
  | {
      kind: 'raise-incident';
      instanceKey: string;
      elementKey: string;
      type: IncidentType;
      message: string;
      jobKey?: string;
    };
