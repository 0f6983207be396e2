import { StrictMode, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { ConfigProvider } from 'tdesign-react';
import enConfig from 'tdesign-react/es/locale/en_US';
import zhConfig from 'tdesign-react/es/locale/zh_CN';
import 'tdesign-react/es/style/index.css';
import '../desk.css';
import './roster.css';
import { api, setCsrfToken } from '../api.ts';
import { lang } from '../i18n.ts';
import { RosterPage } from './RosterPage.tsx';
import { erase, loadRoster, saveRoster, type RosterData } from './store.ts';
import { w } from './words.ts';

/**
 * /desk/roster.html?date=YYYY-MM-DD (default: today in Beijing): opened the day before while online,
 * it fetches the signed roster and keeps it on the phone; opened again offline, it runs from the copy.
 * The service worker (sw.ts) keeps the page itself; this file puts the page's assets in its cache.
 */
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const date = (() => {
  const asked = new URLSearchParams(location.search).get('date');
  return asked && /^\d{4}-\d{2}-\d{2}$/.test(asked) ? asked : today();
})();

type Shown = { roster: RosterData } | { note: 'none' | 'signIn' | 'noCopy' | 'expired' | 'erased' | 'error' };

async function fetchRoster(): Promise<RosterData | 'signIn' | null> {
  try {
    const session = await api.GET('/api/v1/auth/session');
    if (!session.data) return null;
    if (!session.data.signedIn) return 'signIn';
    setCsrfToken(session.data.csrfToken);
    const { data } = await api.GET('/api/v1/rosters/{date}', { params: { path: { date } } });
    return data ?? null;
  } catch {
    return null; // offline
  }
}

async function load(): Promise<Shown> {
  const kept = await loadRoster(date);
  if (kept && Date.now() > Date.parse(kept.expiresAt)) {
    await erase();
    return { note: 'expired' };
  }
  // The copy first: it opens at once and offline; a fresh one replaces it when the network answers.
  const fresh = navigator.onLine ? await fetchRoster() : null;
  if (fresh && fresh !== 'signIn') {
    await saveRoster(fresh);
    return fresh.visits.length > 0 ? { roster: fresh } : { note: 'none' };
  }
  if (kept) return kept.visits.length > 0 ? { roster: kept } : { note: 'none' };
  return { note: fresh === 'signIn' ? 'signIn' : 'noCopy' };
}

/** The page's own files into the worker's cache: the first load came before the worker controlled it. */
async function keepForOffline(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  await navigator.serviceWorker.register('/desk/roster-sw.js', { scope: '/desk/' });
  await navigator.serviceWorker.ready;
  const files = performance.getEntriesByType('resource').map((e) => new URL(e.name)).filter((u) => u.origin === location.origin && u.pathname.startsWith('/desk/assets/')).map((u) => u.pathname);
  await (await caches.open('orrery-roster-assets')).addAll([...new Set(files)]);
  await (await caches.open('orrery-roster-page')).addAll(['/desk/roster.html', '/desk/roster.webmanifest', '/desk/roster-icon.svg']);
  document.body.dataset.offlineReady = 'true';
}

function Root({ first }: { first: Shown }) {
  const [shown, setShown] = useState<Shown>(first);
  const signOut = async () => {
    await erase();
    await api.POST('/api/v1/auth/sign-out', {}).catch(() => undefined);
    location.assign('/organizer');
  };
  return (
    <ConfigProvider globalConfig={lang() === 'en' ? enConfig : zhConfig}>
      {'roster' in shown
        ? <RosterPage roster={shown.roster} onErased={() => setShown({ note: 'erased' })} onSignOut={() => void signOut()} />
        : (
          <main id="main" className="roster">
            <h1>{w('title')}</h1>
            <p role="status" data-testid="note">{w(shown.note === 'error' ? 'error' : shown.note)}</p>
            {shown.note === 'signIn' && <p><a href="/organizer">{w('signInLink')}</a></p>}
          </main>
        )}
    </ConfigProvider>
  );
}

async function start(): Promise<void> {
  document.documentElement.lang = lang();
  document.title = `${w('title')} · Orrery`;
  const first = await load().catch((): Shown => ({ note: 'error' }));
  createRoot(document.getElementById('root')!).render(<StrictMode><Root first={first} /></StrictMode>);
  document.body.dataset.ready = 'true';
  keepForOffline().catch(() => undefined);
}

void start();
