import { ApiProblem, api, el, setCsrfToken, showFieldErrors } from './api.js';
import { applyI18n, t } from './i18n.js';

const main = /** @type {HTMLElement} */ (document.getElementById('main'));
const AFTER_SIGN_IN = 'orrery.afterSignIn';
/**
 * Tabs that moved into the typed desk (web/desk, /desk/): an old link or bookmark (`#approvals/12`)
 * opens the same view there. Signed out, the view is kept across signing in, which lands on /desk/.
 */
const IN_DESK = new Set(['approvals', 'registrations', 'loans', 'planner', 'book']);
const inDesk = (hash) => IN_DESK.has(decodeURIComponent(hash.slice(1)).split('/')[0]);

/**
 * Tab id → module that renders the panel: render(panel, me, state, setState). The view lives in the
 * URL's hash, `#<tab>/<state>` (e.g. `#approvals/12`, `#registrations/5?status=waitlisted`), so a
 * reload or a bookmark opens the same view; a panel calls setState(state) when its view changes.
 */
const PANELS = {
  // "My activities": the unit's activities to edit, duplicate or cancel, with the older booking form
  // above them (the timeline books through it too). Booking itself is the desk's (/desk/#book).
  activities: () => import('./organizer-book.js'),
  timeline: () => import('./organizer-timeline.js'),
  deliveries: () => import('./organizer-deliveries.js'),
  readiness: () => import('./organizer-readiness.js'),
};

function signInForm() {
  const status = el('p', { role: 'status', 'aria-live': 'polite', id: 'signin-status' });
  const form = el('form', { id: 'signin-form', class: 'panel', novalidate: true },
    el('h1', { text: t('signin.title') }),
    el('p', { text: t('signin.intro') }),
    el('div', { class: 'field' }, el('label', { for: 'signin-email', text: t('signin.email') }),
      el('input', { id: 'signin-email', name: 'email', type: 'email', autocomplete: 'email', required: true })),
    el('button', { type: 'submit', text: t('signin.submit') }),
    status);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api('/auth/sign-in', { method: 'POST', body: { email: form.elements.namedItem('email').value } });
      showFieldErrors(form, { errors: [] });
      status.textContent = t('signin.sent');
    } catch (error) {
      const fields = error instanceof ApiProblem ? showFieldErrors(form, error) : 0;
      status.textContent = fields > 0 ? t('error.fields') : t('error.generic', { detail: error instanceof Error ? error.message : String(error) });
    }
  });
  return form;
}

function tabs(me) {
  const names = Object.keys(PANELS);
  const list = el('div', { role: 'tablist', class: 'tabs', 'aria-label': t('organizer.title') });
  const panel = el('section', { role: 'tabpanel', id: 'organizer-panel', tabindex: '0' });
  const setState = (name) => (state) => history.replaceState(null, '', `#${name}${state ? `/${state}` : ''}`);
  const select = async (name, state = '') => {
    for (const button of list.children) {
      const on = button.dataset.tab === name;
      button.setAttribute('aria-selected', String(on));
      button.tabIndex = on ? 0 : -1;
      if (on) panel.setAttribute('aria-labelledby', button.id);
    }
    setState(name)(state);
    // Each selection renders into its own view, so a slower earlier one cannot draw over it.
    const view = el('div', { class: 'view' }, el('p', { class: 'loading', text: t('loading') }));
    panel.replaceChildren(view);
    const module = await PANELS[name]();
    await module.render(view, me, state, setState(name));
  };
  for (const name of names) {
    const button = el('button', { type: 'button', role: 'tab', id: `tab-${name}`, 'data-tab': name, 'aria-controls': 'organizer-panel', text: t(`tab.${name}`) });
    button.addEventListener('click', () => select(name));
    button.addEventListener('keydown', (event) => {
      const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
      if (!step) return;
      const next = names[(names.indexOf(name) + step + names.length) % names.length];
      list.querySelector(`[data-tab="${next}"]`).focus();
      select(next);
    });
    list.append(button);
  }
  const fromHash = () => {
    if (inDesk(location.hash)) return location.replace(`/desk/${location.hash}`);
    const [name, ...rest] = decodeURIComponent(location.hash.slice(1)).split('/');
    return names.includes(name) ? select(name, rest.join('/')) : select(names[0]);
  };
  // A link to another view of the desk (an email's, a bookmark's) opened in this tab.
  window.addEventListener('hashchange', () => void fromHash());
  return { list, panel, start: fromHash };
}

async function start() {
  // /auth/session answers 200 either way, so a signed-out visit logs no 401 in the console.
  const me = await api('/auth/session');
  // An emailed link into the desk (#approvals/12) survives signing in, which lands on /organizer.
  if (!me.signedIn) {
    if (location.hash.length > 1) localStorage.setItem(AFTER_SIGN_IN, location.hash);
    main.replaceChildren(signInForm());
    return;
  }
  const wanted = localStorage.getItem(AFTER_SIGN_IN);
  localStorage.removeItem(AFTER_SIGN_IN);
  if (wanted && location.hash.length <= 1) history.replaceState(null, '', wanted);
  if (inDesk(location.hash)) {
    location.replace(`/desk/${location.hash}`);
    return;
  }
  setCsrfToken(me.csrfToken);
  const signOut = el('button', { type: 'button', id: 'sign-out', class: 'secondary', text: t('organizer.signOut') });
  signOut.addEventListener('click', async () => {
    await api('/auth/sign-out', { method: 'POST' });
    location.reload();
  });
  const { list, panel, start: open } = tabs(me);
  main.replaceChildren(
    el('h1', { text: t('organizer.title') }),
    el('p', {}, t('organizer.signedInAs', { email: me.email, role: t(`userRole.${me.role}`) }), ' ', signOut),
    list,
    panel);
  await open();
}

applyI18n();
start().catch((error) => {
  main.replaceChildren(el('p', { class: 'error', role: 'alert', text: t('error.generic', { detail: error instanceof Error ? error.message : String(error) }) }));
});
