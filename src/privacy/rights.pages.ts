import express, { Router, type Request, type Response } from 'express';
import { DateTime } from 'luxon';
import { AppError } from '../shared/errors.ts';
import { html, join, type Html } from '../shared/html.ts';
import { renderServerPage } from '../web/layout.ts';
import type { PersonData, RightsService } from './rights.service.ts';
import { correction, linkRequest } from './rights.schema.ts';
import { rightsWords as words, type Lang } from './rights.words.ts';

/**
 * The family's pages (issue 30 item 4), server-rendered with no script, in one language at a time
 * (`?lang=`, else Accept-Language, else Chinese) with a switch: asking for the link, and what the
 * link opens — every registration with its consent, attendance, certificates and emails, a form to
 * correct it, the guardian's withdrawal, and erasure with the choice for places still to come.
 * Reading changes nothing; every change is a form POST that answers on the same page.
 */
const form = express.urlencoded({ extended: false, limit: '2kb' });
const other = (l: Lang): Lang => (l === 'en' ? 'zh-CN' : 'en');
const tokenOf = (req: Request) => (typeof req.query.token === 'string' ? req.query.token : '');

function languageOf(req: Request): Lang {
  if (req.query.lang === 'en' || req.query.lang === 'zh-CN') return req.query.lang;
  const best = req.headers['accept-language'] ? req.acceptsLanguages('zh-CN', 'zh', 'en') : false;
  return best === 'en' ? 'en' : 'zh-CN';
}

const personHref = (token: string, l: Lang, suffix = '') => `/privacy/person${suffix}?token=${encodeURIComponent(token)}&lang=${l}`;

function send(req: Request, res: Response, l: Lang, body: Html, status = 200, switchHref?: string): Response {
  return res.status(status).type('html').send(renderServerPage({ language: l, title: words[l].title, body, switchHref: switchHref ?? `${req.path}?lang=${other(l)}` }));
}

function requestForm(l: Lang, notice: Html | '' = ''): Html {
  const t = words[l];
  return html`<h1 id="privacy-title">${t.title}</h1>
<section class="panel" aria-labelledby="privacy-title"><p>${t.askLead}</p>
<form method="post" action="/privacy?lang=${l}"><label for="privacy-email">${t.email}</label>
<input id="privacy-email" name="email" type="email" required maxlength="254" autocomplete="email">
<button type="submit" id="privacy-send">${t.send}</button></form>${notice}</section>`;
}

const when = (iso: string | null, zone: string) => (iso ? DateTime.fromISO(iso).setZone(zone).toFormat('yyyy-MM-dd HH:mm') : '');

function registrationSection(r: PersonData['registrations'][number], token: string, l: Lang): Html {
  const t = words[l];
  const consent = r.consent
    ? html`<dt>${t.consent}</dt><dd>${t.consentStatus[r.consent.status as keyof typeof t.consentStatus] ?? r.consent.status}（${t.textVersion} ${r.consent.textVersion}，${t.guardian} ${r.consent.guardianEmail}，${when(r.consent.answeredAt ?? r.consent.requestedAt, r.timeZone)}）</dd>` : '';
  const withdraw = r.withdrawUrl ? html`<form method="post" action="${r.withdrawUrl}" class="inline"><button type="submit" class="danger" id="withdraw-${r.id}">${t.withdraw}</button></form>` : '';
  return html`<section class="panel" id="registration-${r.id}" aria-labelledby="registration-${r.id}-title">
<h2 id="registration-${r.id}-title">${l === 'en' ? r.titleEn : r.titleZh}</h2>
<dl class="facts">
<dt>${t.when}</dt><dd>${when(r.startsAt, r.timeZone)}</dd>
<dt>${t.name}</dt><dd>${r.name}</dd><dt>${t.email}</dt><dd>${r.email}</dd>
<dt>${t.role}</dt><dd>${t.roles[r.role as keyof typeof t.roles] ?? r.role}</dd>
<dt>${t.grade}</dt><dd>${r.grade ?? '—'}</dd><dt>${t.class}</dt><dd>${r.class ?? '—'}</dd>
<dt>${t.status}</dt><dd>${t.statuses[r.status]}</dd><dt>${t.code}</dt><dd>${r.checkInCode}</dd>
${consent}
<dt>${t.attendance}</dt><dd>${r.attendance.length === 0 ? '—' : join(r.attendance.map((a) => `${when(a.markedAt, r.timeZone)} ${t.marks[a.status as keyof typeof t.marks] ?? a.status}`), '；')}</dd>
<dt>${t.certificates}</dt><dd>${r.certificates.length === 0 ? '—' : join(r.certificates.map((c) => `${c.code}（${c.hours} ${t.hours}）`), '；')}</dd>
<dt>${t.emails}</dt><dd>${r.emails.length}</dd>
</dl>${withdraw}
<details><summary>${t.correct}</summary>
<form method="post" action="${personHref(token, l, '/correct')}"><input type="hidden" name="registrationId" value="${r.id}">
<label for="name-${r.id}">${t.name}</label><input id="name-${r.id}" name="name" value="${r.name}" maxlength="200" required>
<label for="grade-${r.id}">${t.grade}</label><input id="grade-${r.id}" name="grade" type="number" min="1" max="12" value="${r.grade ?? ''}">
<label for="class-${r.id}">${t.class}</label><input id="class-${r.id}" name="class" value="${r.class ?? ''}" maxlength="50">
<button type="submit" id="correct-${r.id}">${t.save}</button></form></details>
</section>`;
}

function personPage(d: PersonData, token: string, l: Lang, notice: Html | '' = ''): Html {
  const t = words[l];
  const hold = d.legalHold ? html`<p class="notice" id="legal-hold">${t.hold}</p>` : '';
  const erase = html`<section class="panel" aria-labelledby="erase-title"><h2 id="erase-title">${t.eraseTitle}</h2><p>${t.eraseLead}</p>
<form method="post" action="${personHref(token, l, '/erase')}">
<fieldset><legend>${t.placesQuestion}</legend>
<label><input type="radio" name="places" value="refuse" checked> ${t.placesRefuse}</label>
<label><input type="radio" name="places" value="release"> ${t.placesRelease}</label></fieldset>
<button type="submit" class="danger" id="erase">${t.erase}</button></form></section>`;
  return html`<h1 id="privacy-title">${t.title}</h1>${notice}
<p id="privacy-lead">${t.personLead.replace('{n}', String(d.registrations.length))}</p>${hold}
${d.registrations.map((r) => registrationSection(r, token, l))}
${d.feeds.length > 0 ? html`<section class="panel"><h2>${t.feeds}</h2><ul>${d.feeds.map((f) => html`<li>${f.name}</li>`)}</ul></section>` : ''}
<p><a href="/api/v1/privacy/person?token=${encodeURIComponent(token)}" id="privacy-json">${t.json}</a></p>
${d.registrations.length > 0 ? erase : ''}`;
}

export function rightsPages(rights: RightsService): Router {
  const r = Router();
  const refused = (req: Request, res: Response, error: unknown) => {
    if (!(error instanceof AppError) || error.status >= 500) throw error;
    const l = languageOf(req);
    const t = words[l];
    const message = error.code === 'personal_link_invalid' ? t.invalid : error.code === 'erasure_legal_hold' ? t.holdRefused
      : error.code === 'erasure_places_held' ? t.placesHeld : t.notSaved;
    const places = error.code === 'erasure_places_held' ? (error.details?.places as { title: Record<Lang, string>; startsAt: string }[]) : [];
    const reason = error.code === 'erasure_legal_hold' ? String(error.details?.reason ?? '') : '';
    send(req, res, l, html`<h1>${t.title}</h1><p role="alert" id="privacy-error">${message}${reason ? html`：${reason}` : ''}</p>
${places.length ? html`<ul id="places-held">${places.map((p) => html`<li>${p.title[l]}（${DateTime.fromISO(p.startsAt).toFormat('yyyy-MM-dd')}）</li>`)}</ul>` : ''}
${error.code === 'personal_link_invalid' ? html`<p><a href="/privacy?lang=${l}">${t.askAgain}</a></p>` : html`<p><a href="${personHref(tokenOf(req), l)}">${t.back}</a></p>`}`, error.status);
  };
  const guard = (work: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
    } catch (error) {
      refused(req, res, error);
    }
  };
  r.get('/privacy', (req, res) => send(req, res, languageOf(req), requestForm(languageOf(req))));
  r.post('/privacy', form, guard(async (req, res) => {
    const l = languageOf(req);
    const parsed = linkRequest.safeParse({ email: String(req.body?.email ?? '').trim() });
    if (!parsed.success) return send(req, res, l, requestForm(l, html`<p role="alert" id="privacy-error">${words[l].badEmail}</p>`), 422);
    await rights.requestLink(parsed.data.email);
    return send(req, res, l, requestForm(l, html`<p role="status" id="privacy-sent">${words[l].sent}</p>`), 202);
  }));
  const show = async (req: Request, res: Response, notice: Html | '' = '') => {
    const l = languageOf(req);
    const token = tokenOf(req);
    send(req, res, l, personPage(await rights.view(token), token, l, notice), 200, personHref(token, other(l)));
  };
  r.get('/privacy/person', guard((req, res) => show(req, res)));
  r.post('/privacy/person/correct', form, guard(async (req, res) => {
    const l = languageOf(req);
    const b = req.body as Record<string, string | undefined>;
    const id = /^\d{1,15}$/.test(b.registrationId ?? '') ? Number(b.registrationId) : 0;
    const parsed = correction.safeParse({ name: b.name?.trim(), grade: b.grade ? Number(b.grade) : null, class: b.class?.trim() ? b.class.trim() : null });
    if (!parsed.success || id === 0) throw new AppError(422, 'validation_failed', 'Invalid correction');
    await rights.correct(tokenOf(req), id, parsed.data);
    await show(req, res, html`<p role="status" id="privacy-saved">${words[l].saved}</p>`);
  }));
  r.post('/privacy/person/erase', form, guard(async (req, res) => {
    const l = languageOf(req);
    const outcome = await rights.eraseByLink(tokenOf(req), (req.body as Record<string, string>)?.places === 'release');
    send(req, res, l, html`<h1>${words[l].title}</h1><p role="status" id="privacy-erased">${words[l].erased.replace('{n}', String(outcome.registrations)).replace('{k}', String(outcome.releasedPlaces))}</p>`);
  }));
  return r;
}
