import { describe, expect, it } from 'vitest';
import { activityUid } from '../../src/shared/ical-ids.ts';

describe('activityUid', () => {
  it('is stable and names the public host', () => {
    expect(activityUid(42, 'https://orrery.example.org/base')).toBe('activity-42@orrery.example.org');
    expect(activityUid(42, 'http://localhost:3000')).toBe('activity-42@localhost');
  });
});
