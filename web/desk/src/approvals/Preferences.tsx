import { useEffect, useState } from 'react';
import { Card, Checkbox } from 'tdesign-react';
import { api, ok } from '../api.ts';
import { t } from '../i18n.ts';

const KINDS = ['approval_request', 'approval_decision', 'hold_expiring'] as const;
type Kind = (typeof KINDS)[number];

/** The signed-in user's own choice of staff emails (GET/PATCH /me/notification-preferences). */
export function Preferences() {
  const [prefs, setPrefs] = useState<Record<Kind, boolean> | null>(null);
  const [saved, setSaved] = useState('');
  useEffect(() => {
    api.GET('/api/v1/me/notification-preferences').then(ok).then(setPrefs, () => undefined);
  }, []);
  if (!prefs) return null;
  const change = async (kind: Kind, on: boolean) => {
    setSaved('');
    try {
      setPrefs(ok(await api.PATCH('/api/v1/me/notification-preferences', { body: { [kind]: on } })));
      setSaved(t('prefs.saved'));
    } catch {
      setSaved(t('error.generic'));
    }
  };
  return (
    <section id="notification-preferences" aria-labelledby="prefs-title">
    <Card bordered className="prefs" header={<h3 id="prefs-title">{t('prefs.title')}</h3>}>
      <fieldset aria-labelledby="prefs-title" className="prefs-list">
        <p className="muted">{t('prefs.intro')}</p>
        {KINDS.map((kind) => (
          <Checkbox key={kind} checked={prefs[kind]} name={kind} onChange={(on) => void change(kind, on)}>{t(`prefs.${kind}`)}</Checkbox>
        ))}
        <p role="status" aria-live="polite" id="prefs-status">{saved}</p>
      </fieldset>
    </Card>
    </section>
  );
}
