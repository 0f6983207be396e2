import { lazy, Suspense, useEffect, useState } from 'react';
import { Button, ConfigProvider, Loading } from 'tdesign-react';
import enConfig from 'tdesign-react/es/locale/en_US';
import zhConfig from 'tdesign-react/es/locale/zh_CN';
import { api } from './api.ts';
import { ApprovalsBadge } from './approvals/badge.tsx';
import { HomePage } from './home/HomePage.tsx';
import { lang, switchLanguage, t } from './i18n.ts';
import type { WordKey } from './words.ts';

export interface Me {
  email: string;
  role: 'admin' | 'organizer' | 'viewer';
  unitId: number | null;
}

// Tabs other than the home load on demand (their code is a chunk of its own).
const ImportsPage = lazy(() => import('./imports/ImportsPage.tsx'));
const PlannerPage = lazy(() => import('./planner/PlannerPage.tsx'));
const BookPage = lazy(() => import('./book/BookPage.tsx'));
const ApprovalsPage = lazy(() => import('./approvals/ApprovalsPage.tsx'));
const RegistrationsPage = lazy(() => import('./registrations/RegistrationsPage.tsx'));
const LoansPage = lazy(() => import('./loans/LoansPage.tsx'));
export const TABS = ['home', 'book', 'approvals', 'registrations', 'loans', 'imports', 'planner'] as const;
type Tab = (typeof TABS)[number];
/** The desk's older tabs (public/js/organizer*.js), one click away until they move here. */
const CLASSIC: WordKey[] = ['tab.activities', 'tab.timeline', 'tab.deliveries'];

const tabFromHash = (): Tab => {
  const name = location.hash.slice(1).split('/')[0];
  return (TABS as readonly string[]).includes(name ?? '') ? (name as Tab) : 'home';
};

function Header() {
  return (
    <header className="top">
      <a className="brand" href="/">{t('brand')}</a>
      <nav aria-label={t('nav.main')}>
        <a href="/">{t('nav.programme')}</a>
        <a href="/desk/" aria-current="page">{t('desk.title')}</a>
        <a href="/organizer/reports">{t('nav.reports')}</a>
      </nav>
      <button type="button" className="lang" lang={lang() === 'en' ? 'zh-CN' : 'en'} onClick={switchLanguage}>{t('lang.other')}</button>
    </header>
  );
}

export function App({ me }: { me: Me }) {
  const [tab, setTab] = useState<Tab>(tabFromHash);
  useEffect(() => {
    const onHash = () => setTab(tabFromHash());
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  const choose = (value: Tab) => setTab(value);
  const signOut = async () => {
    // The field-visit roster kept on this phone (roster/store.ts) goes with the session.
    indexedDB.deleteDatabase('orrery-roster');
    await api.POST('/api/v1/auth/sign-out', {});
    location.assign('/organizer');
  };
  return (
    <ConfigProvider globalConfig={lang() === 'en' ? enConfig : zhConfig}>
      <Header />
      <main id="main" className="desk">
        <div className="desk-head">
          <h1>{t('desk.title')}</h1>
          <p className="muted signed-in">
            {t('signedInAs', { email: me.email, role: t(`role.${me.role}`) })}{' '}
            <Button variant="text" theme="primary" size="small" onClick={() => void signOut()}>{t('signOut')}</Button>
          </p>
        </div>
        <nav className="desk-classic" aria-label={t('desk.moreTools')}>
          {CLASSIC.map((key) => <a key={key} href={`/organizer#${key.slice(4)}`}>{t(key)}</a>)}
        </nav>
        {/* The desk's own views are links to #home / #imports (a bookmark or reload opens the same one). */}
        <nav className="desk-tabs" aria-label={t('desk.title')}>
          {TABS.map((name) => (
            <a key={name} id={`tab-${name}`} href={`#${name}`} aria-current={tab === name ? 'page' : undefined} onClick={() => choose(name)}>{t(`tab.${name}`)}{name === 'approvals' && <ApprovalsBadge />}</a>
          ))}
        </nav>
        <div className="desk-view">
          {tab === 'home' && <HomePage me={me} />}
          {tab === 'book' && <Suspense fallback={<Loading size="small" text={t('loading')} />}><BookPage me={me} /></Suspense>}
          {tab === 'approvals' && <Suspense fallback={<Loading size="small" text={t('loading')} />}><ApprovalsPage me={me} /></Suspense>}
          {tab === 'registrations' && <Suspense fallback={<Loading size="small" text={t('loading')} />}><RegistrationsPage me={me} /></Suspense>}
          {tab === 'loans' && <Suspense fallback={<Loading size="small" text={t('loading')} />}><LoansPage me={me} /></Suspense>}
          {tab === 'imports' && <Suspense fallback={<Loading size="small" text={t('loading')} />}><ImportsPage me={me} /></Suspense>}
          {tab === 'planner' && <Suspense fallback={<Loading size="small" text={t('loading')} />}><PlannerPage me={me} /></Suspense>}
        </div>
      </main>
    </ConfigProvider>
  );
}
