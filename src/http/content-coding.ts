import { brotliCompress, constants, gzip } from 'node:zlib';
import { promisify } from 'node:util';

/**
 * Content codings for bodies Orrery keeps in memory and sends many times (feeds): compressed once
 * per version, off the event loop, and sent as stored. Everything else is compressed per response
 * by the `compression` middleware (app.ts).
 */
export type Coding = 'br' | 'gzip' | 'identity';

/**
 * The coding to send for an Accept-Encoding header (RFC 9110 §12.5.3): the acceptable one with the
 * highest q, brotli before gzip on a tie, identity when neither is acceptable (identity is always
 * sent rather than a 406: calendar clients that refuse it do not exist). `*` stands for any coding
 * not named. A few string operations: this runs on every feed poll, 304s included.
 */
export function chooseCoding(acceptEncoding: string | undefined): Coding {
  if (!acceptEncoding) return 'identity';
  let br = -1;
  let gz = -1;
  let any = -1;
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.split(';');
    const coding = name.trim().toLowerCase();
    let q = 1;
    for (const param of params) {
      const [key, value] = param.split('=');
      if (key?.trim().toLowerCase() === 'q') q = Number(value);
    }
    if (!(q >= 0 && q <= 1)) q = 0;
    if (coding === 'br') br = q;
    else if (coding === 'gzip' || coding === 'x-gzip') gz = Math.max(gz, q);
    else if (coding === '*') any = q;
  }
  if (br < 0) br = any;
  if (gz < 0) gz = any;
  if (br > 0 && br >= gz) return 'br';
  return gz > 0 ? 'gzip' : 'identity';
}

/**
 * The ETag of a coded representation: the identity's own tag with the coding added inside the
 * quotes (`"abc"` → `"abc-br"`), so each coding has its own strong validator and a client's
 * If-None-Match names the bytes it holds (RFC 9110 §8.8.3: a strong ETag belongs to one
 * representation; the same tag on gzip and identity bytes would break range requests and caches).
 */
export function codedEtag(etag: string, coding: Coding): string {
  return coding === 'identity' ? etag : `${etag.slice(0, -1)}-${coding}"`;
}

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/**
 * Compresses a body once for many responses, on libuv's thread pool. Brotli at quality 9 with the
 * text mode and size hint: most of quality 11's gain at a fraction of its time (a 3.4 MB feed in
 * well under a second, measured in bench/feeds.bench.ts); gzip at level 9 for the same reason.
 */
export function encode(body: Buffer, coding: Exclude<Coding, 'identity'>): Promise<Buffer> {
  if (coding === 'gzip') return gzipped(body, { level: 9 });
  return brotli(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 9, [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } });
}
