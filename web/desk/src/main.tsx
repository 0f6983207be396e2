import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import 'tdesign-react/es/style/index.css';
import './desk.css';
import { api, ok, setCsrfToken } from './api.ts';
import { App, TABS, type Me } from './App.tsx';
import { lang, t } from './i18n.ts';

/** Where the sign-in form of /organizer keeps an emailed link's view (#approvals/12) across signing in. */
const AFTER_SIGN_IN = 'orrery.afterSignIn';

async function start(): Promise<void> {
  document.documentElement.lang = lang();
  document.title = `${t('desk.title')} · Orrery`;
  const session = ok(await api.GET('/api/v1/auth/session'));
  // Signing in happens on /organizer (its form); signing in lands here, the desk's home.
  if (!session.signedIn) {
    // A link into one of the desk's views (#approvals/12) is kept across signing in.
    location.replace(`/organizer${location.hash}`);
    return;
  }
  const wanted = localStorage.getItem(AFTER_SIGN_IN);
  if (wanted && (TABS as readonly string[]).includes(wanted.slice(1).split('/')[0] ?? '')) {
    // A view of the desk itself (#planner/autumn-2026): open it here.
    localStorage.removeItem(AFTER_SIGN_IN);
    history.replaceState(null, '', `/desk/${wanted}`);
  } else if (wanted) {
    // An emailed link into one of the desk's older tabs: open it there (it reads and clears the key).
    location.replace(`/organizer${wanted}`);
    return;
  }
  setCsrfToken(session.csrfToken);
  const me: Me = { email: session.email, role: session.role, unitId: session.unitId };
  createRoot(document.getElementById('root')!).render(<StrictMode><App me={me} /></StrictMode>);
}

start().catch(() => {
  const root = document.getElementById('root')!;
  root.textContent = t('error.generic');
  root.setAttribute('role', 'alert');
});
