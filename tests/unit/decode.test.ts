import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../src/imports/decode.ts';

/** The bytes come from glibc's `iconv` program, as a spreadsheet on Windows would write them. */
const iconv = (text: string, to: string) => execFileSync('iconv', ['-f', 'UTF-8', '-t', to], { input: Buffer.from(text, 'utf8') });

// 㐀 (U+3400) is outside GBK: GB18030 writes it in four bytes.
const text = 'name_zh,name_en\r\n八年级1班,Grade 8 Class 1\r\n天文望远镜㐀,Telescope\r\n';

describe('decodeText: the encodings spreadsheets save CSV in', () => {
  it.each([
    ['UTF-8', 'utf-8', text],
    ['GBK', 'gb18030', text.replace('㐀', '')],
    ['GB18030', 'gb18030', text],
    ['UTF-16', 'utf-16le', text], // glibc writes little-endian with a BOM
    ['UTF-16BE', 'utf-16be', text],
  ])('reads %s as %s', (charset, encoding, source) => {
    let bytes = iconv(source, charset);
    if (charset === 'UTF-16BE') bytes = Buffer.concat([Buffer.from([0xfe, 0xff]), bytes]);
    expect(decodeText(bytes)).toEqual({ text: source, encoding });
  });

  it('drops a UTF-8 BOM', () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ text, encoding: 'utf-8' });
  });

  it('refuses bytes that no encoding reads without a replacement, and text with control characters', () => {
    expect(decodeText(Buffer.from([0x61, 0x2c, 0xff, 0x81, 0x20, 0x0a]))).toBeUndefined();
    expect(decodeText(iconv(text, 'UTF-16LE'))).toBeUndefined(); // no BOM: NULs between the letters
    expect(decodeText(Buffer.from([0x61, 0x00, 0x62]))).toBeUndefined();
    expect(decodeText(Buffer.from([0xef, 0xbb, 0xbf, 0xc3, 0x28]))).toBeUndefined(); // a BOM promising UTF-8 that is not
  });
});
