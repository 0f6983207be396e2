import { useEffect, useState } from 'react';
import { Alert, Loading } from 'tdesign-react';
import { api, ok } from '../api.ts';
import type { Me } from '../App.tsx';
import { pick, t, zoneName, type Localized } from '../i18n.ts';
import { CheckIn, PoolSection, type Custody } from './forms.tsx';
import { useReachableTables } from '../table-scroll.ts';
import './loans.css';

type Unit = { id: number; name: Localized; timeZone: string };

/**
 * Loans and custody (GET /units/{id}/custody): the open loans first (overdue ones lead), each with its
 * check-in; then every pool of the unit with its items, their status, and the check-out form.
 */
export default function LoansPage({ me }: { me: Me }) {
  const [units, setUnits] = useState<Unit[] | null>(null);
  const [unitId, setUnitId] = useState<number | null>(me.unitId);
  const [custody, setCustody] = useState<Custody | null>(null);
  const [message, setMessage] = useState('');
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const load = me.unitId !== null
      ? api.GET('/api/v1/units/{id}', { params: { path: { id: String(me.unitId) } } }).then(ok).then((u) => [u])
      : api.GET('/api/v1/units', { params: { query: { limit: '200' } } }).then(ok).then((p) => p.items);
    load.then((list) => {
      setUnits(list.map((u) => ({ id: u.id, name: u.name, timeZone: u.timeZone })));
      setUnitId((current) => current ?? list[0]?.id ?? null);
    }, () => setFailed(true));
  }, []);
  const show = async (text = ''): Promise<void> => {
    if (unitId === null) return;
    try {
      setCustody(ok(await api.GET('/api/v1/units/{id}/custody', { params: { path: { id: String(unitId) } } })));
      setMessage(text);
    } catch {
      setFailed(true);
    }
  };
  useEffect(() => { setCustody(null); void show(); }, [unitId]);

  useReachableTables('#loans', t('loans.title'), [custody]);
  if (failed) return <div role="alert"><Alert theme="error" message={t('error.generic')} /></div>;
  if (!units || !custody) return <Loading size="small" text={t('loading')} />;
  const zone = units.find((u) => u.id === unitId)?.timeZone ?? 'Asia/Shanghai';
  return (
    <div className="loans" id="loans">
      <h2>{t('loans.title')}</h2>
      <p className="muted">{t('loans.intro')} {t('zone.note', { zone: zoneName(zone) })}</p>
      {units.length > 1 && (
        <div className="field">
          <label htmlFor="loans-unit">{t('loans.unit')}</label>
          <select id="loans-unit" value={unitId ?? ''} onChange={(e) => setUnitId(Number(e.target.value))}>
            {units.map((u) => <option key={u.id} value={u.id}>{pick(u.name)}</option>)}
          </select>
        </div>
      )}
      <p role="status" id="loans-status" aria-live="polite">{message}</p>
      <h3>{t('loans.open')}</h3>
      {custody.openLoans.length === 0 ? <p>{t('loans.none')}</p>
        : custody.openLoans.map((loan) => <CheckIn key={`${loan.id}-${loan.items.filter((i) => !i.returnedAt).length}`} loan={loan} zone={zone} redraw={show} />)}
      {custody.pools.length === 0 ? <p>{t('loans.noPools')}</p>
        : custody.pools.map((pool) => <PoolSection key={pool.resourceId} pool={pool} zone={zone} redraw={show} />)}
    </div>
  );
}
