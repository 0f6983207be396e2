// Resource timeline as a booking grid: one row per resource, one cell per hour (per day in the month
// view). Bars are bookings (confirmed, or requested: a hold waiting for approval), hatched cells are
// blocked time (holiday, closure, maintenance, outside opening hours), tinted cells a pool partly in use.
// Click or drag over free cells — or move with the arrow keys and press Enter — to book them: the
// booking form below opens pre-filled with those resources and times. Our own DOM and CSS (FullCalendar's
// resource timeline is a paid plugin).
import { dateInput } from './local-inputs.js';
import { allPages, api, el } from './api.js';
import { lang, pick, t, zoneName } from './i18n.js';
import { field, options, today } from './organizer-common.js';
import { bookForm } from './organizer-book.js';
import { dayList } from './organizer-timeline-list.js';
import { cellPosition, shownHours } from './organizer-timeline-hours.js';

const { DateTime } = window.luxon;

/** The pagings: how long a page is and what one cell stands for; "list" is one day as a list (phones). */
const VIEWS = /** @type {const} */ (['day', 'week', 'month', 'list']);
/** Bookings overlapping in one row (a pool) share its height in lanes; past this they stack on the last. */
const MAX_LANES = 3;
/** Below this width the grid opens on the day list: a week of hour cells cannot fit a phone. */
const NARROW = '(max-width: 640px)';

const locale = () => (lang() === 'en' ? 'en-GB' : 'zh-CN');
const inZone = (iso, zone) => DateTime.fromISO(iso, { setZone: true }).setZone(zone);

/** The page holding `date`: its first instant and its end. */
function page(view, date, zone) {
  const day = DateTime.fromISO(date, { zone });
  const from = view === 'week' ? day.startOf('week') : view === 'month' ? day.startOf('month') : day.startOf('day');
  const to = view === 'week' ? from.plus({ weeks: 1 }) : view === 'month' ? from.plus({ months: 1 }) : from.plus({ days: 1 });
  return { view, from, to, step: view === 'month' ? { days: 1 } : { hours: 1 } };
}

/** Each cell's start: a day per cell (month), every hour (day), or the shown hours of each day (week). */
function withCells(p, hours) {
  const cells = [];
  for (let at = p.from; at < p.to; at = at.plus(p.step)) {
    if (p.view !== 'week' || (at.hour >= hours.start && at.hour < hours.end)) cells.push(at);
  }
  return { ...p, cells, hours };
}

/** Turns a date by one page forwards or backwards. */
function turn(view, date, by) {
  const d = DateTime.fromISO(date);
  return (view === 'week' ? d.plus({ weeks: by }) : view === 'month' ? d.plus({ months: by }) : d.plus({ days: by })).toISODate();
}

/** A drag that ends outside the grid ends too: one document listener, pointed at the grid last drawn. */
/** @type {() => void} */
let releaseDrag = () => {};
document.addEventListener('pointerup', () => releaseDrag());

/** Activities of other units hide their titles (the server says null); the approval queue names those waiting for us. */
let waiting = new Map();
const titleOf = (booking) => (booking.title ? pick(booking.title) : waiting.has(booking.activityId) ? pick(waiting.get(booking.activityId)) : null);

/** Whether a cell begins a day on the page (the first shown hour of the week view's days). */
const dayStart = (p, i) => p.view === 'month' || i === 0 || p.cells[i].toISODate() !== p.cells[i - 1].toISODate();

/**
 * The scale above the rows: days (week, month) and hours (day, week); the week has a row of days over
 * a row of hours. Decoration: every cell says it in words.
 */
function scale(p) {
  const rows = [];
  if (p.view === 'week') {
    const days = el('div', { class: 'grid-track' });
    p.cells.forEach((at, i) => {
      if (!dayStart(p, i)) return;
      const span = p.cells.filter((c) => c.toISODate() === at.toISODate()).length;
      const day = el('span', { class: 'grid-day', text: at.setLocale(locale()).toFormat('MM-dd ccc') });
      day.style.flexGrow = String(span);
      days.append(day);
    });
    rows.push(el('div', { class: 'grid-row grid-head grid-days', 'aria-hidden': 'true' }, el('span', { class: 'grid-label' }), days));
  }
  const track = el('div', { class: 'grid-track' });
  p.cells.forEach((at, i) => {
    // Week hours every third hour from each day's first shown hour; labels name the hour, never a cell's index.
    const label = p.view === 'month' ? at.toFormat('d') : p.view === 'day' || (at.hour - p.hours.start) % 3 === 0 ? at.toFormat('HH') : '';
    track.append(el('span', { class: `grid-tick${dayStart(p, i) ? ' day-start' : ''}`, text: label, 'data-cell': String(i) }));
  });
  rows.push(el('div', { class: 'grid-row grid-head grid-hours', 'aria-hidden': 'true' }, el('span', { class: 'grid-label' }), track));
  return rows;
}

/** What a cell overlaps: blocks, the pool's use. */
function cellState(schedule, start, end) {
  const overlaps = (x) => Date.parse(x.startsAt) < end && Date.parse(x.endsAt) > start;
  const blocks = schedule.blocks.filter(overlaps);
  const inUse = Math.max(0, ...schedule.periods.filter(overlaps).map((p) => p.inUse));
  return { blocks, inUse };
}

/** The bars of one row, placed by cell index (fractional), in lanes when they overlap. */
function bars(schedule, p, zone) {
  const cells = p.cells.length;
  const sorted = [...schedule.bookings].sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
  const laneEnds = [];
  const placed = sorted.map((b) => {
    const start = Date.parse(b.startsAt);
    let lane = laneEnds.findIndex((end) => end <= start);
    if (lane < 0) lane = Math.min(laneEnds.length, MAX_LANES - 1);
    laneEnds[lane] = Math.max(laneEnds[lane] ?? 0, Date.parse(b.endsAt));
    return { b, lane };
  });
  const lanes = Math.max(1, Math.min(MAX_LANES, laneEnds.length));
  return placed.flatMap(({ b, lane }) => {
    // Bars sit in fractions of the row's track, so the week's cells may share whatever width there is.
    const left = cellPosition(p, Date.parse(b.startsAt)) / cells;
    const right = cellPosition(p, Date.parse(b.endsAt)) / cells;
    if (right <= left) return [];
    const title = titleOf(b);
    const when = `${inZone(b.startsAt, zone).setLocale(locale()).toFormat('MM-dd ccc HH:mm')}–${inZone(b.endsAt, zone).toFormat('HH:mm')}`;
    const pool = schedule.quantity > 1 ? ` · ${t('timeline.inUse', { quantity: b.quantity, pool: schedule.quantity })}` : '';
    const text = `${title ?? t('timeline.busy')}${pool} · ${t(`status.${b.status}`)}`;
    const attrs = { class: `grid-bar bar-${b.status}${title ? '' : ' bar-hidden'}`, title: `${when} ${text}`, 'data-activity': String(b.activityId) };
    // A bar the viewer may not see the title of is not a link either: the activity page would not show it.
    const bar = title ? el('a', { ...attrs, href: `/activities/${b.activityId}`, text, 'aria-label': `${when} ${text}` }) : el('span', { ...attrs, text });
    Object.assign(bar.style, {
      left: `${(left * 100).toFixed(3)}%`, width: `${(Math.max(0.3 / cells, right - left) * 100).toFixed(3)}%`,
      top: `calc(var(--row) * ${lane / lanes})`, height: `calc(var(--row) / ${lanes})`,
    });
    return [bar];
  });
}

/** One resource: its name, a focusable cell per hour or day, its bars. */
function row(resource, schedule, p, zone, r) {
  const name = `${pick(resource.name)}${resource.kind === 'equipment' ? ` ×\u00a0${resource.quantity}` : ''}`;
  const track = el('div', { class: 'grid-track' });
  p.cells.forEach((at, c) => {
    const end = at.plus(p.step);
    const { blocks, inUse } = cellState(schedule, at.toMillis(), end.toMillis());
    const when = p.view === 'month' ? at.setLocale(locale()).toFormat('MM-dd ccc') : `${at.setLocale(locale()).toFormat('MM-dd ccc HH:mm')}–${end.toFormat('HH:mm')}`;
    const state = blocks.length ? t('timeline.blocked', { reason: [...new Set(blocks.map((b) => pick(b.reason)))].join('; ') })
      : inUse >= schedule.quantity ? t('timeline.full') : inUse > 0 ? t('timeline.inUse', { quantity: inUse, pool: schedule.quantity }) : t('timeline.freeCell');
    const cls = ['grid-cell', blocks.some((b) => b.kind === 'opening_hours') ? 'closed' : '', blocks.some((b) => b.kind !== 'opening_hours') ? 'blocked' : '',
      !blocks.length && inUse > 0 ? (inUse >= schedule.quantity ? 'used-full' : 'used-part') : '', dayStart(p, c) ? 'day-start' : ''];
    track.append(el('button', {
      type: 'button', class: cls.filter(Boolean).join(' '), tabindex: '-1', 'data-row': String(r), 'data-cell': String(c),
      'aria-label': `${name} · ${when} · ${state}`,
    }));
  });
  track.append(...bars(schedule, p, zone));
  return el('div', { class: 'grid-row resource-row', 'data-resource': String(resource.id) },
    el('h3', { class: 'grid-label', id: `timeline-${resource.id}`, text: name, title: `${name} · ${t(`kind.${resource.kind}`)}` }), track);
}

/**
 * Selection by pointer (press, drag, release) and keyboard (arrows move the focus cell, Shift+arrows
 * widen the selection, Enter or Space books it). Hour cells select within one day.
 */
function selectable(grid, p, onPick) {
  /** @type {{ r: number, c: number } | null} */
  let anchor = null;
  let focus = { r: 0, c: 0 };
  let dragging = false;
  const cellAt = (r, c) => /** @type {HTMLElement | null} */ (grid.querySelector(`.grid-cell[data-row="${r}"][data-cell="${c}"]`));
  const rows = grid.querySelectorAll('.resource-row').length;
  const sameDay = (c) => {
    if (!anchor || p.view === 'month') return c;
    const day = p.cells[anchor.c].toISODate();
    let x = c;
    while (p.cells[x].toISODate() !== day) x += x > anchor.c ? -1 : 1;
    return x;
  };
  const paint = () => {
    for (const cell of grid.querySelectorAll('.grid-cell.selected')) cell.classList.remove('selected');
    if (!anchor) return;
    const [r0, r1] = [Math.min(anchor.r, focus.r), Math.max(anchor.r, focus.r)];
    const [c0, c1] = [Math.min(anchor.c, focus.c), Math.max(anchor.c, focus.c)];
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) cellAt(r, c)?.classList.add('selected');
  };
  const moveTo = (r, c, extend) => {
    const next = cellAt(Math.max(0, Math.min(rows - 1, r)), Math.max(0, Math.min(p.cells.length - 1, c)));
    if (!next) return;
    const old = cellAt(focus.r, focus.c);
    if (old) old.tabIndex = -1;
    if (!extend) anchor = null;
    else if (!anchor) anchor = { ...focus };
    focus = { r: Number(next.dataset.row), c: sameDay(Number(next.dataset.cell)) };
    const target = cellAt(focus.r, focus.c) ?? next;
    target.tabIndex = 0;
    target.focus();
    paint();
  };
  const pick = () => {
    const a = anchor ?? focus;
    onPick({ rows: [Math.min(a.r, focus.r), Math.max(a.r, focus.r)], cells: [Math.min(a.c, focus.c), Math.max(a.c, focus.c)] });
  };
  const first = cellAt(0, p.view === 'day' ? Math.min(9, p.cells.length - 1) : 0);
  if (first) {
    first.tabIndex = 0;
    focus = { r: 0, c: Number(first.dataset.cell) };
  }
  // Focus that arrives another way (a click, a script, the tab key onto the stop) becomes the focus cell.
  grid.addEventListener('focusin', (event) => {
    const cell = /** @type {HTMLElement} */ (event.target);
    if (!cell.classList?.contains('grid-cell')) return;
    const r = Number(cell.dataset.row);
    const c = Number(cell.dataset.cell);
    if (r === focus.r && c === focus.c) return;
    const old = cellAt(focus.r, focus.c);
    if (old) old.tabIndex = -1;
    cell.tabIndex = 0;
    focus = { r, c };
    if (!dragging) {
      anchor = null;
      paint();
    }
  });
  grid.addEventListener('keydown', (event) => {
    const cell = /** @type {HTMLElement} */ (event.target);
    if (!cell.classList?.contains('grid-cell')) return;
    const moves = { ArrowLeft: [0, -1], ArrowRight: [0, 1], ArrowUp: [-1, 0], ArrowDown: [1, 0] };
    if (moves[event.key]) {
      event.preventDefault();
      moveTo(focus.r + moves[event.key][0], focus.c + moves[event.key][1], event.shiftKey);
    } else if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      pick();
    } else if (event.key === 'Escape') {
      anchor = null;
      paint();
    }
  });
  grid.addEventListener('pointerdown', (event) => {
    const cell = /** @type {HTMLElement} */ (event.target);
    if (!cell.classList?.contains('grid-cell') || event.button !== 0) return;
    // A touch captures the pointer to where it began; releasing lets the cells it passes over see it.
    cell.releasePointerCapture?.(event.pointerId);
    dragging = true;
    event.preventDefault();
    moveTo(Number(cell.dataset.row), Number(cell.dataset.cell), false);
    anchor = { ...focus };
    paint();
  });
  grid.addEventListener('pointerover', (event) => {
    const cell = /** @type {HTMLElement} */ (event.target);
    if (!dragging || !cell.classList?.contains('grid-cell')) return;
    focus = { r: Number(cell.dataset.row), c: sameDay(Number(cell.dataset.cell)) };
    paint();
  });
  const release = () => {
    if (!dragging) return;
    dragging = false;
    pick();
  };
  releaseDrag = release;
}

function legend() {
  const item = (cls, key) => el('li', {}, el('span', { class: `swatch ${cls}`, 'aria-hidden': 'true' }), t(key));
  return el('ul', { class: 'grid-legend', 'aria-label': t('timeline.legend') },
    item('bar-confirmed', 'timeline.legendConfirmed'), item('bar-requested', 'timeline.legendRequested'), item('bar-hidden', 'timeline.legendBusy'),
    item('used-part', 'timeline.legendPool'), item('blocked', 'timeline.legendBlocked'), item('closed', 'timeline.legendClosed'), item('selected', 'timeline.legendSelected'));
}

/** Resources × cells of the page (or the day list); a selection calls `onPick(resources, startsAt, endsAt)` (luxon, in `zone`). */
async function draw(box, resources, span, zone, onPick, latest) {
  const query = `from=${encodeURIComponent(String(span.from.toISO()))}&to=${encodeURIComponent(String(span.to.toISO()))}`;
  const schedules = await Promise.all(resources.map((r) => api(`/resources/${r.id}/schedule?${query}`)));
  if (!latest()) return;
  const p = withCells(span, shownHours(schedules, span.from, span.to, zone));
  if (p.view === 'list') {
    box.replaceChildren(dayList({ resources, schedules, p, zone, locale: locale(), titleOf, onPick }));
    return;
  }
  const grid = el('div', { class: `booking-grid view-${p.view}`, id: 'booking-grid', role: 'group', 'aria-label': t('timeline.gridLabel') },
    ...scale(p), ...resources.map((r, i) => row(r, schedules[i], p, zone, i)));
  if (resources.length === 0) grid.append(el('p', { class: 'muted', text: t('timeline.none') }));
  selectable(grid, p, ({ rows, cells }) => {
    const chosen = resources.slice(rows[0], rows[1] + 1);
    onPick(chosen, p.cells[cells[0]], p.cells[cells[1]].plus(p.step));
  });
  box.replaceChildren(el('div', { class: 'grid-scroll' }, grid));
}

export async function render(panel, me) {
  const [units, resources, claims] = await Promise.all([allPages('/units'), allPages('/resources'), allPages('/approvals').catch(() => [])]);
  waiting = new Map(claims.map((c) => /** @type {[number, any]} */ ([c.activityId, c.activityTitle])));
  const zone = units.find((u) => u.id === me.unitId)?.timeZone ?? 'Asia/Shanghai';
  const params = new URLSearchParams(location.search);
  const form = el('form', { class: 'filters', id: 'timeline-filters' },
    field('timeline-view', t('timeline.view'), el('select', { name: 'view' }, options(VIEWS.map((v) => [v, t(`timeline.${v}`)]), matchMedia(NARROW).matches ? 'list' : 'week'))),
    field('timeline-date', t('timeline.date'), dateInput({ name: 'date' }, params.get('week') || today(zone))),
    field('timeline-unit', t('timeline.unit'), el('select', { name: 'unit' }, el('option', { value: '', text: t('timeline.all') }), options(units.map((u) => [u.id, pick(u.name)])))),
    field('timeline-kind', t('timeline.kind'), el('select', { name: 'kind' }, el('option', { value: '', text: t('timeline.all') }), options(['equipment', 'venue', 'staff'].map((k) => [k, t(`kind.${k}`)])))));
  const nav = el('p', { class: 'buttons grid-nav' });
  for (const [key, by] of /** @type {Array<[string, number]>} */ ([['timeline.previous', -1], ['timeline.today', 0], ['timeline.next', 1]])) {
    const button = el('button', { type: 'button', class: 'secondary', text: t(key) });
    button.addEventListener('click', () => {
      const date = form.elements.namedItem('date');
      date.value = by === 0 ? today(zone) : turn(form.elements.namedItem('view').value, date.value || today(zone), by);
      redraw().catch(failed);
    });
    nav.append(button);
  }
  const box = el('div', { id: 'timeline', 'aria-live': 'polite' });
  const booking = el('section', { id: 'timeline-book', 'aria-label': t('book.title'), hidden: true });
  const { form: bookingForm, prefill } = bookForm(me, units, resources, () => redraw().catch(failed));
  booking.append(bookingForm);
  const venueIds = new Set(resources.filter((r) => r.kind === 'venue').map((r) => r.id));
  const onPick = (chosen, start, end) => {
    booking.hidden = false;
    // A booking ends on its day: a selection up to midnight ends a minute before.
    const last = end.toISODate() === start.toISODate() ? end : start.endOf('day');
    const month = form.elements.namedItem('view').value === 'month';
    prefill({
      date: start.toISODate(), start: month ? '09:00' : start.toFormat('HH:mm'), end: month ? '11:00' : last.toFormat('HH:mm'), timeZone: zone,
      venueId: chosen.find((r) => venueIds.has(r.id))?.id ?? null,
      claims: chosen.filter((r) => !venueIds.has(r.id)).map((r) => ({ resourceId: r.id, quantity: 1 })),
    });
    booking.scrollIntoView({ block: 'start' });
    /** @type {HTMLInputElement} */ (bookingForm.querySelector('[name="title.zh-CN"]')).focus();
  };
  // Each change redraws; only the latest may draw (an earlier one can answer last).
  let draws = 0;
  // A typed date fires "change" again when the field loses focus (to the grid: a press there must not be
  // lost to a redraw of the same page), so a change that changes nothing draws nothing.
  const filters = () => ['view', 'date', 'unit', 'kind'].map((n) => form.elements.namedItem(n).value).join('|');
  let drawnFor = '';
  const redraw = async () => {
    const mine = ++draws;
    drawnFor = filters();
    const unit = form.elements.namedItem('unit').value;
    const kind = form.elements.namedItem('kind').value;
    const view = form.elements.namedItem('view').value;
    const shown = resources.filter((r) => (!unit || String(r.unitId) === unit) && (!kind || r.kind === kind));
    await draw(box, shown, page(view, form.elements.namedItem('date').value || today(zone), zone), zone, onPick, () => mine === draws);
  };
  const failed = (error) => box.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error.message }) }));
  form.addEventListener('change', () => (filters() === drawnFor ? undefined : redraw().catch(failed)));
  panel.replaceChildren(el('h2', { text: t('timeline.title') }), form, nav, el('p', { class: 'zone-note', text: t('timeline.zone', { zone: zoneName(zone) }) }),
    el('p', { class: 'muted', id: 'timeline-help' }, t('timeline.help'), ' ', el('span', { class: 'keyboard-hint', id: 'timeline-keys', text: t('timeline.keys') })), legend(), box, booking);
  await redraw();
}
