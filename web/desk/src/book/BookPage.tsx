import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, Button, Loading } from 'tdesign-react';
import { api, ApiProblem, ok } from '../api.ts';
import type { Me } from '../App.tsx';
import { pick, t } from '../i18n.ts';
import type { WordKey } from '../words.ts';
import { Availability, Booked, type Check } from './Outcome.tsx';
import { Claims } from './Claims.tsx';
import { DateInput, Field, TextInput, TimeInput } from './controls.tsx';
import { initialValues, OFFERED_STATUSES, searchable, searchBody, toBody, type Activity, type Kind, type Resource, type Unit, type Values } from './model.ts';
import { fieldErrors, refusal, searchReasons } from './reasons.ts';
import { localParts, plusDays, today, zoneLabel, ZONES } from './time.ts';

const KINDS: Kind[] = ['exhibition', 'teacher_training', 'summer_camp', 'field_visit', 'research_study', 'club_session', 'talent_training', 'science_show'];
/** How long typing must pause before the availability search runs. */
const SEARCH_DELAY_MS = 350;
const TITLE_MAX = 200;

async function allPages<T>(load: (cursor: number | undefined) => Promise<{ items: T[]; nextCursor?: number | null | undefined }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: number | undefined;
  do {
    const page = await load(cursor);
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}

/**
 * The booking tab: one activity's form, grouped in sections (two columns on a desk, one on a phone),
 * checking availability as it is filled in, with the earliest free times to pick; field errors of the
 * API beside their fields, conflicts with their reasons, and what was booked with a link to it.
 */
export default function BookPage({ me }: { me: Me }) {
  const [data, setData] = useState<{ units: Unit[]; resources: Resource[] } | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    Promise.all([
      allPages<Unit>((cursor) => api.GET('/api/v1/units', { params: { query: { limit: '100', ...(cursor ? { cursor: String(cursor) } : {}) } } }).then(ok)),
      allPages<Resource>((cursor) => api.GET('/api/v1/resources', { params: { query: { limit: '100', ...(cursor ? { cursor: String(cursor) } : {}) } } }).then(ok) as Promise<unknown> as Promise<{ items: Resource[]; nextCursor: number | null }>),
    ]).then(([units, resources]) => setData({ units, resources }), () => setFailed(true));
  }, []);
  if (failed) return <Alert theme="error" message={t('error.generic')} />;
  if (!data) return <Loading size="small" text={t('loading')} />;
  return <BookForm me={me} units={data.units} resources={data.resources} />;
}

function BookForm({ me, units, resources }: { me: Me; units: Unit[]; resources: Resource[] }) {
  const myUnit = units.find((u) => u.id === me.unitId);
  const zone = myUnit?.timeZone ?? 'Asia/Shanghai';
  const unitChoices = me.role === 'admin' ? units : units.filter((u) => u.id === me.unitId);
  const start = useMemo(() => initialValues(me.unitId ?? unitChoices[0]?.id ?? null, zone, plusDays(today(zone), 7)), []);
  const [values, setValues] = useState<Values>(start);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [check, setCheck] = useState<Check>({ state: 'idle' });
  const [refused, setRefused] = useState<{ title: string; lines: string[] } | null>(null);
  const [booked, setBooked] = useState<Activity | null>(null);
  const [busy, setBusy] = useState(false);
  const checks = useRef(0);
  const venues = resources.filter((r) => r.kind === 'venue');
  const set = <K extends keyof Values>(name: K, value: Values[K]) => {
    setValues((v) => ({ ...v, [name]: value }));
    // A change after a booking starts a new one; a field's error goes when the field changes.
    setBooked(null);
    setErrors((e) => (e[name] ? Object.fromEntries(Object.entries(e).filter(([k]) => k !== name)) : e));
  };

  // The availability check, run when typing pauses; only the latest check may draw.
  useEffect(() => {
    if (booked) return;
    const mine = ++checks.current;
    if (!values.venueId && values.claims.length === 0) return void setCheck({ state: 'needResources' });
    if (!searchable(values)) return void setCheck({ state: 'incomplete' });
    const timer = setTimeout(() => {
      setCheck({ state: 'checking' });
      Promise.all([
        api.POST('/api/v1/availability/search', { body: searchBody(values, 'exact') }).then(ok),
        api.POST('/api/v1/availability/search', { body: searchBody(values, 'later') }).then(ok),
      ]).then(([exact, later]) => {
        if (mine !== checks.current) return;
        const first = exact.slots[0]?.startsAt;
        setCheck({ state: exact.slots.length > 0 ? 'free' : 'taken', reasons: searchReasons(exact, resources), suggestions: later.slots.filter((s) => s.startsAt !== first) });
      }, (error: unknown) => {
        if (mine !== checks.current) return;
        setCheck({ state: error instanceof ApiProblem && error.status === 422 ? 'incomplete' : 'failed' });
      });
    }, SEARCH_DELAY_MS);
    return () => clearTimeout(timer);
  }, [values, booked]);

  const pickSlot = (slot: { startsAt: string; endsAt: string }) => {
    const from = localParts(slot.startsAt, values.zone);
    setValues((v) => ({ ...v, date: from.date, start: from.time, end: localParts(slot.endsAt, v.zone).time }));
    setRefused(null);
    setErrors({});
    requestAnimationFrame(() => document.getElementById('book-start')?.focus());
  };

  const submit = async () => {
    setBusy(true);
    setRefused(null);
    try {
      const activity = ok(await api.POST('/api/v1/activities', { body: toBody(values) }));
      setErrors({});
      setBooked(activity);
      requestAnimationFrame(() => document.getElementById('book-done')?.focus());
    } catch (error) {
      if (!(error instanceof ApiProblem)) return void setRefused({ title: t('error.generic'), lines: [] });
      const fields = error.status === 422 ? fieldErrors(error, values) : {};
      setErrors(fields);
      if (error.status === 409) setRefused(refusal(error, values.zone, resources));
      else if (Object.keys(fields).length > 0) setRefused({ title: t('book.fields', { count: Object.keys(fields).length }), lines: [] });
      else setRefused({ title: error.code === 'forbidden' ? t('book.problem.forbidden') : error.code === 'not_found' ? t('book.problem.not_found') : t('error.generic'), lines: [] });
      requestAnimationFrame(() => (document.querySelector<HTMLElement>('.has-error input, .has-error select') ?? document.getElementById('book-conflicts'))?.focus());
    } finally {
      setBusy(false);
    }
  };
  const another = () => {
    setValues((v) => ({ ...v, titleZh: '', titleEn: '' }));
    setBooked(null);
    requestAnimationFrame(() => document.getElementById('book-title-zh')?.focus());
  };

  const organizerUnitId = Number(values.organizerUnitId);
  const zones = [...new Set([zone, ...ZONES])];
  const text = (name: keyof Values, id: string, label: WordKey, extra: { maxlength?: number; type?: 'text' | 'number' | 'tel'; lang?: string; autocomplete?: string; hint?: string } = {}) => (
    <Field id={id} label={t(label)} error={errors[name]} {...(extra.hint ? { hint: extra.hint } : {})}>
      <TextInput id={id} value={String(values[name])} onChange={(v) => set(name, v as never)} error={errors[name]} hint={!!extra.hint}
        {...(extra.maxlength ? { maxlength: extra.maxlength } : {})} {...(extra.type ? { type: extra.type } : {})} {...(extra.lang ? { lang: extra.lang } : {})} {...(extra.autocomplete ? { autocomplete: extra.autocomplete } : {})} />
    </Field>
  );
  return (
    <form id="book-form" className="book-form" noValidate aria-labelledby="book-title" onSubmit={(e) => { e.preventDefault(); void submit(); }}>
      <h2 id="book-title">{t('book.title')}</h2>
      <p className="muted">{t('book.intro')}</p>
      <fieldset id="book-what" className="form-group">
        <legend>{t('book.groupWhat')}</legend>
        {text('titleZh', 'book-title-zh', 'book.titleZh', { maxlength: TITLE_MAX })}
        {text('titleEn', 'book-title-en', 'book.titleEn', { maxlength: TITLE_MAX, lang: 'en' })}
        <Field id="book-kind" label={t('book.kind')} error={errors.kind}>
          <select id="book-kind" value={values.kind} onChange={(e) => set('kind', e.target.value as Kind)}>
            {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}` as WordKey)}</option>)}
          </select>
        </Field>
        <Field id="book-unit" label={t('book.unit')} error={errors.organizerUnitId}>
          <select id="book-unit" value={values.organizerUnitId} onChange={(e) => set('organizerUnitId', e.target.value)}>
            {unitChoices.map((u) => <option key={u.id} value={u.id}>{pick(u.name)}</option>)}
          </select>
        </Field>
        {text('capacity', 'book-capacity', 'book.capacity', { type: 'number' })}
        {text('grades', 'book-grades', 'book.grades')}
      </fieldset>
      <fieldset id="book-when" className="form-group">
        <legend>{t('book.groupWhen')}</legend>
        <Field id="book-venue" label={t('book.venue')} error={errors.venueId}>
          <select id="book-venue" value={values.venueId} onChange={(e) => set('venueId', e.target.value)}>
            <option value="">{t('book.noVenue')}</option>
            {venues.map((v) => <option key={v.id} value={v.id}>{pick(v.name)}{v.unitId !== organizerUnitId ? ` · ${t('book.needsApproval')}` : ''}</option>)}
          </select>
        </Field>
        <Field id="book-zone" label={t('book.zone')} hint={t('book.zoneHint')} error={errors.zone}>
          <select id="book-zone" value={values.zone} aria-describedby="book-zone-hint" onChange={(e) => set('zone', e.target.value)}>
            {zones.map((z) => <option key={z} value={z}>{zoneLabel(z)}</option>)}
          </select>
        </Field>
        <Field id="book-date" label={t('book.date')} error={errors.date}>
          <DateInput id="book-date" value={values.date} onChange={(v) => set('date', v)} error={errors.date} />
        </Field>
        <Field id="book-start" label={t('book.start')} error={errors.start}>
          <TimeInput id="book-start" value={values.start} onChange={(v) => set('start', v)} error={errors.start} />
        </Field>
        <Field id="book-end" label={t('book.end')} error={errors.end}>
          <TimeInput id="book-end" value={values.end} onChange={(v) => set('end', v)} error={errors.end} />
        </Field>
      </fieldset>
      <fieldset id="book-trip" className="form-group">
        <legend>{t('trip.title')}</legend>
        <p className="hint wide">{t('trip.hint')}</p>
        {text('destination', 'book-destination', 'trip.destination', { maxlength: 500 })}
        {text('meetingPoint', 'book-meeting-point', 'trip.meetingPoint', { maxlength: 500 })}
        <Field id="book-meeting-time" label={t('trip.meetingTime')} error={errors.meetingTime}>
          <TimeInput id="book-meeting-time" value={values.meetingTime} onChange={(v) => set('meetingTime', v)} error={errors.meetingTime} optional />
        </Field>
        {text('transport', 'book-transport', 'trip.transport', { maxlength: 2000 })}
        {text('contact', 'book-contact', 'trip.contact', { maxlength: 500, autocomplete: 'name' })}
        {text('contactPhone', 'book-contact-phone', 'trip.contactPhone', { maxlength: 40, type: 'tel', autocomplete: 'tel' })}
      </fieldset>
      <fieldset id="book-status" className="form-group status-choice">
        <legend>{t('book.status')}</legend>
        {OFFERED_STATUSES.map((s) => (
          <div className="choice wide" key={s}>
            <input type="radio" name="status" id={`book-status-${s}`} value={s} checked={values.status === s} aria-describedby={`book-status-${s}-hint`} onChange={() => set('status', s)} />
            <label htmlFor={`book-status-${s}`}><strong>{t(`status.${s}`)}</strong></label>
            <p className="hint" id={`book-status-${s}-hint`}>{t(`book.statusHint.${s}`)}</p>
          </div>
        ))}
      </fieldset>
      <Claims claims={values.claims} resources={resources} units={units} organizerUnitId={organizerUnitId} errors={errors} onChange={(claims) => set('claims', claims)} />
      {booked
        ? <Booked activity={booked} resources={resources} onAnother={another} />
        : <Availability check={check} zone={values.zone} onPick={pickSlot} />}
      {refused && (
        <div id="book-conflicts" className="conflict" role="alert" tabIndex={-1}>
          <p className="conflict-title">{refused.title}</p>
          {refused.lines.length > 0 && <ul>{refused.lines.map((line) => <li key={line}>{line}</li>)}</ul>}
        </div>
      )}
      <div className="buttons">
        <Button type="submit" id="book-submit" loading={busy}>{t('book.submit')}</Button>
      </div>
    </form>
  );
}
