import { ApiProblem, api, el, showFieldErrors } from './api.js';
import { applyI18n, formatRange, lang, pick, t } from './i18n.js';
import { GRADE_MAX, GRADE_MIN, REGISTRATION_ROLES } from './generated/enums.js';
import { describeRule } from './rule-words.js';
import './activity-strings.js';
import { tripFacts } from './trip-facts.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const activityId = main.dataset.activity;

function field(name, label, input) {
  input.id = `register-${name}`;
  input.name = name;
  return el('div', { class: 'field' }, el('label', { for: input.id, text: label }), input);
}

const sessionOptions = (activity, places) => places.occurrences.map((o) =>
  el('option', { value: String(o.id), text: `${formatRange(o.startsAt, o.endsAt, activity.timeZone, activity.allDay)} — ${seatsText(o, activity)}` }));

/** The session picker (per-occurrence activities): each upcoming occurrence with its seats left. */
function occurrenceField(activity, places) {
  if (places?.registrationScope !== 'occurrence') return null;
  return field('occurrenceId', t('register.occurrence'), el('select', { required: true }, sessionOptions(activity, places)));
}

/** Shown while the role is student, when the server says this activity needs a guardian's consent. */
function guardianField(places, role) {
  if (!places?.guardianConsent) return null;
  const wrapper = field('guardianEmail', t('register.guardianEmail'), el('input', { type: 'email', autocomplete: 'off' }));
  const sync = () => { wrapper.hidden = role.value !== 'student'; };
  role.addEventListener('change', sync);
  sync();
  return wrapper;
}

/**
 * What a new registration may do next (issue 25 item 4): its own page (the signed link the
 * confirmation email carries: check-in QR code, change or cancel) and the calendar file. A waitlisted
 * answer shows the position instead of a QR code.
 */
function donePanel(activity, registration, message) {
  const waitlisted = registration.status === 'waitlisted';
  const manage = registration.manageUrl;
  return el('section', { id: 'register-done', class: 'panel done', role: 'status', tabindex: '-1', 'aria-labelledby': 'register-done-title' },
    el('h2', { id: 'register-done-title', text: t(waitlisted ? 'done.waitlistTitle' : 'done.title') }),
    el('p', { id: 'register-done-message', class: 'lead', text: message }),
    manage ? el('p', { class: 'help', text: t(waitlisted ? 'done.waitlistHelp' : 'done.help') }) : null,
    el('p', { class: 'buttons' },
      manage ? el('a', { class: 'button', id: 'done-manage', href: manage, text: t('done.manage') }) : null,
      manage && !waitlisted ? el('a', { class: 'button secondary', id: 'done-qr', href: `${manage}#check-in-title`, text: t('done.qr') }) : null,
      waitlisted ? null : el('a', { class: 'button secondary', id: 'done-ics', href: `/api/v1/activities/${activity.id}/calendar.ics?lang=${lang()}`, download: `activity-${activity.id}.ics`, text: t('done.ics') })));
}

/** Places after a change, from the server: the seats figure, the sessions list and the session picker. */
async function refreshPlaces(activity) {
  const places = await api(`/activities/${activity.id}/places`).catch(() => null);
  if (!places) return;
  const seats = document.getElementById('activity-seats');
  if (seats) seats.textContent = seatsText(places, activity);
  const waitlist = document.getElementById('activity-waitlist');
  if (waitlist) waitlist.textContent = t('activity.waitlist', { count: places.waitlisted });
  else if (seats && places.waitlisted) seats.after(el('dt', { text: t('register.waitlistTitle') }), el('dd', { id: 'activity-waitlist', text: t('activity.waitlist', { count: places.waitlisted }) }));
  const sessions = sessionsList(activity, places);
  if (sessions) document.getElementById('sessions-panel')?.replaceWith(sessions);
  const picker = /** @type {HTMLSelectElement | null} */ (document.getElementById('register-occurrenceId'));
  if (picker) picker.replaceChildren(...sessionOptions(activity, places));
}

function registerForm(activity, places) {
  const status = el('p', { id: 'register-status', role: 'status', 'aria-live': 'polite' });
  const heading = el('h2', { text: t('register.title') });
  const role = el('select', {}, REGISTRATION_ROLES.map((r) => el('option', { value: r, text: t(`role.${r}`) })));
  const form = el('form', { id: 'register-form', class: 'panel', novalidate: true },
    heading,
    field('name', t('register.name'), el('input', { type: 'text', autocomplete: 'name', required: true })),
    field('email', t('register.email'), el('input', { type: 'email', autocomplete: 'email', required: true })),
    occurrenceField(activity, places),
    field('role', t('register.role'), role),
    guardianField(places, role),
    field('grade', t('register.grade'), el('select', {}, el('option', { value: '', text: '—' }), Array.from({ length: GRADE_MAX - GRADE_MIN + 1 }, (_, i) => el('option', { value: String(GRADE_MIN + i), text: String(GRADE_MIN + i) })))),
    field('class', t('register.class'), el('input', { type: 'text' })),
    field('language', t('register.language'), el('select', {},
      el('option', { value: 'zh-CN', text: '中文', selected: lang() === 'zh-CN' }),
      el('option', { value: 'en', text: 'English', selected: lang() === 'en' }))),
    el('button', { type: 'submit', text: t('register.submit') }),
    status,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    /** @type {Record<string, any>} */
    const data = Object.fromEntries([...new FormData(form).entries()].filter(([, v]) => v !== ''));
    if (data.grade) data.grade = Number(data.grade);
    if (data.occurrenceId) data.occurrenceId = Number(data.occurrenceId);
    if (data.role !== 'student') delete data.guardianEmail;
    try {
      const registration = await api(`/activities/${activity.id}/registrations`, { method: 'POST', body: data });
      showFieldErrors(form, { errors: [] });
      // The same address again: nothing changed and no email went, so say so, not "registered!" once more.
      if (registration.alreadyRegistered) {
        status.textContent = registration.status === 'waitlisted'
          ? t('register.existingWaitlisted', { position: registration.waitlistPosition ?? '' })
          : t('register.existing');
      } else {
        const message = registration.status === 'waitlisted'
          ? t('register.waitlisted', { position: registration.waitlistPosition ?? '' })
          : data.guardianEmail ? t('register.consentSent') : t('register.done');
        // Done: the panel says so and what comes next; the form empties, for someone else.
        document.getElementById('register-done')?.remove();
        const done = donePanel(activity, registration, message);
        form.before(done);
        form.reset();
        role.dispatchEvent(new Event('change'));
        status.textContent = '';
        heading.textContent = t('done.another');
        done.focus();
        await refreshPlaces(activity);
      }
    } catch (error) {
      if (error instanceof ApiProblem && showFieldErrors(form, error) > 0) status.textContent = t('error.fields');
      else status.textContent = t('error.generic', { detail: error instanceof Error ? error.message : String(error) });
    }
  });
  return form;
}

/** Seats left out of the capacity, "full" when none (new registrations join the waitlist), or no limit. */
function seatsText(places, activity) {
  const capacity = places?.capacity ?? activity.capacity;
  if (capacity === null || capacity === undefined) return t('activity.unlimited');
  if (!places) return String(capacity);
  return places.seatsLeft > 0 ? t('activity.seatsOf', { left: places.seatsLeft, capacity }) : t('activity.full');
}

/** Google and Outlook "new event" links and the server's .ics of this one activity. */
function calendarPanel(activity, venue) {
  const stamp = (iso) => new Date(iso).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = (iso) => new Intl.DateTimeFormat('en-CA', { timeZone: activity.timeZone }).format(new Date(iso)).replace(/-/g, '');
  const title = pick(activity.title);
  const where = venue ? `${pick(venue.name)}${pick(venue.place) ? `, ${pick(venue.place)}` : ''}` : '';
  const page = location.href.split('#')[0];
  const google = new URL('https://calendar.google.com/calendar/render');
  google.search = new URLSearchParams({
    action: 'TEMPLATE', text: title, details: `${pick(activity.description)}\n${page}`.trim(), location: where, ctz: activity.timeZone,
    dates: activity.allDay ? `${day(activity.startsAt)}/${day(activity.endsAt)}` : `${stamp(activity.startsAt)}/${stamp(activity.endsAt)}`,
    ...(activity.recurrenceRule ? { recur: `RRULE:${activity.recurrenceRule}` } : {}),
  }).toString();
  const outlook = new URL('https://outlook.live.com/calendar/0/deeplink/compose');
  outlook.search = new URLSearchParams({
    path: '/calendar/action/compose', rru: 'addevent', subject: title, body: page, location: where,
    startdt: new Date(activity.startsAt).toISOString(), enddt: new Date(activity.endsAt).toISOString(), ...(activity.allDay ? { allday: 'true' } : {}),
  }).toString();
  const opens = { target: '_blank', rel: 'noopener noreferrer' };
  return el('section', { class: 'panel', id: 'add-to-calendar', 'aria-labelledby': 'calendar-title' },
    el('h2', { id: 'calendar-title', text: t('activity.calendar') }),
    el('p', { class: 'buttons' },
      el('a', { class: 'button', id: 'calendar-ics', href: `/api/v1/activities/${activity.id}/calendar.ics?lang=${lang()}`, download: `activity-${activity.id}.ics`, text: t('activity.ics') }),
      el('a', { class: 'button secondary', id: 'calendar-google', href: google.toString(), ...opens, text: t('activity.google') }),
      el('a', { class: 'button secondary', id: 'calendar-outlook', href: outlook.toString(), ...opens, text: t('activity.outlook') })));
}

/**
 * Each upcoming session's places and waitlist, before anyone registers: per-occurrence activities
 * (each session its own places) and weekly series (the series' places; past sessions are not listed).
 */
function sessionsList(activity, places) {
  const perSession = places?.registrationScope === 'occurrence';
  if (!perSession && !(activity.recurrenceRule && places)) return null;
  const upcoming = places.occurrences.length === 0 ? el('p', { id: 'activity-sessions-none', text: t('activity.noUpcoming') }) : null;
  return el('section', { class: 'panel', id: 'sessions-panel', 'aria-labelledby': 'sessions-title' },
    el('h2', { id: 'sessions-title', text: t(perSession ? 'activity.sessions' : 'activity.upcoming') }),
    upcoming,
    el('ul', { id: 'activity-sessions' }, places.occurrences.map((o) => el('li', {},
      `${formatRange(o.startsAt, o.endsAt, activity.timeZone, activity.allDay)} — ${seatsText(o, activity)}`,
      o.waitlisted ? ` · ${t('register.waitlistTitle')} ${t('activity.waitlist', { count: o.waitlisted })}` : ''))));
}

/**
 * A one-off activity's date and times; a series' rule in words with its times of day ("每周四
 * 16:00–17:30，共 10 次"): its first date may be long past, the sessions list shows what is ahead.
 */
function whenText(activity) {
  if (!activity.recurrenceRule) return formatRange(activity.startsAt, activity.endsAt, activity.timeZone, activity.allDay);
  const firstDay = new Intl.DateTimeFormat('en-CA', { timeZone: activity.timeZone }).format(new Date(activity.startsAt));
  const time = new Intl.DateTimeFormat('en-GB', { timeZone: activity.timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const at = activity.allDay ? undefined : `${time.format(new Date(activity.startsAt))}–${time.format(new Date(activity.endsAt))}`;
  return describeRule(activity.recurrenceRule, firstDay, at);
}

async function start() {
  let activity;
  try {
    activity = await api(`/activities/${activityId}`);
  } catch (error) {
    if (error instanceof ApiProblem && error.status === 404) {
      main.replaceChildren(el('p', { role: 'alert', text: t('error.notFound') }), el('a', { href: '/', text: t('activity.back') }));
      return;
    }
    throw error;
  }
  const venue = activity.venueId ? await api(`/resources/${activity.venueId}`).catch(() => null) : null;
  document.title = `${pick(activity.title)} · Orrery`;
  const places = await api(`/activities/${activityId}/places`).catch(() => null);
  const perSession = places?.registrationScope === 'occurrence';
  main.replaceChildren(...[
    el('p', {}, el('a', { href: '/', text: `← ${t('activity.back')}` })),
    el('h1', { text: pick(activity.title) }),
    activity.status === 'cancelled' ? el('p', { class: 'badge cancelled', text: t('activity.status.cancelled') }) : null,
    el('p', { class: 'kind', text: t(`kind.${activity.kind}`) }),
    el('dl', { class: 'facts' },
      el('dt', { text: t('activity.when') }), el('dd', { id: 'activity-when', text: whenText(activity) }),
      el('dt', { text: t('activity.where') }), el('dd', { id: 'activity-where', text: venue ? `${pick(venue.name)}${pick(venue.place) ? ` — ${pick(venue.place)}` : ''}` : '—' }),
      ...tripFacts(activity),
      el('dt', { text: t('activity.audience') }), el('dd', { text: activity.audienceGrades.length ? t('activity.grades', { grades: activity.audienceGrades.join(', ') }) : '—' }),
      // Per-occurrence activities show their places per session below instead.
      perSession ? null : el('dt', { text: t('activity.seats') }), perSession ? null : el('dd', { id: 'activity-seats', text: seatsText(places, activity) }),
      places?.waitlisted && !perSession ? el('dt', { text: t('register.waitlistTitle') }) : null,
      places?.waitlisted && !perSession ? el('dd', { id: 'activity-waitlist', text: t('activity.waitlist', { count: places.waitlisted }) }) : null),
    pick(activity.description) ? el('p', { class: 'description', text: pick(activity.description) }) : null,
    sessionsList(activity, places),
    activity.status === 'cancelled' ? null : calendarPanel(activity, venue),
    activity.status === 'cancelled' ? null : registerForm(activity, places),
  // replaceChildren would write a null as the text "null": leave the absent parts out.
  ].filter(Boolean));
}

applyI18n();
start().catch((error) => {
  main.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error instanceof Error ? error.message : String(error) }) }));
});
