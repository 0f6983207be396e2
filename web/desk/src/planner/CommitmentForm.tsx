// Adding a commitment: grouped like the booking form (what, for whom, when, with what, booking
// status), two columns on a desk and one on a phone; dates and times with TDesign's pickers in the
// page's language; a refused field says what is wrong beside it (the 422's field paths).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { Button, DatePicker, TimePicker } from 'tdesign-react';
import { api, ApiProblem } from '../api.ts';
import { pick, t, tOr } from '../i18n.ts';
import type { paths } from '../../generated/api';
import type { Ctx } from './reasons.ts';

type Body = paths['/api/v1/commitments']['post']['requestBody']['content']['application/json'];
const KINDS = ['field_visit', 'research_study', 'teacher_training', 'exhibition', 'club_session', 'talent_training', 'science_show', 'summer_camp'] as const;
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
type Day = (typeof DAYS)[number];
interface Need { key: number; resourceId: string; quantity: string; setupMinutes: string; teardownMinutes: string }

/** A labelled field; `error` (from the server's field path) is said under it and tied to the control. */
function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string | undefined; hint?: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' invalid' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <span className="muted" id={`${id}-hint`}>{hint}</span>}
      {error && <p className="field-error" id={`${id}-error`} role="alert">{error}</p>}
    </div>
  );
}

/** TDesign's pickers keep their input inside: give that input the id its label points at. */
function Picker({ id, children }: { id: string; children: ReactNode }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => { box.current?.querySelector('input')?.setAttribute('id', id); });
  // Enter commits a typed date or time to the picker; it must not also submit the form.
  return <div ref={box} className="picker" onKeyDown={(e) => { if (e.key === 'Enter') e.preventDefault(); }}>{children}</div>;
}

const fieldWords = (path: string): string => tOr(`planner.field.${path.replace(/^needs\.\d+\./, 'needs.')}`, 'planner.field.invalid');

export function CommitmentForm({ ctx, term, unitId, onAdded }: { ctx: Ctx; term: string; unitId: number | null; onAdded: () => Promise<void> }) {
  const [v, setV] = useState({ titleZh: '', titleEn: '', kind: 'field_visit', venueId: '', count: '1', durationMinutes: '120', minGapDays: '', status: 'confirmed' as 'confirmed' | 'requested' });
  const [classIds, setClassIds] = useState<number[]>([]);
  const [weekdays, setWeekdays] = useState<Day[]>(['mon', 'tue', 'wed', 'thu', 'fri']);
  const [when, setWhen] = useState({ startsOn: '', endsOn: '', from: '09:00', to: '12:00' });
  const [needs, setNeeds] = useState<Need[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (name: keyof typeof v) => (e: { target: { value: string } }) => setV({ ...v, [name]: e.target.value });
  const num = (s: string) => (s.trim() === '' ? undefined : Number(s));
  const venues = ctx.resources.filter((r) => r.kind === 'venue');
  const things = ctx.resources.filter((r) => r.kind !== 'venue');
  const err = (path: string) => errors[path];
  const described = (id: string, path: string) => ({ 'aria-invalid': err(path) ? true : undefined, 'aria-describedby': err(path) ? `${id}-error` : undefined });

  const submit = async (event: { preventDefault(): void }) => {
    event.preventDefault();
    const body = {
      term, organizerUnitId: unitId ?? undefined, kind: v.kind, title: { 'zh-CN': v.titleZh.trim(), en: v.titleEn.trim() },
      classIds, perClass: true, count: num(v.count), durationMinutes: num(v.durationMinutes),
      venueId: v.venueId ? Number(v.venueId) : null, status: v.status,
      needs: needs.map((n) => ({ resourceId: Number(n.resourceId), quantity: Number(n.quantity), setupMinutes: Number(n.setupMinutes), teardownMinutes: Number(n.teardownMinutes) })),
      window: { startsOn: when.startsOn, endsOn: when.endsOn, weekdays, from: when.from, to: when.to },
      spacing: { minGapDays: num(v.minGapDays), notSameDayAsOtherActivity: true },
      preferences: { spreadEvenly: 1 },
    } as unknown as Body;
    setBusy(true);
    try {
      const { error, response } = await api.POST('/api/v1/commitments', { body });
      if (error !== undefined) throw new ApiProblem(response.status, error);
      setErrors({});
      setStatus(t('planner.added', { title: pick(body.title) }));
      await onAdded();
    } catch (error) {
      const issues = error instanceof ApiProblem && error.code === 'validation_failed' ? error.errors : [];
      // Paths name the request's part: "body.window.endsOn" is the form's "window.endsOn".
      setErrors(Object.fromEntries(issues.map((i) => i.path.replace(/^body\./, '')).map((path) => [path, fieldWords(path)])));
      setStatus(issues.length > 0 ? t('planner.form.fields') : t('planner.error'));
    } finally {
      setBusy(false);
    }
  };
  const check = (list: string[], value: string, on: boolean) => (on ? [...list, value] : list.filter((x) => x !== value));
  return (
    <form id="commitment-form" className="panel planner-form" noValidate aria-labelledby="commitment-form-title" onSubmit={(e) => void submit(e)}>
      <h3 id="commitment-form-title">{t('planner.add')}</h3>
      <fieldset id="commitment-what" className="form-group">
        <legend>{t('planner.groupWhat')}</legend>
        <Field id="commitment-title-zh" label={t('planner.form.titleZh')} error={err('title.zh-CN')}>
          <input id="commitment-title-zh" value={v.titleZh} onChange={set('titleZh')} required {...described('commitment-title-zh', 'title.zh-CN')} />
        </Field>
        <Field id="commitment-title-en" label={t('planner.form.titleEn')} error={err('title.en')}>
          <input id="commitment-title-en" value={v.titleEn} onChange={set('titleEn')} required {...described('commitment-title-en', 'title.en')} />
        </Field>
        <Field id="commitment-kind" label={t('planner.form.kind')}>
          <select id="commitment-kind" value={v.kind} onChange={set('kind')}>{KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}</select>
        </Field>
        <Field id="commitment-venue" label={t('planner.form.venue')} error={err('venueId')}>
          <select id="commitment-venue" value={v.venueId} onChange={set('venueId')}>
            <option value="">{t('planner.form.noVenue')}</option>
            {venues.map((r) => <option key={r.id} value={r.id}>{pick(r.name)}</option>)}
          </select>
        </Field>
        <Field id="commitment-count" label={t('planner.count')} hint={t('planner.countHint')} error={err('count')}>
          <input id="commitment-count" type="number" min={1} inputMode="numeric" value={v.count} onChange={set('count')} {...described('commitment-count', 'count')} />
        </Field>
        <Field id="commitment-duration" label={t('planner.duration')} error={err('durationMinutes')}>
          <input id="commitment-duration" type="number" min={5} inputMode="numeric" value={v.durationMinutes} onChange={set('durationMinutes')} {...described('commitment-duration', 'durationMinutes')} />
        </Field>
      </fieldset>
      <fieldset id="commitment-classes" className="checks">
        <legend>{t('planner.forWhom')}</legend>
        {ctx.classes.map((c) => (
          <label key={c.id} className="check"><input type="checkbox" checked={classIds.includes(c.id)}
            onChange={(e) => setClassIds(check(classIds.map(String), String(c.id), e.target.checked).map(Number))} /> {pick(c.name)}</label>
        ))}
        {err('classIds') && <p className="field-error" role="alert">{err('classIds')}</p>}
      </fieldset>
      <fieldset id="commitment-when" className="form-group">
        <legend>{t('planner.groupWhen')}</legend>
        <Field id="commitment-starts" label={t('planner.startsOn')} error={err('window.startsOn')}>
          <Picker id="commitment-starts"><DatePicker allowInput clearable={false} format="YYYY-MM-DD" valueType="YYYY-MM-DD" value={when.startsOn}
            onChange={(value) => setWhen((w) => ({ ...w, startsOn: String(value ?? '') }))} status={err('window.startsOn') ? 'error' : 'default'} /></Picker>
        </Field>
        <Field id="commitment-ends" label={t('planner.endsOn')} error={err('window.endsOn')}>
          <Picker id="commitment-ends"><DatePicker allowInput clearable={false} format="YYYY-MM-DD" valueType="YYYY-MM-DD" value={when.endsOn}
            onChange={(value) => setWhen((w) => ({ ...w, endsOn: String(value ?? '') }))} status={err('window.endsOn') ? 'error' : 'default'} /></Picker>
        </Field>
        <Field id="commitment-from" label={t('planner.from')} error={err('window.from')}>
          <Picker id="commitment-from"><TimePicker allowInput clearable={false} format="HH:mm" value={when.from} onChange={(value) => setWhen((w) => ({ ...w, from: String(value ?? '') }))} /></Picker>
        </Field>
        <Field id="commitment-to" label={t('planner.to')} error={err('window.to')}>
          <Picker id="commitment-to"><TimePicker allowInput clearable={false} format="HH:mm" value={when.to} onChange={(value) => setWhen((w) => ({ ...w, to: String(value ?? '') }))} /></Picker>
        </Field>
        <fieldset id="commitment-weekdays" className="checks wide">
          <legend>{t('planner.weekdays')}</legend>
          {DAYS.map((d) => (
            <label key={d} className="check"><input type="checkbox" checked={weekdays.includes(d)}
              onChange={(e) => setWeekdays(check(weekdays, d, e.target.checked) as Day[])} /> {t(`planner.day.${d}`)}</label>
          ))}
          {err('window.weekdays') && <p className="field-error" role="alert">{err('window.weekdays')}</p>}
        </fieldset>
        <Field id="commitment-gap" label={t('planner.minGap')} error={err('spacing.minGapDays')}>
          <input id="commitment-gap" type="number" min={0} inputMode="numeric" value={v.minGapDays} onChange={set('minGapDays')} />
        </Field>
      </fieldset>
      <fieldset id="commitment-needs">
        <legend>{t('planner.form.needs')}</legend>
        {needs.map((n, i) => {
          const change = (name: keyof Need) => (e: { target: { value: string } }) => setNeeds(needs.map((x) => (x.key === n.key ? { ...x, [name]: e.target.value } : x)));
          return (
            <div key={n.key} className="claim-row" role="group" aria-label={`${t('planner.form.needs')} ${i + 1}`}>
              <Field id={`need-${i}-resource`} label={t('planner.form.resource')} error={err(`needs.${i}.resourceId`)}>
                <select id={`need-${i}-resource`} value={n.resourceId} onChange={change('resourceId')}>
                  {things.map((r) => <option key={r.id} value={r.id}>{r.kind === 'equipment' ? t('planner.form.resourceOf', { name: pick(r.name), quantity: r.quantity }) : pick(r.name)}</option>)}
                </select>
              </Field>
              <Field id={`need-${i}-quantity`} label={t('planner.form.quantity')} error={err(`needs.${i}.quantity`)}>
                <input id={`need-${i}-quantity`} type="number" min={1} inputMode="numeric" value={n.quantity} onChange={change('quantity')} />
              </Field>
              <Field id={`need-${i}-setup`} label={t('planner.form.setup')}>
                <input id={`need-${i}-setup`} type="number" min={0} inputMode="numeric" value={n.setupMinutes} onChange={change('setupMinutes')} />
              </Field>
              <Field id={`need-${i}-teardown`} label={t('planner.form.teardown')}>
                <input id={`need-${i}-teardown`} type="number" min={0} inputMode="numeric" value={n.teardownMinutes} onChange={change('teardownMinutes')} />
              </Field>
              <Button variant="outline" size="small" onClick={() => setNeeds(needs.filter((x) => x.key !== n.key))}>{t('planner.form.removeNeed')}</Button>
            </div>
          );
        })}
        <Button variant="outline" onClick={() => setNeeds([...needs, { key: Date.now(), resourceId: String(things[0]?.id ?? ''), quantity: '1', setupMinutes: '0', teardownMinutes: '0' }])}>
          {t('planner.form.addNeed')}
        </Button>
      </fieldset>
      <fieldset id="commitment-booking-status" className="form-group status-choice">
        <legend>{t('planner.form.status')}</legend>
        {(['confirmed', 'requested'] as const).map((s) => (
          <div key={s} className="choice">
            <input type="radio" name="status" id={`commitment-status-${s}`} value={s} checked={v.status === s} aria-describedby={`commitment-status-${s}-hint`}
              onChange={() => setV({ ...v, status: s })} />
            <label htmlFor={`commitment-status-${s}`}><strong>{t(`status.${s}`)}</strong></label>
            <p className="hint" id={`commitment-status-${s}-hint`}>{t(`planner.statusHint.${s}`)}</p>
          </div>
        ))}
      </fieldset>
      <Button type="submit" theme="primary" loading={busy}>{t('planner.addSubmit')}</Button>
      <p role="status" aria-live="polite" id="commitment-status">{status}</p>
    </form>
  );
}
