/**
 * The few error types Orrery raises. Each carries a stable `code` (part of the API contract),
 * an HTTP status and whether it is worth logging. `http/problem.ts` is the one place that turns
 * them into `application/problem+json`.
 */
export interface FieldIssue {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;
  readonly log: boolean;

  constructor(status: number, code: string, message: string, details?: Record<string, unknown>, log = false) {
    super(message);
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = details;
    this.log = log;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, errors: FieldIssue[] = []) {
    super(422, 'validation_failed', message, { errors });
  }
}

export class BadRequestError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(400, code, message, details);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string, id?: string | number) {
    super(404, 'not_found', id === undefined ? `${what} not found` : `${what} ${id} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(409, code, message, details);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'Authentication required') {
    super(401, 'unauthorized', message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'Not allowed') {
    super(403, 'forbidden', message);
  }
}

export class UnprocessableError extends AppError {
  constructor(code: string, message: string) {
    super(422, code, message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string) {
    super(429, 'rate_limited', message);
  }
}

/** Not ready to serve (pending migrations, database down): load balancers retry elsewhere. */
export class UnavailableError extends AppError {
  constructor(code: string, message: string, details?: Record<string, unknown>) {
    super(503, code, message, details);
  }
}

/** The value, or a NotFoundError naming what was looked up. */
export function found<T>(value: T | undefined, what: string, id: number): T {
  if (value === undefined) throw new NotFoundError(what, id);
  return value;
}
