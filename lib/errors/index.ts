// The small set of application errors. Messages are fixed text; identifiers travel in `details`
// so they can be logged or shown without being baked into strings.

/** Base of every application error: a fixed message plus structured details. */
export abstract class AppError extends Error {
  abstract readonly status: number;
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** Input that breaks a rule; the caller can fix it and try again. */
export class ValidationError extends AppError {
  readonly status = 400;
}

/** The thing asked for does not exist (or is not visible to the caller). */
export class NotFoundError extends AppError {
  readonly status = 404;
}

/** The caller is known but not allowed to do this. */
export class ForbiddenError extends AppError {
  readonly status = 403;
}

/** The request clashes with the current state, for example a duplicate. */
export class ConflictError extends AppError {
  readonly status = 409;
}

/** A system we depend on (database, engine, registry) failed or timed out. */
export class UpstreamError extends AppError {
  readonly status = 502;
}
