import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Button, Dialog, Input, Radio, Select, Tag } from 'tdesign-react';
import { pick, switchLanguage, time } from '../i18n.ts';
import { matchCode, startCamera } from './scan.ts';
import { allHeadCounts, allMarks, thisDevice, erase, putHeadCounts, putMarks, STEPS, type Person, type QueuedHeadCount, type QueuedMark, type RosterData, type Step } from './store.ts';
import { syncQueued, type SyncReport } from './sync.ts';
import { w, wOr } from './words.ts';

type Result = { tone: 'ok' | 'warn' | 'bad'; text: string };
const keyOf = (occurrenceId: number, registrationId: number, step: Step) => `${occurrenceId}:${registrationId}:${step}`;

/**
 * The day's roster on the organizer's phone (docs/field-visits.md): pick the visit and the step, scan
 * or tap each person; the count and who is missing stay on screen; marks are queued on the phone and
 * synced whenever the network is there. Works the same with the network off.
 */
export function RosterPage({ roster, onErased, onSignOut }: { roster: RosterData; onErased: () => void; onSignOut: () => void }) {
  const [visitAt, setVisitAt] = useState(0);
  const [step, setStep] = useState<Step>('check_in');
  const [marks, setMarks] = useState<QueuedMark[]>([]);
  const [counts, setCounts] = useState<QueuedHeadCount[]>([]);
  const [online, setOnline] = useState(navigator.onLine);
  const [result, setResult] = useState<Result | null>(null);
  const [report, setReport] = useState<SyncReport | null>(null);
  const [code, setCode] = useState('');
  const [confirmErase, setConfirmErase] = useState(false);
  const [camera, setCamera] = useState<(() => void) | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const device = useRef<string>('');
  const syncing = useRef(false);
  const visit = roster.visits[visitAt]!;

  const reload = useCallback(async () => {
    setMarks(await allMarks());
    setCounts(await allHeadCounts());
  }, []);

  const sync = useCallback(async () => {
    if (syncing.current || !navigator.onLine) return;
    syncing.current = true;
    try {
      const r = await syncQueued(roster);
      if (r.sessionRevoked || r.conflicts.length > 0 || r.refused.length > 0) setReport(r);
    } catch {
      // Offline or the server away: the queue stays as it is and goes with the next attempt.
    } finally {
      syncing.current = false;
      await reload();
    }
  }, [roster, reload]);

  useEffect(() => {
    void (async () => {
      device.current = await thisDevice();
      await reload();
      await sync();
    })();
    const up = () => { setOnline(true); void sync(); };
    const down = () => setOnline(false);
    window.addEventListener('online', up);
    window.addEventListener('offline', down);
    return () => { window.removeEventListener('online', up); window.removeEventListener('offline', down); };
  }, [reload, sync]);

  /** What counts on this phone: the marks synced from any phone with the roster, and this phone's own (not lost to an earlier one). */
  const marked = useMemo(() => {
    const seen = new Map<string, string>();
    for (const m of roster.marks) seen.set(keyOf(m.occurrenceId, m.registrationId, m.step), m.deviceTime);
    for (const m of marks) if (m.outcome !== 'refused' && !(m.outcome === 'conflict' && !m.won)) seen.set(keyOf(m.occurrenceId, m.registrationId, m.step), m.deviceTime);
    return seen;
  }, [roster.marks, marks]);
  const here = visit.people.filter((p) => marked.has(keyOf(visit.occurrenceId, p.registrationId, step)));
  const missing = visit.people.filter((p) => !marked.has(keyOf(visit.occurrenceId, p.registrationId, step)));
  const queued = marks.filter((m) => m.outcome === null).length + counts.filter((h) => h.outcome === null).length;
  const stepName = w(`step.${step}`);

  async function markPerson(person: Person, method: 'scan' | 'tap') {
    if (marked.has(keyOf(visit.occurrenceId, person.registrationId, step))) {
      setResult({ tone: 'warn', text: w('again', { name: person.name }) });
      return;
    }
    const mark: QueuedMark = { markId: crypto.randomUUID(), occurrenceId: visit.occurrenceId, registrationId: person.registrationId, step, method, deviceTime: new Date().toISOString(), device: device.current, outcome: null };
    setMarks((list) => [...list, mark]);
    setResult(person.consent === 'missing' ? { tone: 'warn', text: w('consentMarked', { name: person.name }) } : { tone: 'ok', text: w('ok', { name: person.name, step: stepName }) });
    await putMarks([mark]);
    void sync();
  }

  function scanned(text: string) {
    const match = matchCode(text, visit, roster.visits);
    if (match.kind === 'person') void markPerson(match.person, 'scan');
    else setResult({ tone: 'bad', text: w(match.kind === 'elsewhere' ? 'notOnRoster' : 'badCode') });
  }

  async function finishCount() {
    if (step === 'check_in') return;
    const h: QueuedHeadCount = { headCountId: crypto.randomUUID(), occurrenceId: visit.occurrenceId, step, counted: here.length, missing: missing.map((p) => p.registrationId), deviceTime: new Date().toISOString(), device: device.current, outcome: null };
    await putHeadCounts([h]);
    setResult({ tone: here.length === visit.people.length ? 'ok' : 'warn', text: w('headCountDone', { step: stepName, count: here.length, total: visit.people.length }) });
    await reload();
    void sync();
  }

  async function toggleCamera() {
    if (camera) {
      camera();
      setCamera(null);
      return;
    }
    try {
      const stop = await startCamera(video.current!, scanned);
      setCamera(() => stop);
    } catch (error) {
      setResult({ tone: 'bad', text: w((error as Error).name === 'NotAllowedError' ? 'camera.denied' : 'camera.unavailable') });
    }
  }

  const nameOf = (id: number) => roster.visits.flatMap((v) => v.people).find((p) => p.registrationId === id)?.name ?? '';
  const counted = counts.find((h) => h.occurrenceId === visit.occurrenceId && h.step === step);

  return (
    <>
      <header className="roster-top">
        <h1>{w('title')}</h1>
        <Tag theme={online ? 'success' : 'warning'} variant="light">{w(online ? 'online' : 'offline')}</Tag>
        <Tag theme={queued > 0 ? 'primary' : 'default'} variant="light" data-testid="queued">{queued > 0 ? w('queued', { count: queued }) : w('synced')}</Tag>
        <button type="button" className="lang" onClick={switchLanguage}>{w('lang.other')}</button>
      </header>
      <main id="main" className="roster">
        <p className="muted" data-testid="saved">{w('saved')} · {w('savedAt', { time: time(roster.generatedAt, 'Asia/Shanghai') })} · {w('zone')}</p>
        {roster.visits.length > 1 && (
          <label className="field">{w('visit')}
            <Select value={visitAt} onChange={(v) => setVisitAt(Number(v))} options={roster.visits.map((v, i) => ({ value: i, label: `${time(v.startsAt, v.timeZone)} ${pick(v.title)}` }))} />
          </label>
        )}
        <section className="visit" aria-label={pick(visit.title)}>
          <h2>{pick(visit.title)} · {time(visit.startsAt, visit.timeZone)}</h2>
          {visit.destination && <p>{w('destination', { place: visit.destination })}</p>}
          {visit.meetingPoint && <p>{w('meeting', { place: visit.meetingPoint, time: visit.meetingAt ? time(visit.meetingAt, visit.timeZone) : '' })}</p>}
          {visit.contact && <p>{w('contact', { name: visit.contact, phone: visit.contactPhone })}</p>}
        </section>
        <Radio.Group variant="default-filled" value={step} onChange={(v) => setStep(v as Step)} className="steps" aria-label={w('step')}>
          {STEPS.map((s) => <Radio.Button key={s} value={s}>{w(`step.${s}`)}</Radio.Button>)}
        </Radio.Group>
        <p className="count" role="status" data-testid="count">{w('count', { step: stepName, count: here.length, total: visit.people.length })}</p>
        <form className="scan" onSubmit={(e) => { e.preventDefault(); if (code.trim()) scanned(code); setCode(''); }}>
          <div className="scan-row">
            <label className="scan-field"><span>{w('scan')}</span>
              <Input name="code" value={code} onChange={(v) => setCode(String(v))} placeholder={w('scanHelp')} autocomplete="off" />
            </label>
            <Button type="submit">{w('enter')}</Button>
            <Button type="button" variant="outline" onClick={() => void toggleCamera()}>{w(camera ? 'cameraOff' : 'camera')}</Button>
          </div>
          <video ref={video} className={camera ? 'camera on' : 'camera'} muted playsInline aria-hidden="true" />
        </form>
        {result && <p className={`result ${result.tone}`} role="alert" data-testid="result">{result.text}</p>}
        {report?.sessionRevoked && <p className="result bad" role="alert">{w('sync.revoked')}</p>}
        {report && (report.conflicts.length > 0 || report.refused.length > 0) && (
          <ul className="report" aria-label={w('synced')}>
            {report.conflicts.map((m) => <li key={m.markId}>{w('sync.conflict', { name: nameOf(m.registrationId), step: w(`step.${m.step}`) })}</li>)}
            {report.refused.filter((m) => m.code !== 'device_session_revoked').map((m) => <li key={m.markId}>{w('sync.refused', { name: nameOf(m.registrationId), reason: wOr(`reason.${m.code}`, 'error') })}</li>)}
          </ul>
        )}
        {step !== 'check_in' && (
          <p><Button theme={counted ? 'default' : 'primary'} onClick={() => void finishCount()} data-testid="finish-count">{w('headCount', { count: here.length, total: visit.people.length })}</Button></p>
        )}
        <h3>{missing.length === 0 ? w('allHere') : w('missing', { count: missing.length })}</h3>
        <ul className="people" data-testid="missing">
          {missing.map((p) => <PersonRow key={p.registrationId} person={p} onTap={() => void markPerson(p, 'tap')} />)}
        </ul>
        <ul className="people done" data-testid="here">
          {here.map((p) => <PersonRow key={p.registrationId} person={p} at={marked.get(keyOf(visit.occurrenceId, p.registrationId, step))} zone={visit.timeZone} />)}
        </ul>
        <footer className="roster-end">
          <Button theme="danger" variant="outline" onClick={() => setConfirmErase(true)}>{w('erase')}</Button>
          <Button variant="text" onClick={onSignOut}>{w('signOut')}</Button>
        </footer>
        <Dialog visible={confirmErase} header={w('eraseTitle')} confirmBtn={w('confirm')} cancelBtn={w('cancel')} onClose={() => setConfirmErase(false)}
          onConfirm={async () => { setConfirmErase(false); camera?.(); await erase(); onErased(); }}>
          {queued > 0 ? w('eraseBody', { count: queued }) : w('eraseBodySynced')}
        </Dialog>
      </main>
    </>
  );
}

function PersonRow({ person, onTap, at, zone }: { person: Person; onTap?: () => void; at?: string | undefined; zone?: string }) {
  // No aria-label: the visible name, class and role are the button's name (axe: label-content-name-mismatch).
  return (
    <li>
      <button type="button" className="person" onClick={onTap} disabled={!onTap}>
        <span className="name">{person.name}</span>
        <span className="muted">{[person.class, w(`role.${person.role}`)].filter(Boolean).join(' · ')}</span>
        {person.consent === 'missing' && <Tag theme="danger" variant="light">{w('consentFlag')}</Tag>}
        {at && zone && <span className="at">✓ {time(at, zone)}</span>}
      </button>
    </li>
  );
}
