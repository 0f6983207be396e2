import { describe, expect, it } from 'vitest';
import { logFormat, prettyLine } from '../../src/shared/log-format.ts';
import { parseConfig } from '../../src/config.ts';

describe('log format', () => {
  it.each([
    // setting, NODE_ENV, stdout is a terminal → format
    ['auto', 'development', true, 'pretty'],
    ['auto', 'test', true, 'pretty'],
    ['auto', 'development', false, 'json'],
    ['auto', 'production', true, 'json'],
    ['auto', 'production', false, 'json'],
    ['json', 'development', true, 'json'],
    ['pretty', 'production', false, 'pretty'],
  ] as const)('%s in %s, terminal %s → %s', (setting, env, tty, expected) => {
    expect(logFormat(setting, env, tty)).toBe(expected);
  });

  it('LOG_FORMAT defaults to auto and names a bad value', () => {
    expect(parseConfig({}).logFormat).toBe('auto');
    expect(() => parseConfig({ LOG_FORMAT: 'xml' })).toThrow(/LOG_FORMAT/);
  });

  it('a pretty line reads as time, level, message, fields; a request as method, path, status, time', () => {
    const time = new Date(2026, 11, 1, 9, 5, 7).getTime();
    expect(prettyLine({ level: 30, time, service: 'orrery', msg: 'Orrery is listening', url: 'http://127.0.0.1:3000' }))
      .toBe('09:05:07  INFO   Orrery is listening  url=http://127.0.0.1:3000\n');
    expect(prettyLine({ level: 40, time, msg: 'request completed', req: { id: 'x', method: 'GET', url: '/nope' }, res: { status: 404 }, responseTime: 3 }))
      .toBe('09:05:07  WARN   request completed GET /nope 404 3ms\n');
    expect(prettyLine({ level: 50, time, msg: 'failed', err: { message: 'boom', stack: 'Error: boom\n    at x' }, applied: ['a'] }))
      .toBe('09:05:07  ERROR  failed  applied=["a"]\n  Error: boom\n    at x\n');
  });
});

describe('demo data defaults', () => {
  it.each([
    [{}, 'auto'],
    [{ NODE_ENV: 'development' }, 'auto'],
    [{ NODE_ENV: 'production', ORRERY_SECRET: 'x'.repeat(32) }, 'never'],
    [{ NODE_ENV: 'production', ORRERY_SECRET: 'x'.repeat(32), ORRERY_DEMO_DATA: 'auto' }, 'auto'],
    [{ NODE_ENV: 'production', ORRERY_SECRET: 'x'.repeat(32), ORRERY_DEMO_DATA: 'always' }, 'always'],
    [{ NODE_ENV: 'development', ORRERY_DEMO_DATA: 'never' }, 'never'],
  ])('%o → %s', (env, expected) => {
    expect(parseConfig(env).demoData).toBe(expected);
  });
});
