/**
 * A start-up failure a person can fix, stated in one sentence that names the fix (a folder the
 * database user cannot enter, a port in use). The CLI prints its message alone, never a stack trace.
 */
export class StartupError extends Error {}
