import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Card, Dialog, Loading, Tag, Textarea } from 'tdesign-react';
import { api, ApiProblem, ok } from '../api.ts';
import type { Me } from '../App.tsx';
import { pick, t, tOr, zoneName } from '../i18n.ts';
import { Preferences } from './Preferences.tsx';
import { announceCount } from './badge.tsx';
import './approvals.css';
import { claimFacts, type Claim, holdLeft, when } from './claims.ts';

type Decision = 'approve' | 'decline';
/** What happened to a claim on this page: decided (with the activity's new status) or refused (a worded reason). */
type Outcome = { done: Decision; status: string } | { failed: string; lines: string[] };
const NOTE_MAX = 500;

async function allClaims(): Promise<Claim[]> {
  const claims: Claim[] = [];
  let cursor: number | null = null;
  do {
    const query: Record<string, string> = cursor === null ? { limit: '100' } : { limit: '100', cursor: String(cursor) };
    const page = ok(await api.GET('/api/v1/approvals', { params: { query } }));
    claims.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return claims;
}

/** The claim the URL names (#approvals/12, the approval-request email's link), if any. */
const linkedId = (): number | null => {
  const id = Number(location.hash.slice(1).split('/')[1]);
  return Number.isInteger(id) && id > 0 ? id : null;
};

/** A refusal in the reader's words: by its code, with the conflicts or calendar blocks it carries. */
function refusal(error: unknown, zone: string): { failed: string; lines: string[] } {
  if (!(error instanceof ApiProblem)) return { failed: t('error.generic'), lines: [] };
  if (error.code === 'not_pending') return { failed: t('approvals.notPending'), lines: [] };
  if (error.status === 403) return { failed: t('error.forbidden'), lines: [] };
  if (error.code === 'resource_conflict') {
    const conflicts = (error.problem.conflicts ?? []) as { resourceName?: { 'zh-CN': string; en: string }; requested: number; free: number; poolQuantity: number; period: { startsAt: string; endsAt: string }; holders: { title: { 'zh-CN': string; en: string } | null }[] }[];
    return { failed: t('approvals.conflict'), lines: [...new Set(conflicts.map((c) => t('approvals.conflictLine', {
      resource: pick(c.resourceName), requested: c.requested, free: c.free, pool: c.poolQuantity,
      period: when(c.period.startsAt, c.period.endsAt, zone),
      holders: c.holders.map((h) => pick(h.title)).filter(Boolean).join('、') || t('approvals.holdersNone'),
    })))] };
  }
  if (error.code === 'calendar_blocked') {
    const blocks = (error.problem.blocks ?? []) as { reason: { 'zh-CN': string; en: string } }[];
    return { failed: t('approvals.blocked'), lines: [...new Set(blocks.map((b) => t('approvals.blockLine', { reason: pick(b.reason) })))] };
  }
  return { failed: t('error.generic'), lines: [] };
}

function ClaimCard({ claim, linked, outcome, canDecide, showZone, onDecide }: {
  claim: Claim; linked: boolean; outcome: Outcome | undefined; canDecide: boolean; showZone: boolean; onDecide: (d: Decision) => void;
}) {
  const decided = outcome && 'done' in outcome;
  const left = holdLeft(claim.holdExpiresAt);
  return (
    <article className={`approval${linked ? ' linked' : ''}`} id={`approval-${claim.id}`} aria-labelledby={`approval-title-${claim.id}`}>
    <Card bordered header={
      <h3 id={`approval-title-${claim.id}`} tabIndex={-1} className="approval-title">
        <a href={`/activities/${claim.activityId}`}>{pick(claim.activityTitle)}</a>{' '}
        <Tag variant="light" theme="default">{tOr(`kind.${claim.activityKind}`, 'kind.exhibition')}</Tag>
      </h3>
    }>
      <dl className="facts">
        {claimFacts(claim, showZone).map(([label, value, className]) => (
          <div key={label} className="fact"><dt>{t(label)}</dt><dd className={className}>{value}</dd></div>
        ))}
        <div className="fact">
          <dt>{t('approvals.hold')}</dt>
          <dd className="hold">
            {claim.holdExpiresAt ? when(claim.holdExpiresAt, null, claim.timeZone) + (showZone ? t('approvals.zone', { zone: zoneName(claim.timeZone) }) : '') : t('approvals.noHold')}
            {left && <> <Tag theme={left.soon ? 'warning' : 'default'} variant="light">{left.text}</Tag></>}
          </dd>
        </div>
      </dl>
      {outcome && 'failed' in outcome && (
        <div role="alert" className="approval-failure">
          <Alert theme="error" message={outcome.failed} />
          {outcome.lines.length > 0 && <ul>{outcome.lines.map((line) => <li key={line}>{line}</li>)}</ul>}
        </div>
      )}
      <p role="status" aria-live="polite" className="approval-status">
        {decided ? (outcome.done === 'approve' ? t('approvals.approved', { status: tOr(`status.${outcome.status}`, 'status.confirmed') }) : t('approvals.declined')) : ''}
      </p>
      {/* Decided: the buttons go (the status above says what happened; a decision is not taken twice). */}
      {canDecide && !decided && (
        <div className="buttons">
          <Button theme="primary" id={`approve-${claim.id}`} onClick={() => onDecide('approve')}>{t('approvals.approve')}</Button>
          <Button theme="danger" variant="outline" id={`decline-${claim.id}`} onClick={() => onDecide('decline')}>{t('approvals.decline')}</Button>
        </div>
      )}
    </Card>
    </article>
  );
}

export default function ApprovalsPage({ me }: { me: Me }) {
  const [claims, setClaims] = useState<Claim[] | null>(null);
  const [failed, setFailed] = useState<ApiProblem | null>(null);
  const [outcomes, setOutcomes] = useState<Map<number, Outcome>>(new Map());
  const [asking, setAsking] = useState<{ claim: Claim; decision: Decision } | null>(null);
  const [text, setText] = useState('');
  const [textError, setTextError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [linked] = useState(linkedId);

  useEffect(() => {
    allClaims().then(setClaims, (error: unknown) => setFailed(error instanceof ApiProblem ? error : new ApiProblem(0, null)));
  }, []);
  const open = claims ? claims.filter((c) => !(outcomes.get(c.id) && 'done' in outcomes.get(c.id)!)).length : 0;
  useEffect(() => { if (claims) announceCount(open); }, [claims, open]);
  useEffect(() => {
    if (!claims || linked === null) return;
    const card = document.getElementById(`approval-${linked}`);
    card?.scrollIntoView({ block: 'start' });
    document.getElementById(`approval-title-${linked}`)?.focus();
  }, [claims]);
  useEffect(() => {
    const box = () => document.querySelector('.approvals-confirm.t-dialog, .approvals-confirm .t-dialog');
    // A closed (fading) confirmation is no longer modal: the page behind it is the page again.
    if (!asking) return void box()?.removeAttribute('aria-modal');
    // TDesign's dialog names no role: give assistive technology (and axe) the dialog it is.
    const frame = requestAnimationFrame(() => {
      const box = document.querySelector('.approvals-confirm.t-dialog, .approvals-confirm .t-dialog');
      box?.setAttribute('role', 'dialog');
      box?.setAttribute('aria-modal', 'true');
      box?.setAttribute('aria-label', t(asking.decision === 'approve' ? 'approvals.confirmApprove' : 'approvals.confirmDecline'));
    });
    return () => cancelAnimationFrame(frame);
  }, [asking]);
  const zones = useMemo(() => new Set((claims ?? []).map((c) => c.timeZone)), [claims]);

  if (failed) return <p role="alert" className="error">{failed.status === 403 ? t('error.forbidden') : t('error.generic')}</p>;
  if (!claims) return <Loading size="small" text={t('loading')} />;

  const ask = (claim: Claim, decision: Decision) => {
    setText('');
    setTextError(null);
    setAsking({ claim, decision });
  };
  const decide = async () => {
    if (!asking) return;
    const { claim, decision } = asking;
    const words = text.trim();
    if (decision === 'decline' && !words) return setTextError(t('approvals.reasonRequired'));
    if (words.length > NOTE_MAX) return setTextError(t('approvals.tooLong'));
    setBusy(true);
    let outcome: Outcome;
    try {
      const params = { path: { id: String(claim.activityId), claimId: String(claim.id) } };
      const activity = decision === 'approve'
        ? ok(await api.POST('/api/v1/activities/{id}/claims/{claimId}/approve', { params, body: words ? { note: words } : {} }))
        : ok(await api.POST('/api/v1/activities/{id}/claims/{claimId}/decline', { params, body: { reason: words } }));
      outcome = { done: decision, status: activity.status };
    } catch (error) {
      outcome = refusal(error, claim.timeZone);
    } finally {
      setBusy(false);
    }
    setOutcomes((current) => new Map(current).set(claim.id, outcome));
    setAsking(null);
  };
  const linkedGone = linked !== null && !claims.some((c) => c.id === linked);
  const oneZone = zones.size <= 1;
  const canDecide = me.role !== 'viewer';
  const claim = asking?.claim;
  const fieldId = 'approval-text';
  return (
    <div className="approvals">
      <h2>{t('approvals.title')}</h2>
      <p className="muted">{t('approvals.intro')}</p>
      {linkedGone && <div role="status" id="approvals-linked-gone"><Alert theme="info" message={t('approvals.linkedGone')} /></div>}
      <p id="approvals-count" role="status">
        {open === 0 ? t('approvals.none') : t('approvals.count', { count: open })}
        {oneZone && claims.length > 0 && <span className="muted"> · {t('zone.note', { zone: zoneName(claims[0]!.timeZone) })}</span>}
      </p>
      <div className="approvals-list">
        {claims.map((c) => (
          <ClaimCard key={c.id} claim={c} linked={c.id === linked} outcome={outcomes.get(c.id)} canDecide={canDecide} showZone={!oneZone}
            onDecide={(d) => ask(c, d)} />
        ))}
      </div>
      <Preferences />
      <Dialog className="approvals-confirm" visible={asking !== null} destroyOnClose
        header={t(asking?.decision === 'decline' ? 'approvals.confirmDecline' : 'approvals.confirmApprove')}
        confirmBtn={{ content: t(asking?.decision === 'decline' ? 'approvals.decline' : 'approvals.approve'), theme: asking?.decision === 'decline' ? 'danger' : 'primary', loading: busy }}
        cancelBtn={t('approvals.cancel')} onClose={() => setAsking(null)} onConfirm={() => void decide()}>
        {claim && (
          <div className="approval-confirm-body">
            <p>{t(asking.decision === 'decline' ? 'approvals.confirmDeclineBody' : 'approvals.confirmApproveBody', {
              unit: pick(claim.organizerUnitName), resource: pick(claim.resourceName), quantity: claim.quantity, when: when(claim.startsAt, claim.endsAt, claim.timeZone),
            })}</p>
            <div className="field">
              <label htmlFor={fieldId}>{t(asking.decision === 'decline' ? 'approvals.reason' : 'approvals.note')}</label>
              <Textarea id={fieldId} name="note" value={text} maxlength={NOTE_MAX} autosize={{ minRows: 2, maxRows: 5 }}
                status={textError ? 'error' : 'default'} tips={textError ?? t(asking.decision === 'decline' ? 'approvals.reasonHelp' : 'approvals.noteHelp')}
                onChange={(value) => { setText(String(value)); setTextError(null); }} />
            </div>
          </div>
        )}
      </Dialog>
    </div>
  );
}
