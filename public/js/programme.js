import { allPages, api, el } from './api.js';
import { KINDS, applyI18n, lang, pick, t, zoneName } from './i18n.js';
import { renderSubscribePanel } from './subscribe.js';

const PROGRAMME_ZONE = 'Asia/Shanghai';
const main = /** @type {HTMLElement} */ (document.getElementById('main'));

function select(name, label, options) {
  const id = `filter-${name}`;
  return el('div', { class: 'field' },
    el('label', { for: id, text: label }),
    el('select', { id, name }, el('option', { value: '', text: t('filter.any') }), options.map(([value, text]) => el('option', { value, text }))));
}

function currentFilters(form) {
  const data = new FormData(form);
  return Object.fromEntries([...data.entries()].filter(([, v]) => v !== ''));
}

const FILTERS = ['kind', 'unitId', 'venueId', 'grade'];

/** The view, its date and the filters live in the URL (?view=…&date=…&kind=…), so a reload or a bookmark shows the same. */
function remember(form, view) {
  const params = new URLSearchParams(location.search);
  const filters = currentFilters(form);
  for (const name of FILTERS) if (filters[name]) params.set(name, String(filters[name])); else params.delete(name);
  if (view) {
    params.set('view', view.type);
    // The first day shown, as a date in the programme's zone (en-CA formats as YYYY-MM-DD).
    params.set('date', new Intl.DateTimeFormat('en-CA', { timeZone: PROGRAMME_ZONE }).format(view.currentStart));
  }
  history.replaceState(null, '', `${location.pathname}?${params}${location.hash}`);
}

/** One calendar event per occurrence, so a weekly club shows every week. */
function toEvent(item) {
  return {
    id: String(item.occurrenceId),
    title: pick(item.title),
    start: item.startsAt,
    end: item.endsAt,
    allDay: item.allDay,
    url: `/activities/${item.activityId}`,
    classNames: [`kind-${item.kind}`, item.cancelled ? 'is-cancelled' : ''],
  };
}

/**
 * FullCalendar draws its chevrons as role="img" without a name inside buttons that have one; a day
 * cell is labelled by its number although it holds the events. Both confuse screen readers (axe).
 */
function quietIcons(root) {
  for (const icon of root.querySelectorAll('.fc-icon[role="img"]')) {
    icon.removeAttribute('role');
    icon.setAttribute('aria-hidden', 'true');
  }
}

async function start() {
  const [units, venues] = await Promise.all([allPages('/units'), allPages('/resources?kind=venue')]);
  const form = el('form', { id: 'filters', class: 'filters', 'aria-labelledby': 'filters-legend' },
    el('h2', { id: 'filters-legend', class: 'visually-hidden', text: t('filter.legend') }),
    select('kind', t('filter.kind'), KINDS.map((k) => [k, t(`kind.${k}`)])),
    select('unitId', t('filter.unit'), units.map((u) => [String(u.id), pick(u.name)])),
    select('venueId', t('filter.venue'), venues.map((v) => [String(v.id), pick(v.name)])),
    select('grade', t('filter.grade'), Array.from({ length: 12 }, (_, i) => [String(i + 1), String(i + 1)])),
  );
  const fromUrl = new URLSearchParams(location.search);
  for (const name of FILTERS) {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLSelectElement && fromUrl.get(name)) input.value = fromUrl.get(name) ?? '';
  }
  const phone = window.matchMedia('(max-width: 640px)').matches;
  // One "筛选 / Filters" control on a phone (closed, so the first screen shows events); open on a wide screen.
  const summary = el('summary', { text: t('filter.legend') });
  const filterBox = el('details', { class: 'filter-box' }, summary, form);
  filterBox.open = !phone;
  const countFilters = () => {
    const n = Object.keys(currentFilters(form)).length;
    summary.textContent = n ? t('filter.active', { n }) : t('filter.legend');
  };
  countFilters();
  const legend = el('ul', { class: 'kind-legend', 'aria-label': t('programme.legend') },
    KINDS.map((k) => el('li', { class: `kind-${k}` }, el('span', { class: 'kind-swatch', 'aria-hidden': 'true' }), el('span', { text: t(`kind.${k}`) }))));
  const calendarEl = el('div', { id: 'calendar' });
  const subscribe = el('section', { id: 'subscribe', class: 'panel', 'aria-labelledby': 'subscribe-title' });
  main.replaceChildren(
    el('h1', { text: t('programme.title') }),
    el('p', { class: 'programme-intro', text: t('programme.intro') }),
    filterBox,
    el('p', { class: 'zone-note', text: t('zone.note', { zone: zoneName(PROGRAMME_ZONE) }) }),
    legend,
    calendarEl,
    subscribe,
  );

  const calendar = new FullCalendar.Calendar(calendarEl, {
    timeZone: PROGRAMME_ZONE,
    locale: lang() === 'en' ? 'en-gb' : 'zh-cn',
    initialDate: new URLSearchParams(location.search).get('date') || undefined,
    initialView: new URLSearchParams(location.search).get('view') || (phone ? 'listMonth' : 'dayGridMonth'),
    headerToolbar: { left: 'prev,next today', center: 'title', right: 'dayGridMonth,timeGridWeek,listMonth' },
    buttonText: { month: t('view.month'), week: t('view.week'), list: t('view.list') },
    // The list view's column headings for screen readers (FullCalendar's zh-cn locale leaves them in English).
    timeHint: t('view.timeHint'), eventHint: t('view.eventHint'),
    height: 'auto',
    // Blocks (not dots) so a title shows, wrapped, even in a phone-wide month. Each kind has its colour
    // (public/css/app.css --kind-*, white text at 5:1 or more), from the event's kind-<kind> class.
    eventDisplay: 'block',
    dayCellDidMount: ({ el: cell }) => cell.removeAttribute('aria-labelledby'),
    datesSet: ({ view }) => {
      quietIcons(calendarEl);
      remember(form, view);
    },
    events: async (info) => {
      const query = new URLSearchParams({ ...currentFilters(form), from: info.start.toISOString(), to: info.end.toISOString() });
      return (await api(`/programme?${query}`)).items.map(toEvent);
    },
  });
  calendar.render();
  quietIcons(calendarEl);
  const refresh = () => {
    countFilters();
    remember(form, calendar.view);
    calendar.refetchEvents();
    renderSubscribePanel(subscribe, currentFilters(form));
  };
  form.addEventListener('change', refresh);
  renderSubscribePanel(subscribe, currentFilters(form));
}

applyI18n();
start().catch((error) => {
  main.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error.message }) }));
});
