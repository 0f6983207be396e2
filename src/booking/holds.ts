import { systemClock, type Clock } from '../shared/clock.ts';
import type { HoldTime } from './status.ts';

/** What the booking rules need from the composition root. */
export interface BookingOptions {
  clock: Clock;
  /** Hours a requested activity holds other units' resources before the hold lapses (HOLD_EXPIRY_HOURS). */
  holdExpiryHours: number;
}

export const defaultBookingOptions: BookingOptions = { clock: systemClock, holdExpiryHours: 72 };

export const holdTime = (booking: BookingOptions): HoldTime => ({ now: booking.clock.now(), hours: booking.holdExpiryHours });
