/**
 * How log lines look. JSON for machines (files, journald, log shippers, production); a short
 * readable line for a person watching `npm start` on a terminal.
 */
export type LogFormat = 'json' | 'pretty';

/** The decision, as a pure function of the setting, the deployment and whether stdout is a terminal. */
export function logFormat(setting: 'auto' | LogFormat, env: 'development' | 'production' | 'test', stdoutIsTTY: boolean): LogFormat {
  if (setting !== 'auto') return setting;
  return stdoutIsTTY && env !== 'production' ? 'pretty' : 'json';
}

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const HIDDEN = new Set(['level', 'time', 'msg', 'service', 'pid', 'hostname', 'err', 'req', 'res', 'responseTime']);

/** One pino JSON record as `12:04:05 INFO  message  key=value …` (request lines as `GET /path 200 12ms`), plus an error's stack. */
export function prettyLine(record: Record<string, unknown>): string {
  const time = new Date(typeof record.time === 'number' ? record.time : Date.now()).toTimeString().slice(0, 8);
  const level = LEVELS[record.level as number] ?? String(record.level);
  const req = record.req as { method?: string; url?: string } | undefined;
  const res = record.res as { status?: number; statusCode?: number } | undefined;
  const status = res?.status ?? res?.statusCode;
  const request = req ? `${req.method ?? ''} ${req.url ?? ''}${status ? ` ${status}` : ''}${typeof record.responseTime === 'number' ? ` ${record.responseTime}ms` : ''}` : '';
  const fields = Object.entries(record)
    .filter(([key]) => !HIDDEN.has(key))
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
  const err = record.err as { stack?: string; message?: string } | undefined;
  const head = [time, level, [record.msg, request].filter(Boolean).join(' '), fields.join(' ')].filter(Boolean).join('  ');
  return `${head}${err ? `\n  ${err.stack ?? err.message ?? ''}` : ''}\n`;
}

/** A pino destination that writes each record as a pretty line (synchronously, in order). */
export function prettyDestination(out: { write(text: string): unknown }): { write(line: string): void } {
  return {
    write(line: string) {
      try {
        out.write(prettyLine(JSON.parse(line) as Record<string, unknown>));
      } catch {
        out.write(line);
      }
    },
  };
}
