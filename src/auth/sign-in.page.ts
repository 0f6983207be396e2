import { html } from '../shared/html.ts';

/** The page behind an emailed sign-in link: bilingual, no script, one button that POSTs. */
export function signInPage(action: string): string {
  return html`<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>登录 Orrery · Sign in</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}button{font-size:1.1rem;padding:.6rem 1.4rem}</style></head>
<body>
<h1>Orrery</h1>
<p>点击下方按钮登录。<br>Press the button to sign in.</p>
<form method="post" action="${action}">
<button type="submit">登录 · Sign in</button>
</form>
</body></html>
`.toString();
}
