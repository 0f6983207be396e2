import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { SendMailOptions } from 'nodemailer';
import type { Config } from '../config.ts';
import type { Logger } from '../shared/logger.ts';

/**
 * Where emails go. With SMTP_URL: a pooled SMTP connection (STARTTLS for smtp://, TLS for smtps://).
 * Without: every message is written as an .eml file into ORRERY_DATA_DIR/outbox and logged, so a
 * fresh install works and a person can open what would have been sent.
 */
export interface Mailer {
  readonly kind: 'smtp' | 'eml';
  send(message: SendMailOptions): Promise<{ response: string }>;
  close(): void;
}

// Kept well below the worker's 2-minute lease, so a live worker never holds a message past its lease.
export const SMTP_TIMEOUTS = { connectionTimeout: 20_000, greetingTimeout: 15_000, socketTimeout: 45_000 };

export function smtpMailer(url: string, options: { rejectUnauthorized: boolean; maxConnections: number }): Mailer {
  const transport = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: options.maxConnections,
    maxMessages: 1000,
    tls: { rejectUnauthorized: options.rejectUnauthorized, minVersion: 'TLSv1.2' },
    ...SMTP_TIMEOUTS,
  });
  return {
    kind: 'smtp',
    async send(message) {
      const info = await transport.sendMail(message);
      return { response: String(info.response ?? '') };
    },
    close: () => transport.close(),
  };
}

export function emlMailer(outbox: string, log: Logger): Mailer {
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    kind: 'eml',
    async send(message) {
      const info = await transport.sendMail(message);
      await mkdir(outbox, { recursive: true });
      const name = `${String(info.messageId).replace(/[^A-Za-z0-9.@-]+/g, '_').replace(/^_|_$/g, '')}.eml`;
      const file = path.join(outbox, name);
      await writeFile(file, info.message as Buffer);
      log.info({ module: 'mail', file }, 'no SMTP_URL: email written to the outbox folder');
      return { response: `written to ${file}` };
    },
    close: () => transport.close(),
  };
}

export function createMailer(config: Config, log: Logger): Mailer {
  if (config.smtpUrl) {
    return smtpMailer(config.smtpUrl, { rejectUnauthorized: config.smtpTlsRejectUnauthorized, maxConnections: config.workerConcurrency });
  }
  return emlMailer(path.join(config.dataDir, 'outbox'), log);
}
