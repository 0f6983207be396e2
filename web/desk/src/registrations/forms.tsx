import { useState, type FormEvent, type ReactNode } from 'react';
import { Button, Textarea } from 'tdesign-react';
import { api, ApiProblem, ok } from '../api.ts';
import { t, tOr } from '../i18n.ts';
import type { WordKey } from '../words.ts';

type Errors = Record<string, string>;
const ROLES = ['student', 'teacher', 'guardian', 'staff'] as const;

/** The field errors of a 422 by field name, worded here (the server's messages are English). */
function fieldErrors(error: unknown): Errors {
  if (!(error instanceof ApiProblem) || error.code !== 'validation_failed') return {};
  const errors: Errors = {};
  for (const e of (error.problem.errors ?? []) as { path?: string | (string | number)[] }[]) {
    const path = Array.isArray(e.path) ? e.path : String(e.path ?? '').split('.');
    const name = String(path.at(-1) ?? '');
    if (name) errors[name] = name === 'email' ? t('registrations.badEmail') : t('registrations.badField');
  }
  return errors;
}

function Field({ id, label, error, children }: { id: string; label: WordKey; error?: string; children: ReactNode }) {
  return (
    <div className="field">
      <label htmlFor={id}>{t(label)}</label>
      {children}
      {error && <span className="field-error" id={`${id}-error`}>{error}</span>}
    </div>
  );
}

/** A small form: checks what is required, posts, says what happened or marks the fields. */
function useForm<T extends Record<string, string>>(initial: T, required: (keyof T)[]) {
  const [values, setValues] = useState<T>(initial);
  const [errors, setErrors] = useState<Errors>({});
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const set = (name: keyof T) => (value: unknown) => setValues((v) => ({ ...v, [name]: String(value ?? '') }));
  const submit = (send: (v: T) => Promise<string>) => async (event: FormEvent) => {
    event.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, v.trim()])) as T;
    const missing = Object.fromEntries(required.filter((k) => !trimmed[k]).map((k) => [k, t('registrations.required')]));
    setErrors(missing);
    if (Object.keys(missing).length) return setStatus(t('registrations.fields'));
    setBusy(true);
    try {
      setStatus(await send(trimmed));
      setValues(initial);
    } catch (error) {
      const found = fieldErrors(error);
      setErrors(found);
      const code = error instanceof ApiProblem ? error.code : undefined;
      setStatus(Object.keys(found).length ? t('registrations.fields') : code === 'head_count_confirmed' ? t('registrations.closed') : error instanceof ApiProblem && error.status === 403 ? t('error.forbidden') : t('error.generic'));
    } finally {
      setBusy(false);
    }
  };
  const invalid = (name: string) => (errors[name] ? { 'aria-invalid': true, 'aria-describedby': `${name}-error` } : {});
  return { values, errors, status, busy, set, submit, invalid };
}

/** Adds a participant by hand (POST /activities/{id}/participants): same places and emails as registering. */
export function AddForm({ activityId, onAdded }: { activityId: number; onAdded: () => void }) {
  const f = useForm({ name: '', email: '', role: 'student', language: 'zh-CN' }, ['name', 'email']);
  const send = async (v: typeof f.values) => {
    const r = ok(await api.POST('/api/v1/activities/{id}/participants', { params: { path: { id: String(activityId) } },
      body: { name: v.name, email: v.email, role: v.role as (typeof ROLES)[number], language: v.language as 'zh-CN' | 'en' } }));
    onAdded();
    return t(r.alreadyRegistered ? 'registrations.alreadyAdded' : 'registrations.added', { status: tOr(`status.${r.status}`, 'status.confirmed') });
  };
  return (
    <form id="registrations-add" className="panel-form" noValidate onSubmit={(e) => void f.submit(send)(e)} aria-labelledby="registrations-add-title">
      <h4 id="registrations-add-title">{t('registrations.add')}</h4>
      <div className="form-grid">
        <Field id="add-name" label="registrations.addName" error={f.errors.name}>
          <input id="add-name" name="name" value={f.values.name} onChange={(e) => f.set('name')(e.target.value)} maxLength={200} {...f.invalid('name')} />
        </Field>
        <Field id="add-email" label="registrations.addEmail" error={f.errors.email}>
          <input id="add-email" name="email" type="email" autoComplete="off" value={f.values.email} onChange={(e) => f.set('email')(e.target.value)} maxLength={320} {...f.invalid('email')} />
        </Field>
        <Field id="add-role" label="registrations.addRole">
          <select id="add-role" name="role" value={f.values.role} onChange={(e) => f.set('role')(e.target.value)}>
            {ROLES.map((r) => <option key={r} value={r}>{t(`role.${r}`)}</option>)}
          </select>
        </Field>
        <Field id="add-language" label="registrations.addLanguage">
          <select id="add-language" name="language" value={f.values.language} onChange={(e) => f.set('language')(e.target.value)}>
            <option value="zh-CN">{t('language.zh-CN')}</option><option value="en">{t('language.en')}</option>
          </select>
        </Field>
      </div>
      <Button type="submit" theme="primary" loading={f.busy}>{t('registrations.addSubmit')}</Button>
      <p role="status" aria-live="polite" id="registrations-add-status">{f.status}</p>
    </form>
  );
}

/** Writes to everyone confirmed or waiting (POST /activities/{id}/messages). */
export function MessageForm({ activityId }: { activityId: number }) {
  const f = useForm({ audience: 'registrants', subject: '', body: '' }, ['subject', 'body']);
  const send = async (v: typeof f.values) => {
    const r = ok(await api.POST('/api/v1/activities/{id}/messages', { params: { path: { id: String(activityId) } },
      body: { audience: v.audience as 'registrants' | 'waitlist', subject: v.subject, body: v.body } }));
    return t('registrations.sent', { count: r.queued });
  };
  return (
    <form id="registrations-message" className="panel-form" noValidate onSubmit={(e) => void f.submit(send)(e)} aria-labelledby="registrations-message-title">
      <h4 id="registrations-message-title">{t('registrations.message')}</h4>
      <Field id="message-audience" label="registrations.audience">
        <select id="message-audience" name="audience" value={f.values.audience} onChange={(e) => f.set('audience')(e.target.value)}>
          <option value="registrants">{t('registrations.audienceRegistrants')}</option><option value="waitlist">{t('registrations.audienceWaitlist')}</option>
        </select>
      </Field>
      <Field id="message-subject" label="registrations.subject" error={f.errors.subject}>
        <input id="message-subject" name="subject" value={f.values.subject} onChange={(e) => f.set('subject')(e.target.value)} maxLength={200} {...f.invalid('subject')} />
      </Field>
      <Field id="message-body" label="registrations.body" error={f.errors.body}>
        <Textarea id="message-body" name="body" value={f.values.body} onChange={f.set('body')} maxlength={5000} autosize={{ minRows: 4, maxRows: 10 }} {...f.invalid('body')} />
      </Field>
      <Button type="submit" theme="primary" loading={f.busy}>{t('registrations.send')}</Button>
      <p role="status" aria-live="polite" id="registrations-message-status">{f.status}</p>
    </form>
  );
}
