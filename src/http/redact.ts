/**
 * Feed tokens, sign-in links, API tokens and signed participant links live in URLs; they must
 * never reach the logs. Redaction looks at the URL the way routing does, not at its spelling:
 * segments and query names are percent-decoded and compared case-insensitively, and empty
 * segments (`/feeds//TOKEN.ics`) are skipped, because Express routes `/FEEDS/x.ics` and
 * `?%73ig=` exactly like `/feeds/x.ics` and `?sig=`.
 */
const REDACTED = '[redacted]';

/** Leading path segments after which everything is a secret: /feeds/{token}.ics, /auth/sign-in/{token}. */
const SECRET_AFTER: readonly (readonly string[])[] = [['feeds'], ['auth', 'sign-in']];

/** Query names that carry credentials (matched as substrings of the decoded, lower-cased name). */
const SECRET_NAME = /token|sig|secret|passw|key|auth|code|session|cookie|credential/;

/** Values that look like one of Orrery's secrets wherever they appear: orr_…, orrlink_…, 43-char feed tokens. */
const SECRET_VALUE = /orr[a-z]*_[A-Za-z0-9_-]{8,}|[A-Za-z0-9_-]{32,}/;

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

function redactPath(path: string): string {
  const segments = path.split('/');
  const seen: string[] = [];
  let secretFrom = -1;
  segments.forEach((segment, index) => {
    if (secretFrom >= 0 || segment === '') return;
    const plain = decoded(segment)?.toLowerCase();
    if (plain === undefined || SECRET_VALUE.test(plain)) {
      segments[index] = REDACTED;
      return;
    }
    seen.push(plain);
    if (SECRET_AFTER.some((prefix) => prefix.length === seen.length && prefix.every((p, i) => seen[i] === p))) {
      secretFrom = index + 1;
    }
  });
  if (secretFrom < 0) return segments.join('/');
  const rest = segments.slice(secretFrom).some((s) => s !== '');
  return segments.slice(0, secretFrom).join('/') + (rest ? `/${REDACTED}` : segments.slice(secretFrom).join('/') ? '/' : '');
}

function redactQuery(query: string): string {
  return query
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const rawName = eq < 0 ? pair : pair.slice(0, eq);
      const name = decoded(rawName)?.toLowerCase();
      const value = eq < 0 ? '' : pair.slice(eq + 1);
      if (name === undefined) return `${REDACTED}=${REDACTED}`;
      if (SECRET_NAME.test(name) || SECRET_VALUE.test(decoded(value) ?? value) || SECRET_VALUE.test(name)) {
        return `${SECRET_VALUE.test(name) ? REDACTED : rawName}=${REDACTED}`;
      }
      return pair;
    })
    .join('&');
}

/** The URL with every secret replaced by `[redacted]`; safe for logs. */
export function redactUrl(url: string): string {
  const hash = url.indexOf('#');
  const withoutHash = hash < 0 ? url : url.slice(0, hash);
  const question = withoutHash.indexOf('?');
  const path = question < 0 ? withoutHash : withoutHash.slice(0, question);
  const query = question < 0 ? undefined : withoutHash.slice(question + 1);
  return redactPath(path) + (query === undefined ? '' : `?${redactQuery(query)}`);
}
