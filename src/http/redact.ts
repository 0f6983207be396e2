const SECRET_BEARING = /\/feeds\/|\/auth\/sign-in\/|[?&](?:token|sig)=/;

/** Feed tokens, sign-in links and signed participant links live in URLs; they must never reach the logs. */
export function redactUrl(url: string): string {
  if (!SECRET_BEARING.test(url)) return url;
  return url
    .replace(/\/feeds\/[^/?#]+/g, '/feeds/[redacted]')
    .replace(/\/auth\/sign-in\/[^/?#]+/g, '/auth/sign-in/[redacted]')
    .replace(/([?&](?:token|sig)=)[^&#]*/g, '$1[redacted]');
}
