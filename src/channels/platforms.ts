import { createHmac } from 'node:crypto';
import type { LeasedWebhook } from '../webhooks/deliveries.queries.ts';
import type { EndpointSender, OutgoingRequest, Verdict } from '../webhooks/senders.ts';
import type { PostResult } from '../webhooks/transport.ts';
import { groupMessage, packParts } from './messages.ts';

/**
 * The three group robots, as each platform documents its custom-robot webhook:
 * - WeCom (企业微信): POST …/cgi-bin/webhook/send?key=KEY, `{"msgtype":"markdown","markdown":{"content"}}`,
 *   content at most 4096 bytes (UTF-8), 20 messages a minute per robot; the key in the URL is the credential.
 * - DingTalk (钉钉): POST …/robot/send?access_token=T, `{"msgtype":"markdown","markdown":{"title","text"}}`,
 *   20 a minute; with a signing secret (SEC…) the URL also carries `timestamp` (ms) and
 *   `sign` = base64(HMAC-SHA256(key = secret, message = timestamp + "\n" + secret)), URL-encoded.
 * - Feishu (飞书): POST …/open-apis/bot/v2/hook/TOKEN, a card (`msg_type: interactive`), the body at most
 *   20 KB, 100 a minute; with a secret the body carries `timestamp` (s) and
 *   `sign` = base64(HMAC-SHA256(key = timestamp + "\n" + secret, message = empty)).
 * Each answers 200 with an error code in the body; the codes decide retry, give up or disable.
 */

const json = (body: unknown): Pick<OutgoingRequest, 'headers' | 'body'> => ({ headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(body) });

const parts = (d: LeasedWebhook, maxBytes: number) => {
  const message = groupMessage(d.eventType, d.payload.data);
  return { title: message.title, parts: packParts(message, maxBytes) };
};

/** An HTTP answer that is not a 200: 429/5xx wait, 404/410 mean the robot is gone. */
function httpVerdict(r: PostResult): Verdict | null {
  if (r.status === 200) return null;
  if (r.status === 404 || r.status === 410) return { outcome: 'disable', error: `HTTP ${r.status}: the robot's address no longer exists` };
  return { outcome: 'retry', error: `HTTP ${r.status}`, afterMs: r.retryAfterMs ?? (r.status === 429 ? 60_000 : undefined) };
}

function code(body: string, ...fields: string[]): { code: number | null; message: string } {
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    for (const f of fields) if (typeof parsed[f] === 'number') return { code: parsed[f] as number, message: String(parsed.errmsg ?? parsed.msg ?? parsed.StatusMessage ?? '') };
  } catch {
    // not JSON: treated as an unknown answer below
  }
  return { code: null, message: body.slice(0, 200) };
}

/** Maps a platform's error code: `revoked` codes disable the robot, `limited` wait a minute, `malformed` give up, others retry. */
function codeVerdict(platform: string, c: { code: number | null; message: string }, sets: { revoked: number[]; limited: number[]; malformed: number[] }): Verdict {
  if (c.code === 0) return { outcome: 'sent' };
  const error = `${platform} ${c.code ?? '?'}: ${c.message}`.slice(0, 300);
  if (c.code !== null && sets.revoked.includes(c.code)) return { outcome: 'disable', error };
  if (c.code !== null && sets.limited.includes(c.code)) return { outcome: 'retry', error, afterMs: 60_000 };
  if (c.code !== null && sets.malformed.includes(c.code)) return { outcome: 'give_up', error };
  return { outcome: 'retry', error };
}

export const WECOM_MAX_BYTES = 4096;
export const wecomSender: EndpointSender = {
  kind: 'wecom',
  requests(d) {
    return parts(d, WECOM_MAX_BYTES).parts.map((content) => ({ url: d.url, ...json({ msgtype: 'markdown', markdown: { content } }) }));
  },
  verdict(r) {
    // 93000: invalid webhook URL (the key was removed); 45009: over the frequency limit; 40008/44004: bad or empty message.
    return httpVerdict(r) ?? codeVerdict('WeCom', code(r.body, 'errcode'), { revoked: [93000, 93004], limited: [45009, 45033], malformed: [40008, 44004, 40058] });
  },
};

/** DingTalk's signature, also used by the tests' receiver to check it. */
export function dingtalkSign(secret: string, timestamp: number): string {
  return createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
}

export const DINGTALK_MAX_BYTES = 4000;
export const dingtalkSender: EndpointSender = {
  kind: 'dingtalk',
  requests(d, at) {
    const { title, parts: texts } = parts(d, DINGTALK_MAX_BYTES);
    return texts.map((text) => {
      const url = new URL(d.url);
      if (d.secret) {
        url.searchParams.set('timestamp', String(at.getTime()));
        url.searchParams.set('sign', dingtalkSign(d.secret, at.getTime()));
      }
      return { url: url.toString(), ...json({ msgtype: 'markdown', markdown: { title, text } }) };
    });
  },
  verdict(r) {
    // 300001/300005: the access token does not exist (robot removed); 310000: signature, keyword or IP refused;
    // 400102: the robot was stopped; 130101: more than 20 a minute (the robot is throttled for minutes).
    return httpVerdict(r) ?? codeVerdict('DingTalk', code(r.body, 'errcode'), { revoked: [300001, 300005, 310000, 400102], limited: [130101, 130102], malformed: [40035] });
  },
};

/** Feishu's signature: the HMAC key is timestamp + "\n" + secret, the message empty. */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

// The whole body must stay under 20 KB: the card's text gets 18,000 bytes, the rest is the card's frame.
export const FEISHU_MAX_BYTES = 18_000;
export const feishuSender: EndpointSender = {
  kind: 'feishu',
  requests(d, at) {
    const { title, parts: texts } = parts(d, FEISHU_MAX_BYTES);
    const seconds = Math.floor(at.getTime() / 1000);
    return texts.map((content) => ({
      url: d.url,
      ...json({
        ...(d.secret ? { timestamp: String(seconds), sign: feishuSign(d.secret, seconds) } : {}),
        msg_type: 'interactive',
        card: { header: { title: { tag: 'plain_text', content: title }, template: 'blue' }, elements: [{ tag: 'markdown', content }] },
      }),
    }));
  },
  verdict(r) {
    // 19021: signature or timestamp refused; 19022: IP not allowed; 19024: keyword missing; 19002/19003 the robot is gone;
    // 11232 and 9499: rate limited; 19001/9499 param errors are not retried.
    return httpVerdict(r) ?? codeVerdict('Feishu', code(r.body, 'code', 'StatusCode'), { revoked: [19002, 19003, 19021, 19022, 19024], limited: [11232, 11233], malformed: [19001] });
  },
};

export const groupRobotSenders = [wecomSender, dingtalkSender, feishuSender];
