import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { AppError } from '../shared/errors.ts';
import { html, join, type Html } from '../shared/html.ts';
import { consentFacts } from './consent.template.ts';
import { renderServerPage } from '../web/layout.ts';
import type { ConsentView } from './consent.queries.ts';
import type { ConsentService } from './consent.service.ts';
import { bothPlaces } from '../shared/place.ts';
import { consentRecordFacts } from './consent.record.ts';

/**
 * The page the guardian's link opens, in one language at a time: the reader's (`?lang=`, else the
 * browser's Accept-Language, else the pupil's language), with a switch to the other. No script.
 * Reading changes nothing (mail scanners follow links); consenting and declining are form POSTs
 * that redirect back here in the same language.
 */
const text = {
  'zh-CN': {
    title: '监护人同意书', lead: '{name} 报名参加了离校活动“{title}”。请阅读以下信息后作答。',
    give: '我同意', decline: '我不同意', withdraw: '撤回同意（名额将让给候补）',
    pending: '尚未答复。', given: '您已于 {at} 同意。', declined: '您已于 {at} 表示不同意，名额已释放。', withdrawn: '您已于 {at} 撤回同意，名额已释放。',
    missing: '链接无效。', refused: '未能保存您的答复',
    consent_too_late: '活动已经开始，无法在此更改；请致电当天联系人。', consent_closed: '报名已取消，无需再作答。',
  },
  en: {
    title: 'Guardian consent', lead: '{name} has registered for “{title}”, an activity away from school. Please read the details below and answer.',
    give: 'I consent', decline: 'I do not consent', withdraw: 'Withdraw my consent (the place goes to the waitlist)',
    pending: 'Not answered yet.', given: 'You consented on {at}.', declined: 'You declined on {at}; the place was released.', withdrawn: 'You withdrew your consent on {at}; the place was released.',
    missing: 'This link is not valid.', refused: 'Your answer was not saved',
    consent_too_late: 'The activity has begun: consent can no longer be changed here; please call the contact on the day.', consent_closed: 'The registration was cancelled; there is nothing to answer.',
  },
} as const;
type Lang = keyof typeof text;

const sigOf = (req: Request) => (typeof req.query.sig === 'string' ? req.query.sig : '');
const idOf = (req: Request) => (/^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : 0);
const link = (id: number, sig: string, language: Lang, suffix = '') => `/consent/${id}${suffix}?sig=${encodeURIComponent(sig)}&lang=${language}`;
const other = (language: Lang): Lang => (language === 'en' ? 'zh-CN' : 'en');

/** The reader's language: the switch's choice, else what the browser asks for, else the pupil's. */
function languageOf(req: Request, fallback: Lang = 'zh-CN'): Lang {
  if (req.query.lang === 'en' || req.query.lang === 'zh-CN') return req.query.lang;
  const best = req.headers['accept-language'] ? req.acceptsLanguages('zh-CN', 'zh', 'en') : false;
  return best === 'en' ? 'en' : best ? 'zh-CN' : fallback;
}

function page(req: Request, res: Response, language: Lang, body: Html, status = 200): Response {
  const switchHref = link(idOf(req), sigOf(req), other(language));
  return res.status(status).type('html').send(renderServerPage({ language, title: text[language].title, body, switchHref }));
}

const button = (action: string, label: string, id: string, style = '') =>
  html`<form method="post" action="${action}" class="inline"><button type="submit" id="${id}"${style ? html` class="${style}"` : ''}>${label}</button></form>`;

function section(v: ConsentView, sig: string, language: Lang, retentionDays: number): Html {
  const t = text[language];
  const facts = consentFacts({
    participantName: v.participantName, title: { 'zh-CN': v.titleZh, en: v.titleEn }, organizer: { 'zh-CN': v.organizerZh, en: v.organizerEn },
    venue: v.venueZh && v.venueEn ? bothPlaces({ 'zh-CN': v.venueZh, en: v.venueEn }, v.place) : null,
    startsAt: DateTime.fromISO(v.startsAt, { zone: 'utc' }), endsAt: DateTime.fromISO(v.endsAt, { zone: 'utc' }),
    timeZone: v.timeZone, allDay: v.allDay, transport: v.transport, contact: v.contact, contactPhone: v.contactPhone,
    destination: v.destination, meetingPoint: v.meetingPoint, meetingAt: v.meetingAt ? DateTime.fromISO(v.meetingAt, { zone: 'utc' }) : null,
  }, language);
  const at = v.answeredAt ? DateTime.fromISO(v.answeredAt).setZone(v.timeZone).toFormat('yyyy-MM-dd HH:mm') : '';
  const state = v.status === 'pending' ? t.pending : t[v.status].replace('{at}', at);
  const actions = v.registrationStatus === 'cancelled' || v.status === 'declined' || v.status === 'withdrawn' ? ''
    : v.status === 'given' ? html`<div class="buttons">${button(link(v.registrationId, sig, language, '/decline'), t.withdraw, 'withdraw-consent', 'danger')}</div>`
      : html`<div class="buttons">${button(link(v.registrationId, sig, language, '/give'), t.give, 'give-consent')}${button(link(v.registrationId, sig, language, '/decline'), t.decline, 'decline-consent', 'danger')}</div>`;
  return html`<h1 id="consent-title">${t.title}</h1>
<section class="panel" aria-labelledby="consent-title">
<p>${t.lead.replace('{name}', () => v.participantName).replace('{title}', () => (language === 'en' ? v.titleEn : v.titleZh))}</p>
<dl class="facts" id="consent-facts">${join(facts.map(([k, value]) => html`<dt>${k}</dt><dd>${value}</dd>`), '\n')}</dl>
<p id="consent-status" role="status">${state}</p>
${actions}
</section>
${recordSection(v, language, retentionDays)}`;
}

/** The consent record (issue 30 item 2): purpose, what is collected, retention, who is responsible, the text's version and the times. */
function recordSection(v: ConsentView, language: Lang, retentionDays: number): Html {
  const record = consentRecordFacts({
    textVersion: v.textVersion, retentionDays, unit: { 'zh-CN': v.organizerZh, en: v.organizerEn }, privacyContact: v.privacyContact,
    requestedAt: v.requestedAt, answeredAt: v.answeredAt, format: (iso) => DateTime.fromISO(iso).setZone(v.timeZone).toFormat('yyyy-MM-dd HH:mm'),
  }, language);
  return html`<section class="panel" aria-labelledby="consent-record-title"><h2 id="consent-record-title">${record.heading}</h2>
<dl class="facts" id="consent-record">${join(record.facts.map(([k, value]) => html`<dt>${k}</dt><dd>${value}</dd>`), '\n')}</dl></section>`;
}

/** `retentionDays`: PERSONAL_DATA_RETENTION_DAYS, which the consent record states. */
export function consentPages(consent: ConsentService, settings: { registrationDays: number }): Router {
  const r = Router();
  const render = async (req: Request, res: Response, status = 200) => {
    const v = await consent.view(idOf(req), sigOf(req));
    const language = languageOf(req, v.language);
    page(req, res, language, section(v, sigOf(req), language, settings.registrationDays), status);
  };
  const guard = (work: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const language = languageOf(req);
      const t = text[language];
      const message = error.status === 404 ? t.missing : error.code === 'consent_too_late' || error.code === 'consent_closed' ? t[error.code] : t.refused;
      page(req, res, language, html`<h1>${text[language].refused}</h1><p role="alert" id="consent-error">${message}</p>`, error.status);
    }
  };
  r.get('/consent/:id', guard((req, res) => render(req, res)));
  for (const action of ['give', 'decline'] as const) {
    r.post(`/consent/:id/${action}`, guard(async (req, res) => {
      await consent.answer(idOf(req), sigOf(req), action);
      res.redirect(303, link(idOf(req), sigOf(req), languageOf(req)));
    }));
  }
  return r;
}
