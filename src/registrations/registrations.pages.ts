import { Router, type Request, type Response } from 'express';
import { escapeHtml } from '../notifications/templates/format.ts';
import type { Language } from '../shared/types.ts';
import { AppError } from '../shared/errors.ts';
import type { RegistrationsService } from './registrations.service.ts';
import type { Registration } from './registrations.schema.ts';

/**
 * The pages the links in emails open: no account, the signature in the link is the key. Reading
 * never changes anything (mail scanners follow links); changes are form POSTs. The
 * List-Unsubscribe header points at the unsubscribe page, whose POST is the RFC 8058 one-click.
 */
const text = {
  en: { title: 'Your registration', status: 'Status', cancel: 'Cancel my registration', stop: 'Stop reminders', stopped: 'You will get no more reminders for this activity.', cancelled: 'This registration is cancelled.', missing: 'This link is not valid.', waitlist: 'on the waitlist, number' },
  'zh-CN': { title: '我的报名', status: '状态', cancel: '取消报名', stop: '不再接收提醒', stopped: '您将不再收到此活动的提醒。', cancelled: '此报名已取消。', missing: '链接无效。', waitlist: '候补，第' },
} as const;

function page(res: Response, language: Language, body: string, status = 200): Response {
  return res.status(status).type('html').send(`<!doctype html><html lang="${language}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">` +
    `<title>${escapeHtml(text[language].title)}</title></head><body style="font-family:sans-serif;max-width:40em;margin:2em auto">${body}</body></html>`);
}

function describe(r: Registration): string {
  const t = text[r.language];
  const status = r.status === 'waitlisted' ? `${t.waitlist} ${r.waitlistPosition}` : r.status;
  return `<h1>${escapeHtml(t.title)}</h1><p>${escapeHtml(r.name)} &lt;${escapeHtml(r.email)}&gt;</p><p>${escapeHtml(t.status)}: ${escapeHtml(status)}</p>`;
}

function form(action: string, label: string): string {
  return `<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(label)}</button></form>`;
}

const sigOf = (req: Request) => (typeof req.query.sig === 'string' ? req.query.sig : '');
const idOf = (req: Request) => (/^\d{1,15}$/.test(String(req.params.id)) ? Number(req.params.id) : 0);

export function registrationPages(registrations: RegistrationsService): Router {
  const r = Router();
  const guard = (work: (req: Request, res: Response) => Promise<unknown>) => async (req: Request, res: Response) => {
    try {
      await work(req, res);
    } catch (error) {
      if (!(error instanceof AppError) || error.status !== 404) throw error;
      page(res, 'en', `<p>${text.en.missing} / ${text['zh-CN'].missing}</p>`, 404);
    }
  };
  const self = (req: Request, suffix = '') => `/registrations/${idOf(req)}${suffix}?sig=${encodeURIComponent(sigOf(req))}`;

  r.get('/registrations/:id', guard(async (req, res) => {
    const reg = await registrations.get(idOf(req), sigOf(req));
    const t = text[reg.language];
    const actions = reg.status === 'cancelled' ? `<p>${t.cancelled}</p>`
      : form(self(req, '/cancel'), t.cancel) + (reg.remindersEnabled ? form(self(req, '/unsubscribe'), t.stop) : `<p>${t.stopped}</p>`);
    page(res, reg.language, describe(reg) + actions);
  }));
  r.post('/registrations/:id/cancel', guard(async (req, res) => {
    await registrations.cancel(idOf(req), sigOf(req));
    res.redirect(303, self(req));
  }));
  // The unsubscribe link may carry the unsubscribe signature only, which cannot open the manage page.
  r.get('/registrations/:id/unsubscribe', guard(async (req, res) => {
    const lang: Language = req.query.lang === 'en' ? 'en' : 'zh-CN';
    if (!registrations.verifyUnsubscribe(idOf(req), sigOf(req))) return page(res, lang, `<p>${text[lang].missing}</p>`, 404);
    return page(res, lang, `<h1>${escapeHtml(text[lang].stop)}</h1>${form(self(req, '/unsubscribe'), text[lang].stop)}`);
  }));
  r.post('/registrations/:id/unsubscribe', guard(async (req, res) => {
    const reg = await registrations.unsubscribe(idOf(req), sigOf(req));
    page(res, reg.language, `<p>${escapeHtml(text[reg.language].stopped)}</p>`);
  }));
  return r;
}
