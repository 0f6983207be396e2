import { useEffect, useState, type FormEvent } from 'react';
import { Button, DatePicker, Table, Tag, type PrimaryTableCol } from 'tdesign-react';
import { api, ApiProblem, ok } from '../api.ts';
import { pick, t, tOr } from '../i18n.ts';
import type { paths } from '../../generated/api';
import { localOf, when, zonedIso } from './zoned.ts';

export type Custody = paths['/api/v1/units/{id}/custody']['get']['responses']['200']['content']['application/json'];
type Pool = Custody['pools'][number];
type Item = Pool['items'][number];
export type OpenLoan = Custody['openLoans'][number];
const STATUSES = ['in_service', 'damaged', 'in_repair', 'lost'] as const;

/** An item's label in the page's language. */
export const itemLabel = (i: { label: string; labelEn: string }): string => pick({ 'zh-CN': i.label, en: i.labelEn });

/** A refusal in words: by its code (item on loan, out of service, needed by a booking…). */
export function refusal(error: unknown): string {
  if (!(error instanceof ApiProblem)) return t('error.generic');
  if (error.code === 'validation_failed') return t('loans.fields');
  if (error.status === 403) return t('error.forbidden');
  return error.code ? tOr(`loans.problem.${error.code}`, 'error.generic') : t('error.generic');
}

/** Confirmed activities of the next 90 days claiming this pool, as [claimId, label]. */
async function claimChoices(pool: Pool, zone: string): Promise<[string, string][]> {
  const from = new Date();
  const to = new Date(from.getTime() + 90 * 86_400_000);
  const schedule = ok(await api.GET('/api/v1/resources/{id}/schedule', { params: { path: { id: String(pool.resourceId) }, query: { from: from.toISOString(), to: to.toISOString() } } }));
  const ids = [...new Set(schedule.bookings.filter((b) => b.status === 'confirmed').map((b) => b.activityId))];
  const activities = await Promise.all(ids.map((id) => api.GET('/api/v1/activities/{id}', { params: { path: { id: String(id) } } }).then(ok, () => null)));
  return activities.flatMap((a) => (a ? a.claims.filter((c) => c.resourceId === pool.resourceId)
    .map((c): [string, string] => [String(c.id), t('loans.claim', { title: pick(a.title), when: when(a.startsAt, zone), quantity: c.quantity })]) : []));
}

/** Gives TDesign's date picker's own input an id, so its label names it (the picker takes none). */
function useInputId(wrapper: string, id: string): void {
  useEffect(() => {
    const input = document.querySelector(`.${wrapper} input`);
    if (input) input.id = id;
  });
}

/** One pool: its items (pick those to lend, change a status) and the check-out form. */
export function PoolSection({ pool, zone, redraw }: { pool: Pool; zone: string; redraw: (message: string) => Promise<void> }) {
  const id = pool.resourceId;
  const [picked, setPicked] = useState<Set<number>>(new Set());
  const [claims, setClaims] = useState<[string, string][]>([]);
  const [form, setForm] = useState({ claimId: '', holderName: '', holderEmail: '', due: localOf(Date.now() + 7 * 86_400_000, zone).slice(0, 10) + ' 17:00', note: '' });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  useEffect(() => { claimChoices(pool, zone).then(setClaims, () => undefined); }, [pool.resourceId]);
  useInputId(`due-${id}`, `due-back-${id}`);
  const set = (name: keyof typeof form) => (value: string) => setForm((f) => ({ ...f, [name]: value }));
  const changeStatus = async (item: Item, value: string) => {
    try {
      ok(await api.PATCH('/api/v1/items/{id}', { params: { path: { id: String(item.id) } }, body: { status: value as Item['status'] } }));
      await redraw(t('loans.saved'));
    } catch (error) {
      setStatus(refusal(error));
    }
  };
  const columns: PrimaryTableCol<Item>[] = [
    { colKey: 'pick', title: t('loans.item'), cell: ({ row }) => (
      <span className="loan-pick">
        {row.onLoan || row.status !== 'in_service' ? null : (
          <input type="checkbox" id={`item-${row.id}`} checked={picked.has(row.id)} aria-label={t('loans.pick', { label: itemLabel(row) })}
            onChange={(e) => setPicked((p) => { const n = new Set(p); if (e.target.checked) n.add(row.id); else n.delete(row.id); return n; })} />
        )} {itemLabel(row)}
      </span>
    ) },
    { colKey: 'status', title: t('loans.status'), cell: ({ row }) => (
      <select value={row.status} aria-label={t('loans.statusOf', { label: itemLabel(row) })} onChange={(e) => void changeStatus(row, e.target.value)}>
        {STATUSES.map((s) => <option key={s} value={s}>{t(`itemStatus.${s}`)}</option>)}
      </select>
    ) },
    { colKey: 'condition', title: t('loans.condition'), cell: ({ row }) => row.condition || t('loans.empty') },
    { colKey: 'home', title: t('loans.home'), cell: ({ row }) => pick({ 'zh-CN': row.homeLocation, en: row.homeLocationEn }) || t('loans.empty') },
    { colKey: 'holder', title: t('loans.holder'), cell: ({ row }) => (row.onLoan ? `${row.onLoan.holderName} <${row.onLoan.holderEmail}>` : t('loans.home.here')) },
    { colKey: 'due', title: t('loans.due'), cell: ({ row }) => (row.onLoan ? <>{when(row.onLoan.dueBack, zone)}{row.onLoan.overdue && <> <Tag theme="danger" variant="light">{t('loans.overdue')}</Tag></>}</> : t('loans.empty')) },
  ];
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (picked.size === 0) return setStatus(t('loans.pickItems'));
    const dueBack = zonedIso(form.due, zone);
    const found: Record<string, string> = {};
    if (!form.holderName.trim()) found.holderName = t('loans.required');
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(form.holderEmail.trim())) found.holderEmail = form.holderEmail.trim() ? t('loans.badEmail') : t('loans.required');
    if (!dueBack) found.due = t('loans.required');
    setErrors(found);
    if (Object.keys(found).length) return setStatus(t('loans.fields'));
    setBusy(true);
    try {
      ok(await api.POST('/api/v1/loans', { body: { itemIds: [...picked], holderName: form.holderName.trim(), holderEmail: form.holderEmail.trim(), dueBack: dueBack!, note: form.note.trim(), ...(form.claimId ? { claimId: Number(form.claimId) } : {}) } }));
      setPicked(new Set());
      await redraw(t('loans.checkedOut'));
    } catch (error) {
      setStatus(refusal(error));
    } finally {
      setBusy(false);
    }
  };
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true as const, 'aria-describedby': `${name}-${id}-error` } : {});
  const error = (name: string) => errors[name] && <span className="field-error" id={`${name}-${id}-error`}>{errors[name]}</span>;
  return (
    <section className="pool" data-pool={id} aria-labelledby={`pool-${id}-title`}>
      <h3 id={`pool-${id}-title`}>{pick(pool.name)} · {t('loans.quantity', { quantity: pool.poolQuantity })}</h3>
      {pool.items.length === 0 ? <p>{t('loans.noItems')}</p> : (
        <form id={`checkout-${id}`} noValidate onSubmit={(e) => void submit(e)}>
          <Table<Item> rowKey="id" data={pool.items} columns={columns} size="small" bordered tableLayout="auto"
            rowAttributes={({ row }) => ({ 'data-item': String(row.id), class: row.onLoan?.overdue ? 'overdue' : '' })} />
          <div className="form-grid">
            <div className="field"><label htmlFor={`claim-${id}`}>{t('loans.for')}</label>
              <select id={`claim-${id}`} name="claimId" value={form.claimId} onChange={(e) => set('claimId')(e.target.value)}>
                <option value="">{t('loans.standalone')}</option>
                {claims.map(([value, label]) => <option key={value} value={value}>{label}</option>)}
              </select></div>
            <div className="field"><label htmlFor={`holderName-${id}`}>{t('loans.holderName')}</label>
              <input id={`holderName-${id}`} name="holderName" autoComplete="name" value={form.holderName} onChange={(e) => set('holderName')(e.target.value)} {...invalid('holderName')} />{error('holderName')}</div>
            <div className="field"><label htmlFor={`holderEmail-${id}`}>{t('loans.holderEmail')}</label>
              <input id={`holderEmail-${id}`} name="holderEmail" type="email" autoComplete="email" value={form.holderEmail} onChange={(e) => set('holderEmail')(e.target.value)} {...invalid('holderEmail')} />{error('holderEmail')}</div>
            <div className={`field due-${id}`}><label htmlFor={`due-back-${id}`}>{t('loans.dueBack')}</label>
              <DatePicker enableTimePicker allowInput format="YYYY-MM-DD HH:mm" value={form.due} onChange={(v) => set('due')(String(v ?? ''))} status={errors.due ? 'error' : 'default'} />
              <span className="muted">{t('loans.dueHelp')}</span>{error('due')}</div>
            <div className="field"><label htmlFor={`note-${id}`}>{t('loans.note')}</label>
              <input id={`note-${id}`} name="note" value={form.note} maxLength={500} onChange={(e) => set('note')(e.target.value)} /></div>
          </div>
          <Button type="submit" theme="primary" loading={busy}>{t('loans.checkOut')}</Button>
          <p role="status" aria-live="polite">{status}</p>
        </form>
      )}
    </section>
  );
}

/** An open loan: who, since when, due when (overdue in red), its items out, and the check-in. */
export function CheckIn({ loan, zone, redraw }: { loan: OpenLoan; zone: string; redraw: (message: string) => Promise<void> }) {
  const out = loan.items.filter((i) => !i.returnedAt);
  const [picked, setPicked] = useState<Set<number>>(new Set(out.map((i) => i.itemId)));
  const [note, setNote] = useState('');
  const [status, setStatus] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (picked.size === 0) return setStatus(t('loans.pickItems'));
    try {
      ok(await api.POST('/api/v1/loans/{id}/check-in', { params: { path: { id: String(loan.id) } }, body: { itemIds: [...picked], note: note.trim() } }));
      await redraw(t('loans.checkedIn'));
    } catch (error) {
      setStatus(refusal(error));
    }
  };
  return (
    <form id={`checkin-${loan.id}`} className={`loan-card${loan.overdue ? ' overdue' : ''}`} noValidate onSubmit={(e) => void submit(e)} aria-labelledby={`loan-${loan.id}-title`}>
      <h4 id={`loan-${loan.id}-title`}>
        {loan.holderName} &lt;{loan.holderEmail}&gt; · {t('loans.since', { when: when(loan.outSince, zone) })} · {t('loans.dueAt', { when: when(loan.dueBack, zone) })}
        {loan.overdue && <> <Tag theme="danger" variant="light">{t('loans.overdue')}</Tag></>}
      </h4>
      <ul className="plain">
        {out.map((i) => (
          <li key={i.itemId}>
            <input type="checkbox" id={`return-${loan.id}-${i.itemId}`} checked={picked.has(i.itemId)}
              onChange={(e) => setPicked((p) => { const n = new Set(p); if (e.target.checked) n.add(i.itemId); else n.delete(i.itemId); return n; })} />
            <label htmlFor={`return-${loan.id}-${i.itemId}`}> {itemLabel(i)}</label>
          </li>
        ))}
      </ul>
      <div className="field"><label htmlFor={`return-note-${loan.id}`}>{t('loans.returnNote')}</label>
        <input id={`return-note-${loan.id}`} name="note" value={note} maxLength={500} onChange={(e) => setNote(e.target.value)} /></div>
      <Button type="submit" variant="outline" theme="primary">{t('loans.checkIn')}</Button>
      <p role="status" aria-live="polite">{status}</p>
    </form>
  );
}
