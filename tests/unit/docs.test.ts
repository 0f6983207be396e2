import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES } from '../../src/config.ts';

const read = (file: string) => readFileSync(file, 'utf8');

/** README.md and every Markdown file under docs/, as repository-relative paths. */
function markdownFiles(): string[] {
  const docs = readdirSync('docs', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.md'))
    .map((f) => path.join('docs', f));
  return ['README.md', ...docs.sort()];
}

/** Source files under src/, for what the code itself says. */
function sourceFiles(dir = 'src'): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(dir, f));
}

/** Fenced blocks and inline code are not Markdown: links and headings inside them do not count. */
function withoutCode(markdown: string): string {
  return markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '').replace(/`[^`\n]*`/g, '``');
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/^```[^\n]*\n[\s\S]*?^```[^\n]*$/gm, '');
  for (const match of text.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const slug = match[1]!.toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/** Relative link targets (`[text](target)`) of a Markdown file; URLs with a scheme are left out. */
function relativeLinks(markdown: string): string[] {
  const targets = [...withoutCode(markdown).matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((m) => m[1]!);
  return targets.filter((t) => !/^[a-z][a-z0-9+.-]*:/i.test(t) && !t.startsWith('//'));
}

/** Every relative link of `file` that does not lead to an existing file (and heading, with `#`). */
function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const target of relativeLinks(read(file))) {
    const [linkPath, anchor] = target.split('#', 2) as [string, string | undefined];
    const resolved = linkPath === '' ? file : linkPath.startsWith('/') ? linkPath.slice(1) : path.join(path.dirname(file), decodeURIComponent(linkPath));
    if (!existsSync(resolved)) {
      broken.push(`${target} (no file ${resolved})`);
      continue;
    }
    if (anchor === undefined || anchor === '') continue;
    if (statSync(resolved).isDirectory() || !resolved.endsWith('.md') || !anchorsOf(read(resolved)).has(decodeURIComponent(anchor))) {
      broken.push(`${target} (no heading #${anchor} in ${resolved})`);
    }
  }
  return broken;
}

/** Every `code` the source can answer with: error classes, sendProblem calls, parser tuples, route docs. */
function errorCodesInSource(): Set<string> {
  const patterns = [
    /\b(?:Conflict|BadRequest|Unavailable|Unprocessable)Error\(\s*'([a-z_]+)'/g,
    /\b(?:AppError|super)\(\s*\d{3},\s*'([a-z_]+)'/g,
    /\bsendProblem\([^()]*?,\s*\d{3},\s*'([a-z_]+)'/g,
    /\[\s*\d{3},\s*'([a-z_]+)'/g,
    /\b\d{3}:\s*'([a-z_]+)'/g,
  ];
  const codes = new Set<string>();
  for (const file of sourceFiles()) {
    const text = read(file);
    for (const pattern of patterns) for (const m of text.matchAll(pattern)) codes.add(m[1]!);
  }
  return codes;
}

/** The codes named in docs/api.md's error table (rows that start with a status). */
function errorCodesInApiDoc(): Set<string> {
  const rows = read('docs/api.md').match(/^\|\s*\d{3}[\d,\s]*\|[^|]*\|/gm) ?? [];
  return new Set(rows.flatMap((row) => [...row.split('|')[2]!.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]!)));
}

describe('documentation stays true', () => {
  it('.env.example and docs/configuration.md document every configuration variable, and only those', () => {
    const example = read('.env.example');
    const reference = read('docs/configuration.md');
    for (const name of CONFIG_VARIABLES) {
      expect(example, `${name} in .env.example`).toMatch(new RegExp(`^#? ?${name}=`, 'm'));
      expect(reference, `${name} has a row in docs/configuration.md`).toMatch(new RegExp(`^\\| \`${name}\` \\|`, 'm'));
    }
    const documented = [...reference.matchAll(/^\| `([A-Z][A-Z0-9_]*)` \|/gm)].map((m) => m[1]!);
    expect(documented.filter((name) => !CONFIG_VARIABLES.includes(name)), 'rows in docs/configuration.md for variables src/config.ts does not read').toEqual([]);
  });

  it('README gives the two commands that .ci/run and package.json use, and points to the configuration', () => {
    const readme = read('README.md');
    const ci = read('.ci/run');
    expect(readme).toContain('npm install && npm start');
    expect(readme).toContain('npm install && npm test');
    expect(readme).toContain('.env.example');
    expect(readme).toContain('docs/configuration.md');
    expect(ci).toMatch(/^npm install\b/m);
    expect(ci).toMatch(/^npm test$/m);
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBeDefined();
    expect(scripts.test).toBeDefined();
  });

  it('README stays a newcomer\'s page (reference material lives in docs/)', () => {
    expect(Buffer.byteLength(read('README.md'))).toBeLessThan(5 * 1024);
  });

  it('docs/api.md lists every error code the code answers with, and no code that does not exist', () => {
    const inSource = errorCodesInSource();
    // The scan must keep finding the codes; if these go missing, the patterns above went stale.
    for (const code of ['validation_failed', 'not_found', 'malformed_json', 'resource_conflict', 'rate_limited', 'internal_error', 'invalid_idempotency_key']) {
      expect(inSource, `the source scan finds ${code}`).toContain(code);
    }
    const inDoc = errorCodesInApiDoc();
    expect([...inSource].filter((code) => !inDoc.has(code)).sort(), 'codes missing from the error table of docs/api.md').toEqual([]);
    expect([...inDoc].filter((code) => !inSource.has(code)).sort(), 'codes in docs/api.md that nothing answers with').toEqual([]);
  });

  it('every relative link in README.md and docs/ leads to an existing file and heading', () => {
    const files = markdownFiles();
    expect(files.length).toBeGreaterThan(1);
    const broken = files.flatMap((file) => brokenLinks(file).map((b) => `${file}: ${b}`));
    expect(broken).toEqual([]);
  });

  it('the link check reads headings as GitHub anchors and skips code and URLs', () => {
    expect(anchorsOf('# Accounts, roles and tokens\n## What needs an account\n## Notes\n## Notes')).toEqual(
      new Set(['accounts-roles-and-tokens', 'what-needs-an-account', 'notes', 'notes-1']),
    );
    expect(relativeLinks('[a](docs/api.md#x) [b](https://example.org) `[c](no.md)` [d](#here)')).toEqual(['docs/api.md#x', '#here']);
  });
});
