// Errors the engine returns to clients, carrying the gRPC status Zeebe would use and Zeebe's wording.

/** gRPC status names the engine uses. */
export type StatusName =
  | 'INVALID_ARGUMENT'
  | 'NOT_FOUND'
  | 'ALREADY_EXISTS'
  | 'FAILED_PRECONDITION'
  | 'RESOURCE_EXHAUSTED'
  | 'DEADLINE_EXCEEDED'
  | 'UNAVAILABLE'
  | 'INTERNAL';

/** A failed command, as a client should see it. */
export class EngineError extends Error {
  constructor(
    readonly status: StatusName,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Zeebe's rejection types and the status each maps to at the gateway. */
const rejectionStatus = {
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  NOT_FOUND: 'NOT_FOUND',
  ALREADY_EXISTS: 'ALREADY_EXISTS',
  INVALID_STATE: 'FAILED_PRECONDITION',
} as const satisfies Record<string, StatusName>;

/** A command rejection worded as Zeebe's gateway words it: "Command 'X' rejected with code 'Y': reason". */
export function rejected(intent: string, type: keyof typeof rejectionStatus, reason: string): EngineError {
  return new EngineError(rejectionStatus[type], `Command '${intent}' rejected with code '${type}': ${reason}`);
}

/** Parses a JSON variables document as the gateway does: empty means {}, anything but an object is refused. */
export function parseDocument(raw: string | undefined, property = 'variables'): Record<string, unknown> {
  if (raw === undefined || raw.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new EngineError('INVALID_ARGUMENT', `Property '${property}' is invalid: Invalid JSON value: ${raw}`);
  }
  if (value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) {
    const type = Array.isArray(value)
      ? 'ARRAY'
      : typeof value === 'string'
        ? 'STRING'
        : typeof value === 'number'
          ? 'INTEGER'
          : 'BOOLEAN';
    throw new EngineError(
      'INVALID_ARGUMENT',
      `Property '${property}' is invalid: Expected document to be a root level object, but was '${type}'`,
    );
  }
  return value as Record<string, unknown>;
}
