import { venueWithPlace } from '../shared/place.ts';
import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { zoneDisplayName } from '../shared/zone-names.ts';
import { formatRangeIn } from '../../public/js/format-range.js';
import { html, join, type Html } from '../shared/html.ts';
import type { Language } from '../shared/types.ts';
import { AppError } from '../shared/errors.ts';
import { renderServerPage } from '../web/layout.ts';
import type { RegistrationsService } from './registrations.service.ts';
import type { ParticipantOverview, ParticipantPortal, PersonalFeed } from './participant.ts';
import { pageText, statusText, type PageText } from './registrations.pages.text.ts';
import { manageLink } from './links.ts';
import { heldView, sessionRoutes, sessionsPanel } from './sessions.pages.ts';

/**
 * The pages the links in emails open: no account, the signature in the link is the key. Rendered on
 * the server without any script, so they work in every mail app's browser; reading never changes
 * anything (mail scanners follow links) and every change is a form POST. The page speaks the
 * registration's language unless `?lang=` picks the other. The List-Unsubscribe header points at
 * the unsubscribe page, whose POST is the RFC 8058 one-click.
 */
const sigOf = (req: Request) => (typeof req.query.sig === 'string' ? req.query.sig : '');
const idOf = (req: Request) => (/^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : 0);
const langOf = (req: Request, fallback: Language): Language => (req.query.lang === 'en' || req.query.lang === 'zh-CN' ? req.query.lang : fallback);
const other = (language: Language): Language => (language === 'en' ? 'zh-CN' : 'en');

const link = manageLink;

function send(res: Response, language: Language, switchHref: string, body: Html, status = 200): Response {
  return res.status(status).type('html').send(renderServerPage({ language, title: pageText[language].title, body, switchHref }));
}

function form(action: string, label: string, id: string, style: 'primary' | 'secondary' | 'danger' = 'primary'): Html {
  return html`<form method="post" action="${action}" class="inline"><button type="submit" id="${id}"${style === 'primary' ? '' : html` class="${style}"`}>${label}</button></form>`;
}

/** The activity page's own date format (public/js/format-range.js), so both pages say a date alike. */
const when = (startsAt: string, endsAt: string, zone: string, allDay: boolean, language: Language) =>
  formatRangeIn(language, startsAt, endsAt, zone, allDay);

/** The venue's name in the reader's language (the other when that one is empty), and where it is. */
function where(view: ParticipantOverview, language: Language): string {
  const v = view.venue;
  if (!v) return '—';
  return venueWithPlace(v.name, v.place, language, ' — ');
}

/** Where an activity that leaves the school goes (docs/field-visits.md): the rows the organizer filled in. */
function trip(a: ParticipantOverview['activity'], language: Language, t: PageText): Html[] {
  const meetAt = a.meetingAt ? t.meetAt.replace('{time}', DateTime.fromISO(a.meetingAt).setZone(a.timeZone).toFormat('HH:mm')).replace('{zone}', zoneDisplayName(DateTime.fromISO(a.meetingAt).setZone(a.timeZone), language)) : '';
  const rows: [string, string, string][] = [
    ['destination', t.destination, a.destination],
    ['meeting', t.meeting, [a.meetingPoint, meetAt].filter(Boolean).join(t.sep)],
    ['transport', t.transport, a.transport],
    ['contact', t.contact, [a.contact, a.contactPhone].filter(Boolean).join(t.sep)],
  ];
  return rows.filter(([, , value]) => value).map(([key, label, value]) => html`<dt>${label}</dt><dd id="registration-${key}">${value}</dd>`);
}

function current(view: ParticipantOverview, sig: string, language: Language, t: PageText): Html {
  const { registration: r, activity: a } = view;
  const status = statusText({ ...r, activityStatus: a.status }, language);
  const actions = r.status === 'cancelled'
    ? html`<p>${t.cancelled}</p>`
    : html`<div class="buttons"><a class="button danger" id="cancel-registration" href="${link(r.id, sig, language, '/cancel')}">${t.cancel}</a>${
      r.remindersEnabled ? form(link(r.id, sig, language, '/unsubscribe'), t.stop, 'stop-reminders', 'secondary') : ''}</div>${
      r.remindersEnabled ? '' : html`<p id="reminders-off">${t.stopped}</p>`}`;
  return html`<section class="panel" aria-labelledby="current-title">
<h2 id="current-title"><a href="/activities/${a.id}">${a.title[language] || a.title['zh-CN']}</a></h2>
<dl class="facts">
<dt>${t.when}</dt><dd id="registration-when">${when(a.startsAt, a.endsAt, a.timeZone, a.allDay, language)}</dd>
<dt>${t.where}</dt><dd id="registration-where">${where(view, language)}</dd>
${trip(a, language, t)}
<dt>${t.who}</dt><dd>${r.name} &lt;${r.email}&gt;</dd>
<dt>${t.status}</dt><dd id="registration-status">${status}</dd>
</dl>
${actions}
</section>`;
}

/** The check-in QR code (an SVG image the qrcode library made of the signed payload) and, for teachers, their hours page. */
function checkIn(view: ParticipantOverview, sig: string, language: Language, t: PageText): Html | '' {
  const c = view.checkIn;
  const hours = view.registration.role === 'teacher' && view.activity.kind === 'teacher_training'
    ? html`<p><a id="teacher-hours" href="/teachers/${view.registration.id}?sig=${encodeURIComponent(sig)}&amp;lang=${language}">${t.teacherHours}</a></p>` : '';
  if (!c) return hours ? html`<section class="panel">${hours}</section>` : '';
  return html`<section class="panel" aria-labelledby="check-in-title"><h2 id="check-in-title">${t.checkInTitle}</h2>
<p>${t.checkInIntro.replace('{when}', () => when(c.startsAt, c.endsAt, view.activity.timeZone, view.activity.allDay, language))}</p>
<p class="qr" id="check-in-qr" data-payload="${c.payload}"><img src="data:image/svg+xml;base64,${Buffer.from(c.svg).toString('base64')}" alt="${t.checkInTitle}" width="224" height="224"></p>
<p class="help">${t.checkInCode}</p><p class="short-code" id="check-in-code" translate="no">${c.shortCode}</p>${hours}</section>`;
}

function others(view: ParticipantOverview, language: Language, t: PageText): Html | '' {
  if (view.others.length === 0) return '';
  const items = view.others.map((o) => html`<li><a href="${link(o.id, o.manageSig, language)}">${o.activityTitle[language] || o.activityTitle['zh-CN']}</a>
 — ${when(o.startsAt, o.endsAt, o.timeZone, o.allDay, language)} — ${statusText(o, language)}</li>`);
  return html`<section class="panel" aria-labelledby="others-title"><h2 id="others-title">${t.others}</h2><ul id="other-registrations">${join(items, '\n')}</ul></section>`;
}

function feed(state: PersonalFeed, id: number, sig: string, language: Language, t: PageText): Html {
  let body: Html;
  if (state.state === 'live') {
    const l = state.links;
    body = html`<p>${t.feedIntro}</p>
<div class="field"><label for="feed-url">${t.feedUrl}</label><input id="feed-url" type="text" readonly value="${l.https}"></div>
<p class="buttons"><a class="button" id="feed-webcal" href="${l.webcal}">${t.webcal}</a>
<a class="button" href="${l.google}" target="_blank" rel="noopener noreferrer">${t.google}</a>
<a class="button" href="${l.outlook}" target="_blank" rel="noopener noreferrer">${t.outlook}</a></p>
<ul class="help">${t.feedHelp.map((h) => html`<li>${h}</li>`)}</ul>`;
  } else if (state.state === 'revoked') {
    body = html`<p>${t.feedRevoked}</p>`;
  } else {
    body = html`<p>${t.feedOffer}</p>${form(link(id, sig, language, '/feed'), t.feedCreate, 'create-feed')}`;
  }
  return html`<section class="panel" aria-labelledby="feed-title"><h2 id="feed-title">${t.feedTitle}</h2>${body}</section>`;
}

export function registrationPages(registrations: RegistrationsService, portal: ParticipantPortal): Router {
  const r = Router();
  const guard = (work: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 404) throw error;
      const language = langOf(req, 'zh-CN');
      send(res, language, `?lang=${other(language)}`, html`<h1>${pageText[language].title}</h1><p role="alert">${pageText[language].missing}</p>`, 404);
    }
  };

  r.get('/registrations/:id', guard(async (req, res) => {
    const view = await portal.overview(idOf(req), sigOf(req));
    const language = langOf(req, view.registration.language);
    const t = pageText[language];
    const occurrences = await registrations.occurrences(view.activity);
    const sessions = sessionsPanel(view.registration, view.activity, occurrences, link(idOf(req), sigOf(req), language, '/move'), language);
    const body = html`<h1>${t.title}</h1>${current(heldView(view, occurrences), sigOf(req), language, t)}${checkIn(view, sigOf(req), language, t)}${sessions}${others(view, language, t)}${feed(view.feed, idOf(req), sigOf(req), language, t)}`;
    send(res, language, link(idOf(req), sigOf(req), other(language)), body);
  }));
  // Cancelling gives the place away for good: the button on the page leads here, and only this page's
  // POST cancels. A GET changes nothing (mail scanners follow links).
  r.get('/registrations/:id/cancel', guard(async (req, res) => {
    const view = await portal.overview(idOf(req), sigOf(req));
    const language = langOf(req, view.registration.language);
    const t = pageText[language];
    const title = view.activity.title[language] || view.activity.title['zh-CN'];
    const back = html`<a class="button secondary" id="keep-registration" href="${link(idOf(req), sigOf(req), language)}">${t.keep}</a>`;
    const body = view.registration.status === 'cancelled'
      ? html`<h1>${t.title}</h1><p>${t.cancelled}</p><p>${back}</p>`
      : html`<h1>${t.confirmCancelTitle}</h1><section class="panel" aria-labelledby="confirm-question"><p id="confirm-question">${t.confirmCancel.replace('{title}', () => title)}</p>
<div class="buttons">${form(link(idOf(req), sigOf(req), language, '/cancel'), t.confirmCancelYes, 'confirm-cancel', 'danger')}${back}</div></section>`;
    send(res, language, link(idOf(req), sigOf(req), other(language), '/cancel'), body);
  }));
  r.post('/registrations/:id/cancel', guard(async (req, res) => {
    const reg = await registrations.cancel(idOf(req), sigOf(req));
    res.redirect(303, link(idOf(req), sigOf(req), langOf(req, reg.language)));
  }));
  sessionRoutes(r, registrations, (id, sig, language) => link(id, sig, language));
  r.post('/registrations/:id/feed', guard(async (req, res) => {
    const feedState = await portal.ensureFeed(idOf(req), sigOf(req));
    res.redirect(303, `${link(idOf(req), sigOf(req), langOf(req, feedState.language))}#feed-title`);
  }));
  // The unsubscribe link may carry the unsubscribe signature only, which cannot open the manage page.
  r.get('/registrations/:id/unsubscribe', guard(async (req, res) => {
    const language = langOf(req, 'zh-CN');
    const t = pageText[language];
    const switchHref = link(idOf(req), sigOf(req), other(language), '/unsubscribe');
    if (!registrations.verifyUnsubscribe(idOf(req), sigOf(req))) return send(res, language, switchHref, html`<p role="alert">${t.missing}</p>`, 404);
    return send(res, language, switchHref, html`<h1>${t.stop}</h1>${form(link(idOf(req), sigOf(req), language, '/unsubscribe'), t.stop, 'stop-reminders')}`);
  }));
  // 200 with a page (not a redirect): this is also the RFC 8058 one-click target mail providers POST to.
  r.post('/registrations/:id/unsubscribe', guard(async (req, res) => {
    const reg = await registrations.unsubscribe(idOf(req), sigOf(req));
    const language = langOf(req, reg.language);
    const t = pageText[language];
    const back = portal.isManageLink(idOf(req), sigOf(req)) ? html`<p><a href="${link(idOf(req), sigOf(req), language)}">${t.back}</a></p>` : '';
    send(res, language, link(idOf(req), sigOf(req), other(language), '/unsubscribe'), html`<h1>${t.stop}</h1><p role="status">${t.stopped}</p>${back}`);
  }));
  return r;
}
