import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

/** A message as the loopback SMTP server received it: envelope, raw text and the parsed mail. */
export interface CapturedMail {
  from: string;
  to: string[];
  raw: string;
  parsed: ParsedMail;
}

export interface SmtpCapture {
  url: string;
  messages: CapturedMail[];
  /** Refuse every message with this reply code (e.g. 451 temporary, 550 permanent); null accepts again. */
  refuse(code: number | null): void;
  /**
   * Until the returned release is called, hold every message after its data arrived and before the
   * 250 reply (a slow relay). A message whose sender hung up meanwhile is not kept: it was never
   * accepted. `held` counts messages waiting.
   */
  hold(): () => void;
  readonly held: number;
  /** Held messages whose sender has hung up (a killed sender's). */
  readonly heldDisconnected: number;
  /** Each held message's recipients, and whether its sender has hung up. */
  heldMessages(): { to: string[]; disconnected: boolean }[];
  /** Received messages per Message-ID: a count above 1 is a duplicate. */
  countsByMessageId(): Map<string, number>;
  clear(): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server (the `smtp-server` package) on 127.0.0.1, parsing each message with
 * `mailparser` before it answers 250, so a send that resolved is already in `messages`.
 */
export async function startSmtpCapture(): Promise<SmtpCapture> {
  const messages: CapturedMail[] = [];
  let refusal: number | null = null;
  let gate: Promise<void> | undefined;
  let held = 0;
  const heldSessions = new Map<string, string[]>();
  const closed = new Set<string>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    banner: 'orrery test receiver',
    onMailFrom(_address, _session, callback) {
      if (refusal === null) return callback();
      const error = Object.assign(new Error(refusal >= 500 ? 'Mailbox unavailable' : 'Try again later'), { responseCode: refusal });
      return callback(error);
    },
    onClose(session) {
      closed.add(session.id);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const waiting = gate;
        if (waiting) {
          held++;
          heldSessions.set(session.id, session.envelope.rcptTo.map((r) => r.address));
        }
        (waiting ?? Promise.resolve()).then(() => {
          if (waiting) {
            held--;
            heldSessions.delete(session.id);
          }
          if (closed.has(session.id)) throw new Error('sender hung up before the reply');
          return simpleParser(raw);
        }).then((parsed) => {
          messages.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            raw,
            parsed,
          });
          callback();
        }, callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = (server as unknown as { server: { address(): AddressInfo } }).server.address();
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    refuse: (code) => void (refusal = code),
    hold() {
      let release!: () => void;
      gate = new Promise<void>((resolve) => (release = resolve));
      return () => {
        gate = undefined;
        release();
      };
    },
    get held() {
      return held;
    },
    get heldDisconnected() {
      return [...heldSessions.keys()].filter((id) => closed.has(id)).length;
    },
    heldMessages() {
      return [...heldSessions].map(([id, to]) => ({ to, disconnected: closed.has(id) }));
    },
    countsByMessageId() {
      const counts = new Map<string, number>();
      for (const m of messages) counts.set(m.parsed.messageId ?? '', (counts.get(m.parsed.messageId ?? '') ?? 0) + 1);
      return counts;
    },
    clear: () => void messages.splice(0),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
