import { html } from '../shared/html.ts';
import type { Language } from '../shared/types.ts';
import { renderServerPage } from '../web/layout.ts';

/** The page's words; the reader's language is `?lang=`, else the browser's (Accept-Language), else Chinese. */
const text = {
  'zh-CN': { title: '登录', lead: '点击下方按钮登录 Orrery。此链接仅可使用一次。', button: '登录' },
  en: { title: 'Sign in', lead: 'Press the button to sign in to Orrery. The link works once.', button: 'Sign in' },
} as const satisfies Record<Language, Record<string, string>>;

/**
 * The page behind an emailed sign-in link: the shared server-page shell and stylesheet, no script,
 * one button that POSTs (reading the page spends nothing, so mail scanners cannot use the link).
 */
export function signInPage(action: string, language: Language): string {
  const t = text[language];
  const other: Language = language === 'en' ? 'zh-CN' : 'en';
  return renderServerPage({
    language,
    title: t.title,
    switchHref: `?lang=${other}`,
    body: html`<section class="panel sign-in" aria-labelledby="sign-in-title">
<h1 id="sign-in-title">${t.title}</h1>
<p>${t.lead}</p>
<form method="post" action="${action}">
<button type="submit" id="sign-in-button">${t.button}</button>
</form>
</section>`,
  });
}
