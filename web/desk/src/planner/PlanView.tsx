// The plan of a term, in three steps (TDesign Steps): run (the solver works on the server; the page
// polls and says where it is in words) -> review (the proposal by week, past weeks marked and never
// offered, what cannot fit with its reasons, pins) -> accept ("接受并预约全部", after a confirmation).
import { useEffect, useRef, useState } from 'react';
import { Alert, Button, Dialog, Steps, Tag } from 'tdesign-react';
import { api, ApiProblem, ok } from '../api.ts';
import { dateTime, pick, t, time, tOr, zoneName } from '../i18n.ts';
import type { paths } from '../../generated/api';
import { classNames, joined, nameOf, outcomeNote, phaseText, quality, reasonText, type Ctx } from './reasons.ts';

export type Plan = paths['/api/v1/plans/{id}']['get']['responses']['200']['content']['application/json'];
type Item = NonNullable<Plan['result']>['items'][number];
export type Commitment = paths['/api/v1/commitments']['get']['responses']['200']['content']['application/json'][number];
export interface PlanCtx extends Ctx { term: string; commitments: Commitment[] }

/** How often a running plan is asked for its progress. */
const POLL_MS = 500;
const ZONE = 'Asia/Shanghai';
const zoneOf = (ctx: PlanCtx, commitmentId: number) => ctx.commitments.find((c) => c.id === commitmentId)?.timeZone ?? ZONE;
const running = (p: Plan | null) => p !== null && (p.status === 'queued' || p.status === 'running');

/** An item that starts before now and was not booked: never offered for acceptance. */
export const isPast = (item: Item, now = Date.now()): boolean => !item.accepted && Date.parse(item.start) < now;

function titleOf(ctx: PlanCtx, entry: { commitmentId: number; index: number; title: string }): string {
  const c = ctx.commitments.find((x) => x.id === entry.commitmentId);
  const count = c?.count ?? 1;
  return c ? `${pick(c.title)}${count > 1 ? ` (${entry.index + 1}/${count})` : ''}` : entry.title;
}

/** The Monday (local date) of the week an instant falls in, in the given zone. */
function mondayOf(iso: string, zone: string): string {
  const local = new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(iso));
  const d = new Date(`${local}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7));
  return d.toISOString().slice(0, 10);
}

const problemWords = (error: unknown): string =>
  error instanceof ApiProblem && error.code ? tOr(`planner.error.${error.code}`, 'planner.error') : t('planner.error');

function ItemRow({ ctx, plan, item, act }: { ctx: PlanCtx; plan: Plan; item: Item; act: (r: Promise<Plan>) => void }) {
  const zone = zoneOf(ctx, item.commitmentId);
  const pinned = plan.pinned.some((p) => p.key === item.key);
  const past = isPast(item);
  const needsApproval = new Set(item.approvals.map((a) => a.resourceId));
  // Each resource once, marked where its unit must approve; when every one needs approval, said once.
  const ids = [...new Set(item.resourceIds)];
  const all = ids.length > 1 && ids.every((id) => needsApproval.has(id));
  const resources = ids.map((id) => `${nameOf(ctx.resources, id)}${needsApproval.has(id) && !all ? t('planner.approvalMark') : ''}`);
  const title = titleOf(ctx, item);
  const locked = plan.status === 'accepted' || plan.status === 'accepting' || item.accepted || past;
  const pin = () => act(pinned
    ? api.DELETE('/api/v1/plans/{id}/pins/{key}', { params: { path: { id: String(plan.id), key: item.key } } }).then(ok)
    : api.POST('/api/v1/plans/{id}/pins', { params: { path: { id: String(plan.id) } }, body: { key: item.key } }).then(ok));
  return (
    <li className={`plan-item${pinned ? ' pinned' : ''}${past ? ' past' : ''}`} data-item={item.key}>
      <div className="plan-item-text">
        <span className="when">{dateTime(item.start, zone)}–{time(item.end, zone)}</span>
        {past && <Tag theme="default" variant="light" className="badge">{t('planner.past')}</Tag>}
        {pinned && <Tag theme="primary" variant="light" className="badge">{t('planner.pinned')}</Tag>}
        <strong>{title}</strong>
        {item.classIds.length > 0 && <span className="plan-classes">{classNames(ctx, item.classIds)}</span>}
        <span className="hint">{joined(resources)}{all ? ` · ${t('planner.allNeedApproval')}` : ''}</span>
      </div>
      {!locked && (
        <Button size="small" variant="outline" data-pin={item.key} aria-pressed={pinned} onClick={pin}
          aria-label={t(pinned ? 'planner.unpinOne' : 'planner.pinOne', { title })}>{t(pinned ? 'planner.unpin' : 'planner.pin')}</Button>
      )}
    </li>
  );
}

/** The proposal by week (Monday in the commitment's zone); a week wholly past is marked as such. */
function Proposal({ ctx, plan, act }: { ctx: PlanCtx; plan: Plan; act: (r: Promise<Plan>) => void }) {
  const items = [...(plan.result?.items ?? [])].sort((a, b) => a.start.localeCompare(b.start));
  if (items.length === 0) return <p>{t('planner.nothingPlaced')}</p>;
  const weeks = new Map<string, Item[]>();
  for (const item of items) {
    const week = mondayOf(item.start, zoneOf(ctx, item.commitmentId));
    weeks.set(week, [...(weeks.get(week) ?? []), item]);
  }
  return (
    <div id="plan-proposal">
      {[...weeks].map(([week, list]) => {
        const past = list.every((item) => isPast(item));
        const heading = `${t('planner.weekOf', { date: dayOf(week) })}${past ? t('planner.pastWeek') : ''}`;
        return (
          <section key={week} className={`plan-week${past ? ' past' : ''}`} data-week={week} aria-label={heading}>
            <h4>{heading}</h4>
            <ul className="plain">{list.map((item) => <ItemRow key={item.key} ctx={ctx} plan={plan} item={item} act={act} />)}</ul>
          </section>
        );
      })}
    </div>
  );
}
const dayOf = (date: string): string => new Intl.DateTimeFormat(document.documentElement.lang || 'zh-CN', { timeZone: 'UTC', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(`${date}T12:00:00Z`));

function Unplaced({ ctx, plan }: { ctx: PlanCtx; plan: Plan }) {
  const unplaced = plan.result?.unplaced ?? [];
  if (unplaced.length === 0) return <p id="plan-unplaced-none">{t('planner.allPlaced')}</p>;
  return (
    <ul id="plan-unplaced">
      {unplaced.map((u) => (
        <li key={u.key} data-unplaced={u.key}>
          <strong>{titleOf(ctx, u)}</strong>{u.classIds.length > 0 ? ` · ${classNames(ctx, u.classIds)}` : ''}
          <ul>
            {u.reasons.map((r, i) => {
              const words = reasonText(ctx, r);
              return (
                <li key={i}>
                  <span className="family">{tOr(`planner.family.${r.family}`, 'planner.family.window')}</span>{t('planner.colon')}{words.message}
                  <br /><span className="hint">{words.fits}</span>
                </li>
              );
            })}
          </ul>
        </li>
      ))}
    </ul>
  );
}

function Acceptance({ ctx, plan }: { ctx: PlanCtx; plan: Plan }) {
  if (!plan.acceptance) return null;
  const title = (key: string) => { const item = plan.result?.items.find((i) => i.key === key); return item ? titleOf(ctx, item) : ''; };
  return (
    <section id="plan-acceptance" aria-labelledby="plan-acceptance-title">
      <h4 id="plan-acceptance-title">{t('planner.acceptance')}</h4>
      <ul>
        {plan.acceptance.map((a) => {
          const note = outcomeNote(a);
          return (
            <li key={a.key} data-outcome={a.outcome}>
              {title(a.key)}{t('planner.colon')}{tOr(`planner.outcome.${a.outcome}`, 'planner.outcome.kept')}
              {a.status ? `（${tOr(`status.${a.status}`, 'status.draft')}）` : ''}{note ? ` — ${note}` : ''}
              {a.activityId ? <>{' '}<a href={`/activities/${a.activityId}`}>{t('planner.activityLink')}</a></> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Summary({ plan }: { plan: Plan }) {
  const s = plan.result?.stats ?? {};
  const words = [t('planner.summary', { placed: Number(s.placed ?? 0), total: Number(s.occurrences ?? 0), unplaced: Number(s.unplaced ?? 0) }), quality(s.gap),
    plan.status === 'accepted' ? t('planner.acceptedNote') : '',
    plan.status === 'accepting' ? t('planner.acceptingNote', { done: plan.acceptance?.length ?? 0, total: plan.result?.items.length ?? 0 }) : ''].filter(Boolean);
  return <p id="plan-summary" role="status">{words.join(document.documentElement.lang === 'en' ? ' ' : '')}</p>;
}

async function waitForPlan(id: number, onProgress: (p: Plan) => void): Promise<Plan> {
  for (;;) {
    const plan = ok(await api.GET('/api/v1/plans/{id}', { params: { path: { id: String(id) } } }));
    if (!running(plan)) return plan;
    onProgress(plan);
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** The term's latest plan, or the offer to plan it. */
export function PlanView({ ctx }: { ctx: PlanCtx }) {
  const [plan, setPlan] = useState<Plan | null | undefined>(undefined);
  const [status, setStatus] = useState('');
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const live = useRef(true);
  useEffect(() => {
    live.current = true;
    setPlan(undefined);
    api.GET('/api/v1/plans', { params: { query: { term: ctx.term } } }).then(ok).then(async (plans) => {
      const latest = plans.length ? plans.reduce((a, b) => (b.id > a.id ? b : a)) : null;
      const shown = latest && running(latest) ? await waitForPlan(latest.id, () => undefined) : latest;
      if (live.current) setPlan(shown);
    }, () => live.current && setStatus(t('planner.error')));
    return () => { live.current = false; };
  }, [ctx.term]);

  useEffect(() => {
    if (!confirming) return;
    // TDesign's dialog names no role: give assistive technology (and axe) the dialog it is.
    const frame = requestAnimationFrame(() => {
      const box = document.querySelector('.plan-confirm.t-dialog, .plan-confirm .t-dialog');
      box?.setAttribute('role', 'dialog');
      box?.setAttribute('aria-modal', 'true');
      box?.setAttribute('aria-label', t('planner.confirmTitle'));
    });
    return () => cancelAnimationFrame(frame);
  }, [confirming]);

  const run = async (request: Promise<Plan>): Promise<void> => {
    setBusy(true);
    try {
      const started = await request;
      setStatus(t('planner.running'));
      const done = running(started)
        ? await waitForPlan(started.id, (p) => live.current && setStatus(t('planner.progress', { phase: phaseText(p.progress.phase), seconds: Math.round(p.progress.seconds ?? 0) })))
        : started;
      if (!live.current) return;
      setPlan(done);
      setStatus('');
    } catch (error) {
      setStatus(problemWords(error));
    } finally {
      setBusy(false);
    }
  };
  const planTerm = () => run(api.POST('/api/v1/plans', { body: { term: ctx.term } }).then(ok));
  if (plan === undefined) return <p className="muted">{t('planner.loading')}</p>;
  const future = (plan?.result?.items ?? []).filter((i) => !isPast(i) && !i.accepted).length;
  const step = !plan || running(plan) || plan.status === 'failed' ? 0 : plan.status === 'done' ? 1 : 2;
  // Past items are never offered: with nothing ahead left to book, there is nothing to accept.
  const canAccept = plan !== null && (plan.status === 'done' || plan.status === 'accepting') && future > 0;
  return (
    <section id="plan-box" aria-labelledby="plan-title">
      <h3 id="plan-title">{t('planner.planTitle')}</h3>
      <Steps current={step} readonly className="plan-steps">
        <Steps.StepItem title={t('planner.step.run')} content={t('planner.step.runHint')} />
        <Steps.StepItem title={t('planner.step.review')} content={t('planner.step.reviewHint')} />
        <Steps.StepItem title={t('planner.step.accept')} content={t('planner.step.acceptHint')} />
      </Steps>
      <div className="buttons">
        <Button id="plan-run" theme={plan ? 'default' : 'primary'} variant={plan ? 'outline' : 'base'} disabled={busy} onClick={() => void planTerm()}>{t(plan ? 'planner.planNew' : 'planner.plan')}</Button>
        {plan?.status === 'done' && (
          <Button id="plan-replan" variant="outline" disabled={busy} onClick={() => void run(api.POST('/api/v1/plans/{id}/replan', { params: { path: { id: String(plan.id) } } }).then(ok))}>{t('planner.replan')}</Button>
        )}
        {canAccept && <Button id="plan-accept" theme="primary" disabled={busy} onClick={() => setConfirming(true)}>{t('planner.accept')}</Button>}
      </div>
      <p id="plan-status" role="status" aria-live="polite">{status}</p>
      {plan?.status === 'failed' && <div role="alert"><Alert theme="error" message={t('planner.failedWords')} /></div>}
      {plan?.result && (
        <div key={`${plan.id}-${plan.updatedAt}`} className="plan-result">
          <Summary plan={plan} />
          <p className="muted">{t('planner.zone', { zone: zoneName(ctx.commitments[0]?.timeZone ?? ZONE) })}</p>
          <h4>{t('planner.proposal')}</h4>
          <Proposal ctx={ctx} plan={plan} act={(r) => void run(r)} />
          <h4>{t('planner.unplaced')}</h4>
          <Unplaced ctx={ctx} plan={plan} />
        </div>
      )}
      {plan && <Acceptance ctx={ctx} plan={plan} />}
      {plan && (
        <Dialog className="plan-confirm" visible={confirming} header={t('planner.confirmTitle')} confirmBtn={t('planner.confirmOk')} cancelBtn={t('planner.cancel')}
          onClose={() => setConfirming(false)}
          onConfirm={() => { setConfirming(false); void run(api.POST('/api/v1/plans/{id}/accept', { params: { path: { id: String(plan.id) } } }).then(ok)); }}>
          <p>{t('planner.confirmBody', { count: future })}</p>
        </Dialog>
      )}
    </section>
  );
}
