import { AppError, ConflictError, ValidationError } from '../shared/errors.ts';

/** PostgreSQL SQLSTATE codes we translate into domain errors. */
export const PG = {
  uniqueViolation: '23505',
  foreignKeyViolation: '23503',
  checkViolation: '23514',
  notNullViolation: '23502',
  exclusionViolation: '23P01',
  serializationFailure: '40001',
  deadlockDetected: '40P01',
  invalidTextRepresentation: '22P02',
} as const;

interface PgError {
  code?: string;
  message?: string;
  constraint?: string;
  detail?: string;
}

export function pgCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null ? (error as PgError).code : undefined;
}

/**
 * Turns constraint violations that slipped past validation into 4xx errors; anything else is
 * rethrown untouched (and becomes a logged 500). Messages name the constraint, never the SQL.
 */
export function translatePgError(error: unknown): never {
  if (error instanceof AppError) throw error;
  const e = (typeof error === 'object' && error !== null ? error : {}) as PgError;
  switch (e.code) {
    case PG.uniqueViolation:
      throw new ConflictError('already_exists', 'A record with the same unique fields already exists', {
        constraint: e.constraint,
      });
    case PG.foreignKeyViolation:
      throw new ValidationError('A referenced record does not exist or is still in use', [
        { path: e.constraint ?? '', message: 'reference not found or in use' },
      ]);
    case PG.checkViolation:
      throw new ValidationError('A value is outside what is allowed', [
        { path: e.constraint ?? '', message: 'check failed' },
      ]);
    case PG.exclusionViolation:
      // Raised by the class_bookings trigger of migration 0026: a class booked into its subscribed busy time.
      if (e.constraint === 'class_subscription_busy') {
        throw new ConflictError('class_busy', 'A class of this activity is busy then (its subscribed calendar, e.g. the school timetable)', { constraint: e.constraint, reason: e.message });
      }
      throw new ConflictError('resource_conflict', 'The resource is already booked for that period', {
        constraint: e.constraint,
      });
    default:
      throw error;
  }
}
