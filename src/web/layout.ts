/**
 * The HTML shell every page shares. Pages render in the browser from the JSON API (one source of
 * truth, the same validation and errors); the shell only names the page script. No inline script,
 * so the default Content-Security-Policy (script-src 'self') holds. Built with the escaping `html`
 * tag of shared/html.ts; the finished document is a string for `res.send`.
 */
import { html, type Html } from '../shared/html.ts';

export interface PageOptions {
  /** Title in Chinese, shown before JavaScript runs (zh-first; one language only, never both). */
  title: string;
  /** The dictionary key (public/js) of the title: applyI18n shows it in the reader's language. */
  titleKey: string;
  /** Module under /assets/js/ */
  script: string;
  /** Extra scripts (vendor bundles) loaded before the page module. */
  vendor?: string[];
  /** Data attributes for the page module, e.g. the activity id. */
  data?: Record<string, string>;
}

export function renderPage(options: PageOptions): string {
  const data = Object.entries(options.data ?? {}).map(([k, v]) => html` data-${k}="${v}"`);
  const vendor = (options.vendor ?? []).map((src) => html`<script src="${src}" defer></script>\n`);
  return html`<!doctype html>
<html lang="zh-CN" data-title="${options.titleKey}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${options.title} · Orrery</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/css/app.css">
${vendor}
<script type="module" src="/assets/js/${options.script}"></script>
</head>
<body>
<header class="top">
  <a class="brand" href="/">Orrery</a>
  <nav aria-label="主导航" data-i18n-label="nav.main">
    <a href="/" data-i18n="nav.programme">科普活动</a>
    <a href="/organizer" data-i18n="nav.organizer">组织者</a>
    <a href="/organizer/reports" data-i18n="nav.reports">报告</a>
  </nav>
  <button type="button" id="lang-switch" class="lang" lang="en">English</button>
</header>
<main id="main"${data} tabindex="-1">
  <p class="loading" data-i18n="loading">加载中…</p>
</main>
<footer class="foot"><a href="/docs" data-i18n="nav.api">接口文档</a></footer>
</body>
</html>
`.toString();
}

export interface ServerPageOptions {
  language: 'zh-CN' | 'en';
  title: string;
  /** Built with `html`, so every value in it is escaped already. */
  body: Html;
  /** Where the language switch leads (the same page in the other language). */
  switchHref: string;
}

/**
 * The same shell for pages rendered on the server, with no script at all: the pages behind links in
 * emails, which must work in any mail app's browser and never change anything on a GET.
 */
export function renderServerPage(options: ServerPageOptions): string {
  const en = options.language === 'en';
  return html`<!doctype html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${options.title} · Orrery</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/css/app.css">
</head>
<body>
<header class="top">
  <a class="brand" href="/">Orrery</a>
  <nav aria-label="${en ? 'Main' : '主导航'}"><a href="/">${en ? 'Programme' : '科普活动'}</a></nav>
  <a class="button lang" id="lang-switch" href="${options.switchHref}" lang="${en ? 'zh-CN' : 'en'}">${en ? '中文' : 'English'}</a>
</header>
<main id="main">
${options.body}
</main>
<footer class="foot"><a href="/docs">${en ? 'API' : '接口文档'}</a></footer>
</body>
</html>
`.toString();
}
