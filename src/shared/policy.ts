import { ForbiddenError, UnauthorizedError } from './errors.ts';

/**
 * Who may do what. Pure: services call these with the acting principal and the unit that owns
 * the thing being changed, after loading it, so the rule holds whatever route reaches the service.
 *
 * admin      everything
 * organizer  creates and changes their unit's activities and resources, approves or declines claims
 *            on their unit's resources, sees their unit's registrations
 * viewer     reads their unit's data
 */
export const ROLES = ['admin', 'organizer', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export interface Principal {
  userId: number;
  email: string;
  role: Role;
  unitId: number | null;
  /** How the request authenticated; audit rows name it (`user:3`, `token:7`). */
  via: { kind: 'session'; sessionId: number } | { kind: 'token'; tokenId: number };
}

/** The subset of Actor the policy needs (see shared/actor.ts). */
export interface HasPrincipal {
  principal?: Principal | undefined;
  /** Orrery itself (demo data, the hold sweeper, benchmarks): trusted like an admin. Never set from a request. */
  system?: boolean | undefined;
}

const SYSTEM: Principal = { userId: 0, email: 'system', role: 'admin', unitId: null, via: { kind: 'token', tokenId: 0 } };

export function signedIn(actor: HasPrincipal): Principal {
  if (actor.system) return SYSTEM;
  if (!actor.principal) throw new UnauthorizedError();
  return actor.principal;
}

export function requireAdmin(actor: HasPrincipal): Principal {
  const p = signedIn(actor);
  if (p.role !== 'admin') throw new ForbiddenError('Only an admin may do this');
  return p;
}

/** Change data that belongs to `unitId` (its activities, its resources, decisions on its claims). */
export function requireUnitWrite(actor: HasPrincipal, unitId: number): Principal {
  const p = signedIn(actor);
  if (p.role === 'admin') return p;
  if (p.role === 'organizer' && p.unitId === unitId) return p;
  throw new ForbiddenError(p.role === 'viewer' ? 'Viewers cannot change the programme' : "This belongs to another unit");
}

/** Read data that belongs to `unitId` and is not public (registrations, internal activities). */
export function requireUnitRead(actor: HasPrincipal, unitId: number): Principal {
  const p = signedIn(actor);
  if (p.role === 'admin' || p.unitId === unitId) return p;
  throw new ForbiddenError("This belongs to another unit");
}

export function canReadUnit(actor: HasPrincipal, unitId: number): boolean {
  const p = actor.system ? SYSTEM : actor.principal;
  return !!p && (p.role === 'admin' || p.unitId === unitId);
}

export function actorLabel(p: Principal): string {
  return p.via.kind === 'token' ? `user:${p.userId}/token:${p.via.tokenId}` : `user:${p.userId}`;
}

/** Whose view an activity list is: admins (and Orrery itself) see all; others published ones plus their unit's. */
export function activityViewer(actor: HasPrincipal): { all: boolean; unitId: number | null } {
  const p = actor.system ? SYSTEM : actor.principal;
  return { all: p?.role === 'admin', unitId: p?.unitId ?? null };
}

/**
 * Whose view a feed is: its owner's, never the viewer's (anyone with the link reads it). A unit's
 * feed sees what that unit's organizers see; the public programme feeds and participants' feeds
 * (owned by an email) see published activities only (a participant feed adds what they registered for).
 */
export function feedViewer(feed: { ownerUnitId: number | null }): { all: boolean; unitId: number | null } {
  return { all: false, unitId: feed.ownerUnitId };
}

/**
 * PURE: published = public and confirmed, or public, cancelled and confirmed before (it stays, marked
 * cancelled, so calendars remove it). A request that was never confirmed is never published.
 * The SQL twin is `publishedSql` (activities/activities.queries.ts).
 */
export function isPublished(activity: { visibility: string; status: string; everConfirmed?: boolean }): boolean {
  return activity.visibility === 'public' && (activity.status === 'confirmed' || (activity.status === 'cancelled' && activity.everConfirmed === true));
}

/** Published activities are public; the rest only for their organizer unit and admins. */
export function canSeeActivity(actor: HasPrincipal, activity: { organizerUnitId: number; visibility: string; status: string; everConfirmed?: boolean }): boolean {
  if (isPublished(activity)) return true;
  return canReadUnit(actor, activity.organizerUnitId);
}

/** Calendar overrides (booking into a holiday, outside opening hours, …) are an admin's call. */
export function requireOverrideRight(actor: HasPrincipal, override: unknown): void {
  if (override !== undefined && override !== null && signedIn(actor).role !== 'admin') {
    throw new ForbiddenError('Only an admin may override a calendar block');
  }
}
