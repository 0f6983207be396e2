/**
 * The readiness marks of a field visit (ready, head count, readiness broken after the mark) live on
 * the activity row, and booking/ is that row's one writer: readiness/ decides when to set them and
 * calls these in its transaction `db`. They touch no status, claim or occurrence.
 */
export { confirmHeadCount, markReadinessBroken, markReady } from './activity.queries.ts';
