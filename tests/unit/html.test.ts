import { describe, expect, it } from 'vitest';
import { Html, html, join, raw } from '../../src/shared/html.ts';

/** The escaping `html` tag every server page and email is built with (src/shared/html.ts). */

const evil = `<script>alert(1)</script>"'&`;
const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;';

describe('html tag', () => {
  it('escapes < > & " \' in text', () => {
    expect(html`<p>${evil}</p>`.toString()).toBe(`<p>${escaped}</p>`);
  });

  it('escapes in attributes, so a value cannot leave its quotes', () => {
    expect(html`<a href="${'x" onclick="alert(1)'}" title='${"a' b"}'>x</a>`.toString())
      .toBe('<a href="x&quot; onclick=&quot;alert(1)" title=\'a&#39; b\'>x</a>');
  });

  it('keeps the literal parts of the template as they are', () => {
    expect(html`<p class="a">&lt; ${1} &amp;</p>`.toString()).toBe('<p class="a">&lt; 1 &amp;</p>');
  });

  it('nests fragments without escaping them twice', () => {
    const inner = html`<b>${evil}</b>`;
    expect(html`<p>${inner}</p>`.toString()).toBe(`<p><b>${escaped}</b></p>`);
    expect(html`<div>${html`<p>${html`<i>${'&'}</i>`}</p>`}</div>`.toString()).toBe('<div><p><i>&amp;</i></p></div>');
  });

  it('takes arrays of fragments and of text, escaping the text', () => {
    const items = ['a<b', 'c&d'].map((t) => html`<li>${t}</li>`);
    expect(html`<ul>${items}</ul>`.toString()).toBe('<ul><li>a&lt;b</li><li>c&amp;d</li></ul>');
    expect(html`${['<', html`<br>`, ['>']]}`.toString()).toBe('&lt;<br>&gt;');
  });

  it('renders nothing for false, null and undefined, and numbers as text', () => {
    expect(html`[${false}${null}${undefined}${0}${2.5}]`.toString()).toBe('[02.5]');
  });

  it('joins fragments with an escaped separator', () => {
    expect(join([html`<a>1</a>`, '<2>'], ' & ').toString()).toBe('<a>1</a> &amp; &lt;2&gt;');
    expect(join([], html`<br>`).toString()).toBe('');
  });

  it('lets markup in unescaped only through raw()', () => {
    expect(html`<p>${raw('<b>bold</b>')}</p>`.toString()).toBe('<p><b>bold</b></p>');
    // Anything that merely looks like markup is text: a string, a String object, an object with toString.
    const lookalike = { toString: () => '<b>x</b>' } as unknown as string;
    expect(html`${lookalike}`.toString()).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(html`${'<b>x</b>'}`.toString()).toBe('&lt;b&gt;x&lt;/b&gt;');
    expect(() => new Html('<b>forged</b>', {})).toThrow(TypeError);
  });
});
