// Which hours of the day the booking grid shows. A week of 24-hour days is mostly night: at 1280 px
// fewer than two days fitted, and a phone saw Monday 00:00–07:00 (issue 25, item 5). The grid shows the
// hours the shown resources are open — read from the server's own "outside opening hours" blocks, so
// the browser does not re-implement opening hours — widened to any booking that lies outside them.

/** Shown when no shown resource has opening hours (all are always open) and nothing is booked outside. */
export const FALLBACK_HOURS = /** @type {const} */ ({ start: 8, end: 18 });

const HOUR = 3_600_000;

/** Milliseconds of [start, end) covered by the (possibly overlapping) intervals. */
function covered(intervals, start, end) {
  const clipped = intervals.map(([a, b]) => [Math.max(a, start), Math.min(b, end)]).filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  let total = 0;
  let reach = start;
  for (const [a, b] of clipped) {
    if (b <= reach) continue;
    total += b - Math.max(a, reach);
    reach = b;
  }
  return total;
}

/**
 * The hours [start, end) of each day to show for the page [from, to) (luxon, in the grid's zone): from
 * the earliest hour any shown resource is open to the latest, widened to bookings of less than a day
 * that fall outside; FALLBACK_HOURS when no resource has opening hours.
 * @param {Array<{ blocks: Array<{ kind: string, startsAt: string, endsAt: string }>, bookings: Array<{ startsAt: string, endsAt: string }> }>} schedules
 */
export function shownHours(schedules, from, to, zone) {
  let start = 24;
  let end = 0;
  for (const schedule of schedules) {
    const closed = schedule.blocks.filter((b) => b.kind === 'opening_hours').map((b) => [Date.parse(b.startsAt), Date.parse(b.endsAt)]);
    // No "closed" block at all: the resource is always open and says nothing about the day's hours.
    if (closed.length === 0) continue;
    for (let at = from; at < to; at = at.plus({ hours: 1 })) {
      const ms = at.toMillis();
      if (covered(closed, ms, ms + HOUR) >= HOUR) continue;
      start = Math.min(start, at.hour);
      end = Math.max(end, at.hour + 1);
    }
  }
  if (start >= end) ({ start, end } = FALLBACK_HOURS);
  const { DateTime } = window.luxon;
  for (const booking of schedules.flatMap((s) => s.bookings)) {
    const a = DateTime.fromISO(booking.startsAt).setZone(zone);
    const b = DateTime.fromISO(booking.endsAt).setZone(zone);
    // A booking over a whole day or across midnight (an exhibition) shows across the open hours instead.
    if (b <= from || a >= to || b.diff(a).as('hours') >= 24 || b.minus(1).toISODate() !== a.toISODate()) continue;
    start = Math.min(start, a.hour);
    // An end at midnight is the day's 24:00.
    end = Math.max(end, (b.hour + (b.minute > 0 || b.second > 0 ? 1 : 0)) || 24);
  }
  return { start, end };
}

/**
 * Where an instant falls on the page's cells, as a fractional cell index; an instant in hidden hours
 * (the night between two shown days) sits at the start of the next shown cell.
 */
export function cellPosition(p, ms) {
  for (let i = 0; i < p.cells.length; i++) {
    const s = p.cells[i].toMillis();
    const e = p.cells[i].plus(p.step).toMillis();
    if (ms < s) return i;
    if (ms < e) return i + (ms - s) / (e - s);
  }
  return p.cells.length;
}
