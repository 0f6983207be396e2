import { ApiProblem, api, el, showFieldErrors } from './api.js';
import { applyI18n, formatRange, lang, pick, t } from './i18n.js';
import { GRADE_MAX, GRADE_MIN, REGISTRATION_ROLES } from './generated/enums.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const activityId = main.dataset.activity;

function field(name, label, input) {
  input.id = `register-${name}`;
  input.name = name;
  return el('div', { class: 'field' }, el('label', { for: input.id, text: label }), input);
}

function registerForm(activity) {
  const status = el('p', { id: 'register-status', role: 'status', 'aria-live': 'polite' });
  const form = el('form', { id: 'register-form', class: 'panel', novalidate: true },
    el('h2', { text: t('register.title') }),
    field('name', t('register.name'), el('input', { type: 'text', autocomplete: 'name', required: true })),
    field('email', t('register.email'), el('input', { type: 'email', autocomplete: 'email', required: true })),
    field('role', t('register.role'), el('select', {}, REGISTRATION_ROLES.map((r) => el('option', { value: r, text: t(`role.${r}`) })))),
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
    try {
      const registration = await api(`/activities/${activity.id}/registrations`, { method: 'POST', body: data });
      showFieldErrors(form, { errors: [] });
      status.textContent = registration.status === 'waitlisted'
        ? t('register.waitlisted', { position: registration.waitlistPosition ?? '' })
        : t('register.done');
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
  main.replaceChildren(...[
    el('p', {}, el('a', { href: '/', text: `← ${t('activity.back')}` })),
    el('h1', { text: pick(activity.title) }),
    activity.status === 'cancelled' ? el('p', { class: 'badge cancelled', text: t('activity.status.cancelled') }) : null,
    el('p', { class: 'kind', text: t(`kind.${activity.kind}`) }),
    el('dl', { class: 'facts' },
      el('dt', { text: t('activity.when') }), el('dd', { id: 'activity-when', text: formatRange(activity.startsAt, activity.endsAt, activity.timeZone, activity.allDay) }),
      el('dt', { text: t('activity.where') }), el('dd', { text: venue ? `${pick(venue.name)}${venue.location ? ` — ${venue.location}` : ''}` : '—' }),
      el('dt', { text: t('activity.audience') }), el('dd', { text: activity.audienceGrades.length ? t('activity.grades', { grades: activity.audienceGrades.join(', ') }) : '—' }),
      el('dt', { text: t('activity.seats') }), el('dd', { id: 'activity-seats', text: seatsText(places, activity) }),
      places?.waitlisted ? el('dt', { text: t('register.waitlistTitle') }) : null,
      places?.waitlisted ? el('dd', { id: 'activity-waitlist', text: t('activity.waitlist', { count: places.waitlisted }) }) : null),
    pick(activity.description) ? el('p', { class: 'description', text: pick(activity.description) }) : null,
    activity.status === 'cancelled' ? null : registerForm(activity),
  // replaceChildren would write a null as the text "null": leave the absent parts out.
  ].filter(Boolean));
}

applyI18n();
start().catch((error) => {
  main.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error instanceof Error ? error.message : String(error) }) }));
});
