import { describe, expect, it } from 'vitest';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { chooseCoding, codedEtag, encode } from '../../src/http/content-coding.ts';

describe('chooseCoding: the coding a feed is sent in for an Accept-Encoding header', () => {
  it.each([
    [undefined, 'identity'], ['', 'identity'], ['identity', 'identity'], ['deflate', 'identity'],
    ['gzip', 'gzip'], ['x-gzip', 'gzip'], ['GZIP', 'gzip'], ['br', 'br'], ['gzip, deflate, br', 'br'], ['gzip, deflate', 'gzip'],
    ['br;q=0.5, gzip', 'gzip'], ['gzip;q=0.5, br;q=0.5', 'br'], ['br;q=0, gzip;q=0', 'identity'], ['br ; q=0.9 , gzip ; q=0.8', 'br'],
    ['*', 'br'], ['*;q=0', 'identity'], ['gzip, *;q=0', 'gzip'], ['br;q=0, *', 'gzip'], ['br;q=abc, gzip', 'gzip'], ['br;q=2', 'identity'],
  ] as const)('%s → %s', (header, coding) => {
    expect(chooseCoding(header)).toBe(coding);
  });
});

describe('codedEtag and encode', () => {
  it('gives each coding its own strong tag, the identity keeping its own', () => {
    expect(codedEtag('"abc"', 'identity')).toBe('"abc"');
    expect(codedEtag('"abc"', 'br')).toBe('"abc-br"');
    expect(codedEtag('"abc"', 'gzip')).toBe('"abc-gzip"');
  });

  it('compresses to bytes node zlib decodes back exactly', async () => {
    const body = Buffer.from('BEGIN:VCALENDAR\r\nSUMMARY:科学表演 Science show\r\n'.repeat(500));
    const [br, gz] = await Promise.all([encode(body, 'br'), encode(body, 'gzip')]);
    expect(brotliDecompressSync(br).equals(body)).toBe(true);
    expect(gunzipSync(gz).equals(body)).toBe(true);
    expect(br.length).toBeLessThan(body.length / 20);
  });
});
