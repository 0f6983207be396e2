import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { DatePicker, Input, TimePicker } from 'tdesign-react';
import { t } from '../i18n.ts';
import { dateFormat } from './time.ts';

/**
 * The form's building blocks: a labelled field with its hint and its error beside it, and TDesign's
 * inputs and pickers given the id the label points at (TDesign puts a passed id on its wrapper, so the
 * inner input gets it here) and told which hint and error describe them.
 */
export function Field({ id, label, error, hint, children, wide }: { id: string; label: string; error?: string | undefined; hint?: string; children: ReactNode; wide?: boolean }) {
  return (
    <div className={`field${wide ? ' wide' : ''}${error ? ' has-error' : ''}`} data-field={id}>
      <label htmlFor={id}>{label}</label>
      {children}
      {hint && <p className="hint" id={`${id}-hint`}>{hint}</p>}
      {error && <p className="field-error" id={`${id}-error`}>{error}</p>}
    </div>
  );
}

/** Puts `id`, aria-describedby and aria-invalid on the first input inside (a TDesign control's own). */
function Labelled({ id, error, hint, picker, children }: { id: string; error?: string | undefined; hint?: boolean; picker?: boolean; children: ReactNode }) {
  const box = useRef<HTMLSpanElement>(null);
  useLayoutEffect(() => {
    const input = box.current?.querySelector('input');
    if (!input) return;
    input.id = id;
    const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
    if (described) input.setAttribute('aria-describedby', described);
    else input.removeAttribute('aria-describedby');
    if (error) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
  });
  // Enter in a picker confirms what was typed there; it must not also submit the booking.
  return <span className="control" ref={box} onKeyDown={picker ? (e) => { if (e.key === 'Enter') e.preventDefault(); } : undefined}>{children}</span>;
}

type TextProps = { id: string; value: string; onChange: (value: string) => void; error?: string | undefined; hint?: boolean; maxlength?: number; type?: 'text' | 'number' | 'tel'; inputMode?: 'numeric' | 'tel' | 'text'; lang?: string; autocomplete?: string };

export function TextInput({ id, value, onChange, error, hint, maxlength, type = 'text', lang, autocomplete }: TextProps) {
  return (
    <Labelled id={id} error={error} hint={hint}>
      <Input value={value} onChange={(v) => onChange(String(v))} status={error ? 'error' : 'default'} type={type}
        {...(maxlength ? { maxlength } : {})} {...(autocomplete ? { autocomplete } : {})} {...(lang ? { lang } : {})} clearable={false} placeholder="" />
    </Labelled>
  );
}

/** A date field in the page's language (2026年12月1日 / 1 Dec 2026) whatever the browser's; the value is YYYY-MM-DD. */
export function DateInput({ id, value, onChange, error, hint }: { id: string; value: string; onChange: (value: string) => void; error?: string | undefined; hint?: boolean }) {
  return (
    <Labelled id={id} error={error} hint={hint} picker>
      <DatePicker value={value} valueType="YYYY-MM-DD" format={dateFormat()} allowInput clearable={false} status={error ? 'error' : 'default'}
        placeholder={t('picker.date')} onChange={(v) => onChange(typeof v === 'string' ? v : '')} />
    </Labelled>
  );
}

/** A 24-hour time field ("19:00") in any browser; the value is HH:mm. */
export function TimeInput({ id, value, onChange, error, hint, optional }: { id: string; value: string; onChange: (value: string) => void; error?: string | undefined; hint?: boolean; optional?: boolean }) {
  return (
    <Labelled id={id} error={error} hint={hint} picker>
      <TimePicker value={value} format="HH:mm" allowInput clearable={optional ?? false} status={error ? 'error' : 'default'} steps={[1, 5, 1]}
        placeholder={t('picker.time')} onChange={(v) => onChange(String(v ?? ''))} />
    </Labelled>
  );
}
