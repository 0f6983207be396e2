/**
 * The iCalendar UID of an activity, shared by subscription feeds and emailed invitations so a
 * calendar app recognises both as the same event: `activity-<id>@<host of PUBLIC_BASE_URL>`.
 */
export function activityUid(activityId: number, publicBaseUrl: string): string {
  return `activity-${activityId}@${new URL(publicBaseUrl).hostname}`;
}
