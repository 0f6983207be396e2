import { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { AppError } from '../shared/errors.ts';
import { html, join, type Html } from '../shared/html.ts';
import { consentFacts } from '../notifications/templates/consent.ts';
import { renderServerPage } from '../web/layout.ts';
import type { ConsentView } from './consent.queries.ts';
import type { ConsentService } from './consent.service.ts';
import { bothPlaces } from '../shared/place.ts';

/**
 * The page the guardian's link opens: both languages on one page (Orrery knows the pupil's
 * language, not the guardian's), no script. Reading changes nothing (mail scanners follow links);
 * consenting and declining are form POSTs that redirect back here.
 */
const text = {
  'zh-CN': {
    title: '监护人同意书', lead: '{name} 报名参加了离校活动“{title}”。请阅读以下信息后作答。',
    give: '我同意', decline: '我不同意', withdraw: '撤回同意（名额将让给候补）',
    pending: '尚未答复。', given: '您已于 {at} 同意。', declined: '您已于 {at} 表示不同意，名额已释放。', withdrawn: '您已于 {at} 撤回同意，名额已释放。',
    missing: '链接无效。', refused: '未能保存您的答复',
  },
  en: {
    title: 'Guardian consent', lead: '{name} has registered for “{title}”, an activity away from school. Please read the details below and answer.',
    give: 'I consent', decline: 'I do not consent', withdraw: 'Withdraw my consent (the place goes to the waitlist)',
    pending: 'Not answered yet.', given: 'You consented on {at}.', declined: 'You declined on {at}; the place was released.', withdrawn: 'You withdrew your consent on {at}; the place was released.',
    missing: 'This link is not valid.', refused: 'Your answer was not saved',
  },
} as const;
type Lang = keyof typeof text;

const sigOf = (req: Request) => (typeof req.query.sig === 'string' ? req.query.sig : '');
const idOf = (req: Request) => (/^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : 0);
const link = (id: number, sig: string, suffix = '') => `/consent/${id}${suffix}?sig=${encodeURIComponent(sig)}`;

/** Both languages always; `?lang=en` puts English first (and the switch swaps them back). */
const firstOf = (req: Request): Lang => (req.query.lang === 'en' ? 'en' : 'zh-CN');
const orderOf = (first: Lang): Lang[] => (first === 'en' ? ['en', 'zh-CN'] : ['zh-CN', 'en']);

function page(req: Request, res: Response, body: Html, status = 200): Response {
  const first = firstOf(req);
  const switchHref = `${link(idOf(req), sigOf(req))}&lang=${first === 'en' ? 'zh-CN' : 'en'}`;
  return res.status(status).type('html').send(renderServerPage({ language: first, title: orderOf(first).map((l) => text[l].title).join(' · '), body, switchHref }));
}

const button = (action: string, label: string, id: string, style = '') =>
  html`<form method="post" action="${action}" class="inline"><button type="submit" id="${id}"${style ? html` class="${style}"` : ''}>${label}</button></form>`;

function section(v: ConsentView, sig: string, language: Lang): Html {
  const t = text[language];
  const facts = consentFacts({
    participantName: v.participantName, title: { 'zh-CN': v.titleZh, en: v.titleEn }, organizer: { 'zh-CN': v.organizerZh, en: v.organizerEn },
    venue: v.venueZh && v.venueEn ? bothPlaces({ 'zh-CN': v.venueZh, en: v.venueEn }, v.place) : null,
    startsAt: DateTime.fromISO(v.startsAt, { zone: 'utc' }), endsAt: DateTime.fromISO(v.endsAt, { zone: 'utc' }),
    timeZone: v.timeZone, allDay: v.allDay, transport: v.transport, contact: v.contact,
  }, language);
  const at = v.answeredAt ? DateTime.fromISO(v.answeredAt).setZone(v.timeZone).toFormat('yyyy-MM-dd HH:mm') : '';
  const state = v.status === 'pending' ? t.pending : t[v.status].replace('{at}', at);
  const suffix = language === 'en' ? '-en' : '';
  const actions = v.registrationStatus === 'cancelled' || v.status === 'declined' || v.status === 'withdrawn' ? ''
    : v.status === 'given' ? html`<div class="buttons">${button(link(v.registrationId, sig, '/decline'), t.withdraw, `withdraw-consent${suffix}`, 'danger')}</div>`
      : html`<div class="buttons">${button(link(v.registrationId, sig, '/give'), t.give, `give-consent${suffix}`)}${button(link(v.registrationId, sig, '/decline'), t.decline, `decline-consent${suffix}`, 'danger')}</div>`;
  return html`<section class="panel" lang="${language}" aria-labelledby="consent-title${suffix}">
<h2 id="consent-title${suffix}">${t.title}</h2>
<p>${t.lead.replace('{name}', () => v.participantName).replace('{title}', () => (language === 'en' ? v.titleEn : v.titleZh))}</p>
<dl class="facts">${join(facts.map(([k, value]) => html`<dt>${k}</dt><dd>${value}</dd>`), '\n')}</dl>
<p id="consent-status${suffix}" role="status">${state}</p>
${actions}
</section>`;
}

export function consentPages(consent: ConsentService): Router {
  const r = Router();
  const render = async (req: Request, res: Response, status = 200) => {
    const v = await consent.view(idOf(req), sigOf(req));
    const order = orderOf(firstOf(req));
    page(req, res, html`<h1>${order.map((l) => text[l].title).join(' · ')}</h1>${order.map((l) => section(v, sigOf(req), l))}`, status);
  };
  const guard = (work: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
    } catch (error) {
      if (!(error instanceof AppError) || error.status >= 500) throw error;
      const message = error.status === 404 ? `${text['zh-CN'].missing} ${text.en.missing}` : error.message;
      page(req, res, html`<h1>${text['zh-CN'].refused} · ${text.en.refused}</h1><p role="alert" id="consent-error">${message}</p>`, error.status);
    }
  };
  r.get('/consent/:id', guard((req, res) => render(req, res)));
  for (const action of ['give', 'decline'] as const) {
    r.post(`/consent/:id/${action}`, guard(async (req, res) => {
      await consent.answer(idOf(req), sigOf(req), action);
      res.redirect(303, link(idOf(req), sigOf(req)));
    }));
  }
  return r;
}
