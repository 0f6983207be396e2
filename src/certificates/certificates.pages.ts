import { Router, type Request, type Response } from 'express';
import { html, join, type Html } from '../shared/html.ts';
import type { Language } from '../shared/types.ts';
import { AppError } from '../shared/errors.ts';
import { renderServerPage } from '../web/layout.ts';
import type { CertificatesService } from './certificates.service.ts';
import { certificateText as text } from './certificates.text.ts';

/**
 * Server pages without script: the public verification page (what the QR code on a certificate
 * opens), the PDF itself, and a teacher's own hours page behind the manage link of any of their
 * registrations. Unknown codes answer 404, superseded ones 410, each with a page that says so.
 */
const CODE = /^[A-Za-z0-9_-]{22}$/;
const langOf = (req: Request, fallback: Language = 'zh-CN'): Language => (req.query.lang === 'en' || req.query.lang === 'zh-CN' ? req.query.lang : fallback);
const other = (l: Language): Language => (l === 'en' ? 'zh-CN' : 'en');
const hours = (h: number) => (Number.isInteger(h) ? String(h) : String(Math.round(h * 100) / 100));

function send(res: Response, language: Language, switchHref: string, body: Html, status = 200) {
  res.status(status).type('html').send(renderServerPage({ language, title: text[language].title, body, switchHref }));
}

function failure(res: Response, language: Language, path: string, error: unknown): void {
  if (!(error instanceof AppError) || (error.status !== 404 && error.status !== 410)) throw error;
  const t = text[language];
  send(res, language, `${path}?lang=${other(language)}`, html`<h1>${t.title}</h1><p role="alert" id="certificate-problem">${error.status === 410 ? t.superseded : t.unknown}</p>`, error.status);
}

/** `certificateDays`: CERTIFICATE_RETENTION_DAYS, which the teacher's page states (docs/privacy.md). */
export function certificatePages(certificates: CertificatesService, settings: { certificateDays: number }): Router {
  const r = Router();
  r.get('/certificates/:file', async (req, res) => {
    const file = String(req.params.file);
    const pdf = file.endsWith('.pdf');
    const code = pdf ? file.slice(0, -4) : file;
    const language = langOf(req);
    const t = text[language];
    try {
      if (!CODE.test(code)) throw new AppError(404, 'not_found', 'certificate not found');
      if (pdf) {
        const body = await certificates.pdf(code);
        res.type('application/pdf').attachment(`certificate-${code}.pdf`).send(body);
        return;
      }
      const v = await certificates.verify(code);
      const days = v.firstDay === v.lastDay ? v.firstDay : `${v.firstDay} – ${v.lastDay}`;
      send(res, language, `/certificates/${code}?lang=${other(language)}`, html`<h1>${t.title}</h1>
<section class="panel" aria-labelledby="verified"><p id="verified" role="status">${t.valid}</p>
<dl class="facts"><dt>${t.name}</dt><dd id="certificate-name">${v.name}</dd>
<dt>${t.activity}</dt><dd id="certificate-activity">${v.activity[language]}</dd>
<dt>${t.days}</dt><dd id="certificate-days">${days}</dd>
<dt>${t.hours}</dt><dd id="certificate-hours">${hours(v.hours)}</dd></dl></section>`);
    } catch (error) {
      failure(res, language, `/certificates/${code}`, error);
    }
  });

  r.get('/teachers/:id', async (req, res) => {
    const id = /^[1-9]\d{0,14}$/.test(String(req.params.id)) ? Number(req.params.id) : 0;
    const sig = typeof req.query.sig === 'string' ? req.query.sig : '';
    let language = langOf(req);
    try {
      const view = await certificates.teacher(id, sig);
      language = langOf(req, view.language);
      const t = text[language];
      // One card per training (a phone reads a list better than a five-column table).
      const cards = view.lines.map((l) => html`<li class="panel"><h2>${language === 'en' ? l.titleEn : l.titleZh}</h2>
<dl class="facts"><dt>${t.date}</dt><dd>${l.startsAt.slice(0, 10)}</dd><dt>${t.sessions}</dt><dd>${l.sessions}</dd><dt>${t.hours}</dt><dd>${hours(l.hours)}</dd></dl>
<p class="buttons">${l.code ? html`<a class="button" href="/certificates/${l.code}.pdf" download>${t.download}</a> <a class="button secondary" href="/certificates/${l.code}?lang=${language}">${t.verify}</a>` : t.none}</p></li>`);
      const table = view.lines.length === 0 ? html`<p>${t.noTraining}</p>`
        : html`<h2 class="visually-hidden">${t.year.replace('{from}', view.from).replace('{to}', view.to)}</h2><ul id="training-hours" class="attendance-list">${join(cards, '\n')}</ul>`;
      send(res, language, `/teachers/${id}?sig=${encodeURIComponent(sig)}&lang=${other(language)}`, html`<h1>${t.teacherTitle}</h1>
<p>${view.name}</p><p id="total-hours">${t.total.replace('{hours}', hours(view.totalHours))}</p><p class="muted">${t.year.replace('{from}', view.from).replace('{to}', view.to)}</p>${table}
<p class="muted" id="certificate-retention">${t.kept.replace('{days}', String(settings.certificateDays)).replace('{years}', String(Math.round(settings.certificateDays / 365)))} <a href="/privacy?lang=${language}">${t.yourData}</a></p>`);
    } catch (error) {
      failure(res, language, `/teachers/${id}`, error);
    }
  });
  return r;
}
