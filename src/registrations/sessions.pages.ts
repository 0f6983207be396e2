import express, { type Request, type Response, type Router } from 'express';
import { DateTime } from 'luxon';
import { formatPeriod } from '../notifications/format.ts';
import { AppError } from '../shared/errors.ts';
import { html, type Html } from '../shared/html.ts';
import type { Language } from '../shared/types.ts';
import { renderServerPage } from '../web/layout.ts';
import type { ActivityRow } from '../booking/activity.queries.ts';
import type { Registration } from './registrations.schema.ts';
import type { RegistrationsService } from './registrations.service.ts';
import type { OccurrenceSeats } from './sessions.ts';

/**
 * The participant page's "change performance / day" panel (per-occurrence activities): a plain
 * form of radio buttons, one POST, no script. Occurrences without a free place are listed but
 * cannot be picked; the server checks again under the activity lock.
 */
const text = {
  'zh-CN': { title: '更换场次', held: '您的场次', none: '没有其他可选场次。', seats: '剩余 {n} 个名额', full: '已满', unlimited: '名额不限', move: '换到所选场次', failed: '未能更换场次', back: '返回我的报名' },
  en: { title: 'Change to another session', held: 'Your session', none: 'No other session to pick.', seats: '{n} places left', full: 'full', unlimited: 'no limit', move: 'Move to the chosen session', failed: 'The session was not changed', back: 'Back to my registration' },
} as const;

const period = (o: { startsAt: string; endsAt: string }, a: ActivityRow, language: Language) =>
  formatPeriod(DateTime.fromISO(o.startsAt, { zone: 'utc' }), DateTime.fromISO(o.endsAt, { zone: 'utc' }), a.timeZone, a.allDay, language);

function seats(o: OccurrenceSeats, language: Language): string {
  const t = text[language];
  return o.seatsLeft === null ? t.unlimited : o.seatsLeft > 0 ? t.seats.replace('{n}', String(o.seatsLeft)) : t.full;
}

export function sessionsPanel(r: Registration, a: ActivityRow, occurrences: OccurrenceSeats[], action: string, language: Language): Html | '' {
  if (a.registrationScope !== 'occurrence' || r.status === 'cancelled') return '';
  const t = text[language];
  const held = occurrences.find((o) => o.id === r.occurrenceId);
  const choices = occurrences.filter((o) => o.id !== r.occurrenceId);
  const options = choices.map((o) => {
    const free = o.seatsLeft === null || o.seatsLeft > 0;
    return html`<li><label><input type="radio" name="occurrenceId" value="${String(o.id)}" id="move-to-${String(o.id)}"${free ? '' : html` disabled`}> ${period(o, a, language)} — ${seats(o, language)}</label></li>`;
  });
  return html`<section class="panel" aria-labelledby="sessions-title"><h2 id="sessions-title">${t.title}</h2>
${held ? html`<p>${t.held}: <span id="held-occurrence">${period(held, a, language)}</span></p>` : ''}
${choices.length === 0 ? html`<p>${t.none}</p>` : html`<form method="post" action="${action}" id="move-form"><ul class="choices">${options}</ul><button type="submit" id="move-registration">${t.move}</button></form>`}
</section>`;
}

/** A per-occurrence registration's page shows the occurrence it holds as its time. */
export function heldView<V extends { registration: Registration; activity: ActivityRow }>(view: V, occurrences: OccurrenceSeats[]): V {
  const held = occurrences.find((o) => o.id === view.registration.occurrenceId);
  return held ? { ...view, activity: { ...view.activity, startsAt: held.startsAt, endsAt: held.endsAt } } : view;
}

/** POST /registrations/{id}/move from the form; a refusal is shown as a page with the reason, nothing changed. */
export function sessionRoutes(r: Router, registrations: RegistrationsService, link: (id: number, sig: string, language: Language) => string): void {
  r.post('/registrations/:id/move', express.urlencoded({ extended: false, limit: '1kb' }), async (req: Request, res: Response) => {
    const id = /^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : 0;
    const sig = typeof req.query.sig === 'string' ? req.query.sig : '';
    const language: Language = req.query.lang === 'en' ? 'en' : 'zh-CN';
    const wanted = Number((req.body as Record<string, unknown> | undefined)?.occurrenceId);
    try {
      const reg = await registrations.move(id, sig, Number.isSafeInteger(wanted) && wanted > 0 ? wanted : 0);
      res.redirect(303, `${link(id, sig, req.query.lang === 'en' || req.query.lang === 'zh-CN' ? language : reg.language)}#sessions-title`);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const t = text[language];
      const issue = (error.details?.errors as { message: string }[] | undefined)?.[0]?.message;
      const body = html`<h1>${t.failed}</h1><p role="alert" id="move-error">${issue ?? error.message}</p>${error.status === 404 ? '' : html`<p><a href="${link(id, sig, language)}">${t.back}</a></p>`}`;
      res.status(error.status).type('html').send(renderServerPage({ language, title: t.failed, body, switchHref: `?lang=${language === 'en' ? 'zh-CN' : 'en'}` }));
    }
  });
}
