import compression from 'compression';
import type { RequestHandler } from 'express';

/**
 * gzip and brotli for pages, JSON and static assets when the client asks (Accept-Encoding), by the
 * maintained `compression` middleware (1.8 added brotli; docs/dependencies.md): text-like types
 * only, bodies from 1 KB, HEAD and `Cache-Control: no-transform` left alone, brotli at quality 4 (its
 * default: a per-response cost near gzip's). ETags stay valid per coding because every ETag it
 * passes is weak (Express's `res.send` and `express.static` make weak ones), and a weak tag may name
 * every coding of the same content (RFC 9110 §8.8.1), so If-None-Match still gives a 304 for a
 * compressed copy. The middleware adds `Vary: Accept-Encoding` only to what it could compress; it
 * is set here on every response, 304s included, since a 304 must carry the Vary of its 200
 * (RFC 9110 §15.4.5). Feeds are not compressed here: they keep compressed copies per version
 * (src/feeds/feeds.routes.ts).
 */
export function compressResponses(): RequestHandler {
  const compress = compression({ threshold: 1024 });
  return (req, res, next) => {
    res.vary('Accept-Encoding');
    compress(req, res, next);
  };
}
