import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseSync } from '@swc/core';
import { describe, expect, it } from 'vitest';

/**
 * Server HTML (pages and emails) is built only with the escaping `html` tag of src/shared/html.ts:
 * no template string or string literal elsewhere holds markup, nobody escapes by hand, and raw() is
 * called only in the files listed here (with the reason).
 */

const TEMPLATE_MODULE = 'src/shared/html.ts';
/** Files that may call raw(), each with why its markup is trusted. None needs it today. */
const RAW_ALLOWED: Record<string, string> = {};

const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
const sources = files('src').filter((f) => f.endsWith('.ts') && f !== TEMPLATE_MODULE);

/**
 * An opening or closing tag of an HTML element (or a doctype): `<p>`, `<a href="…">`, `</td>`, `<br>`.
 * Named elements only, so usage texts like `orrery <command>` or `Name <address>` are not markup.
 */
const ELEMENTS = 'html|head|body|title|meta|link|script|style|main|header|footer|nav|section|article|aside|h[1-6]|p|a|div|span|ul|ol|li|dl|dt|dd|table|thead|tbody|tr|th|td|form|input|button|label|select|option|textarea|br|hr|img|b|i|em|strong|small|code|pre|iframe|svg';
const TAG = new RegExp(`<(!doctype\\b|\\/?(${ELEMENTS})(\\s[^<>]*)?\\/?>)`, 'i');

type Found = { file: string; line: number; text: string };

function markupOutsideTheTag(file: string, source: string): Found[] {
  const ast = parseSync(source, { syntax: 'typescript' });
  const bytes = Buffer.from(source);
  const lineOf = (pos: number) => bytes.subarray(0, pos - ast.span.start).toString().split('\n').length;
  const found: Found[] = [];
  const visit = (node: unknown, taggedHtml: boolean): void => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach((n) => visit(n, false));
    const n = node as { type?: string; span?: { start: number }; [k: string]: unknown };
    if (n.type === 'TaggedTemplateExpression') {
      const tag = n.tag as { type: string; value?: string };
      visit(n.tag, false);
      return visit(n.template, tag.type === 'Identifier' && tag.value === 'html');
    }
    if (n.type === 'TemplateLiteral' || n.type === 'Tpl') {
      const quasis = n.quasis as { raw: string; cooked?: string }[];
      const text = quasis.map((q) => q.raw).join('${…}');
      if (!taggedHtml && TAG.test(text)) found.push({ file, line: lineOf(n.span!.start), text: text.slice(0, 80) });
      return (n.expressions as unknown[]).forEach((e) => visit(e, false));
    }
    if (n.type === 'StringLiteral' && typeof n.value === 'string' && TAG.test(n.value)) {
      found.push({ file, line: lineOf(n.span!.start), text: n.value.slice(0, 80) });
    }
    for (const [key, value] of Object.entries(n)) if (key !== 'span') visit(value, false);
  };
  visit(ast.body, false);
  return found;
}

describe('server HTML goes through the escaping html tag', () => {
  it('no template string or string literal outside html`…` holds markup', () => {
    const found = sources.flatMap((f) => markupOutsideTheTag(f, readFileSync(f, 'utf8')));
    expect(found.map((f) => `${f.file}:${f.line} ${f.text}`)).toEqual([]);
  });

  it('nobody escapes HTML by hand', () => {
    const byHand = /escapeHtml|&#\$\{|['"]&(amp|lt|gt|quot|#39|#x27);['"]/;
    const found = sources.filter((f) => byHand.test(readFileSync(f, 'utf8')));
    expect(found).toEqual([]);
  });

  it('raw() is called only in the allowed files', () => {
    const found = sources.filter((f) => /\braw\s*\(/.test(readFileSync(f, 'utf8')) && !(f in RAW_ALLOWED));
    expect(found).toEqual([]);
  });

  it('catches the shapes it is meant to catch', () => {
    const probe = [
      'const a = `<p>${name}</p>`;',
      "const b = '<br>' + x;",
      'const c = other`<td>${x}</td>`;',
      'const d = html`<ul>${items.map((i) => `<li>${i}</li>`)}</ul>`;',
      'const e = html`<p>${x}</p>`; const f = `a < b and c > d`; /* <p> in a comment */',
    ].join('\n');
    expect(markupOutsideTheTag('probe.ts', probe).map((f) => f.line)).toEqual([1, 2, 3, 4]);
  });
});
