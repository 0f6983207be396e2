import type { PoolClient } from 'pg';

/**
 * What happened to an activity, told to listeners inside the same transaction as the change, so
 * whatever they derive (planned reminders, notices to participants) commits or rolls back with it.
 * Listeners should reconcile from the database state rather than trust the event's details.
 */
export type ActivityChange =
  | { type: 'created'; activityId: number }
  /** Anything about the activity changed; `attendeeRelevant` when time, place or status did (SEQUENCE raised). */
  | { type: 'updated'; activityId: number; attendeeRelevant: boolean; statusBefore: string; statusAfter: string }
  /** Some occurrences were moved, cancelled, restored, added or removed (recurrence edits; removed ids are already gone). */
  | { type: 'occurrences_changed'; activityId: number; occurrenceIds: number[] }
  /** These occurrences are about to be deleted (a series edit whose new rule no longer produces them). */
  | { type: 'occurrences_removing'; activityId: number; occurrenceIds: number[] }
  /**
   * "This and following": `occurrenceIds` moved (same ids) from `activityId` to the new `followingId`;
   * `removedOccurrenceIds` of the old series are not in the new one (deleted right after this event).
   */
  | { type: 'split'; activityId: number; followingId: number; occurrenceIds: number[]; removedOccurrenceIds: number[] };

export type ActivityListener = (db: PoolClient, change: ActivityChange) => Promise<void>;

/** A small registry the composition root fills; services call `emit` inside their transaction. */
export class ActivityEvents {
  private readonly listeners: ActivityListener[] = [];
  private readonly followers: ActivityListener[] = [];
  on(listener: ActivityListener): void {
    this.listeners.push(listener);
  }
  /**
   * A listener that reads what the `on` listeners wrote for the same change (certificates reissued
   * from the attendance a split moved with its registrations) or tells staff about it: it runs after
   * every `on` listener, whichever feature was mounted first.
   */
  after(listener: ActivityListener): void {
    this.followers.push(listener);
  }
  async emit(db: PoolClient, change: ActivityChange): Promise<void> {
    for (const listener of [...this.listeners, ...this.followers]) await listener(db, change);
  }
}
