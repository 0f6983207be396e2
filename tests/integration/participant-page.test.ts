import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableCounts } from '../helpers/db.ts';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';

let m: MailTest;
beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m.close());

const page = (id: number, sig: string, extra = '') => request(m.t.app).get(`/registrations/${id}?sig=${encodeURIComponent(sig)}${extra}`);

function feedUrlOf(html: string): string {
  return /id="feed-url" type="text" readonly value="([^"]+)"/.exec(html)![1]!.replaceAll('&amp;', '&');
}

describe('the participant page behind the signed link', () => {
  it("speaks the registration's language, switches on request, names the zone, and lists the address's other registrations", async () => {
    const visit = await confirmedActivity(m);
    const show = await confirmedActivity(m, { title: { 'zh-CN': '科普剧演出', en: 'Science show' }, startsAt: '2027-03-05T14:00:00+08:00', endsAt: '2027-03-05T15:30:00+08:00' });
    const first = (await register(m.t.app, visit.id, { email: 'both@example.org', name: '王芳' })).body;
    const second = (await register(m.t.app, show.id, { email: 'both@example.org', name: '王芳' })).body;
    const stranger = (await register(m.t.app, show.id, { email: 'someone-else@example.org', name: 'Stranger' })).body;

    const zh = await page(first.id, m.signer.sign(first.id, 'manage'));
    expect(zh.status).toBe(200);
    expect(zh.headers['content-type']).toMatch(/text\/html/);
    expect(zh.text).toContain('<html lang="zh-CN">');
    // The activity page's format (public/js/format-range.js), issue 25 item 10.
    expect(zh.text).toContain('2027年3月2日周二 09:00–11:00 (北京时间)');
    expect(zh.text).toContain('科普剧演出');
    expect(zh.text).toContain(`/registrations/${second.id}?sig=${encodeURIComponent(m.signer.sign(second.id, 'manage'))}`);
    expect(zh.text).not.toContain('Stranger');
    expect(zh.text).not.toContain(`/registrations/${stranger.id}?`);
    expect(zh.text).not.toContain('<script');

    const en = await page(first.id, m.signer.sign(first.id, 'manage'), '&lang=en');
    expect(en.text).toContain('<html lang="en">');
    expect(en.text).toContain('Tue, 2 March 2027 09:00–11:00 (Beijing time)');
    expect(en.text).toContain('My other registrations');
    expect(en.text).toMatch(/id="lang-switch" href="[^"]*lang=zh-CN"/);
  });

  it('creates the personal feed only on POST, once, and its link serves the activities the address is confirmed for', async () => {
    const visit = await confirmedActivity(m);
    const { body } = await register(m.t.app, visit.id, { email: 'feed@example.org', language: 'en' });
    const sig = m.signer.sign(body.id, 'manage');
    const before = await tableCounts(m.t.db.pool);
    const offered = await page(body.id, sig);
    expect(offered.text).toContain('id="create-feed"');
    expect(await tableCounts(m.t.db.pool)).toEqual(before); // a mail scanner's GET creates nothing

    const created = await request(m.t.app).post(`/registrations/${body.id}/feed?sig=${encodeURIComponent(sig)}&lang=en`).type('form').send('');
    expect(created.status).toBe(303);
    expect(created.headers.location).toBe(`/registrations/${body.id}?sig=${encodeURIComponent(sig)}&lang=en#feed-title`);
    const shown = await page(body.id, sig);
    const url = new URL(feedUrlOf(shown.text));
    expect(url.origin).toBe(m.t.config.publicBaseUrl);
    expect(shown.text).toContain(`href="webcal://${url.host}${url.pathname}"`);
    const ics = await request(m.t.app).get(url.pathname).buffer(true).parse((res, done) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
      res.on('end', () => done(null, text));
    });
    expect(ics.status).toBe(200);
    expect(ics.headers['content-type']).toMatch(/^text\/calendar/);
    expect(ics.body).toContain('SUMMARY');
    expect(ics.body).toContain('Milu Park visit');

    const feeds = await m.t.db.pool.query(`SELECT type, owner_email FROM feeds WHERE owner_email = 'feed@example.org'`);
    expect(feeds.rows).toEqual([{ type: 'participant', owner_email: 'feed@example.org' }]);
    await request(m.t.app).post(`/registrations/${body.id}/feed?sig=${encodeURIComponent(sig)}`).type('form').send('');
    expect((await m.t.db.pool.query(`SELECT count(*)::int AS n FROM feeds WHERE owner_email = 'feed@example.org'`)).rows[0].n).toBe(1);
    // Another registration of the same address shows the same feed.
    const later = (await register(m.t.app, (await confirmedActivity(m)).id, { email: 'feed@example.org' })).body;
    expect(feedUrlOf((await page(later.id, m.signer.sign(later.id, 'manage'))).text)).toBe(url.toString());
  });

  it('refuses a wrong or unsubscribe-only signature with a 404 page, changing nothing', async () => {
    const visit = await confirmedActivity(m);
    const { body } = await register(m.t.app, visit.id, { email: 'nosig@example.org', name: 'Secret Name' });
    const before = await tableCounts(m.t.db.pool);
    for (const sig of ['nope', m.signer.sign(body.id, 'unsubscribe'), m.signer.sign(body.id + 1000, 'manage')]) {
      const read = await page(body.id, sig, '&lang=en');
      expect(read.status).toBe(404);
      expect(read.text).toContain('This link is not valid.');
      expect(read.text).not.toContain('Secret Name');
      expect((await request(m.t.app).post(`/registrations/${body.id}/feed?sig=${encodeURIComponent(sig)}`).type('form').send('')).status).toBe(404);
      expect((await request(m.t.app).post(`/registrations/${body.id}/cancel?sig=${encodeURIComponent(sig)}`).type('form').send('')).status).toBe(404);
    }
    expect(await tableCounts(m.t.db.pool)).toEqual(before);
  });

  it('stops reminders from the page and shows they are off; cancelling keeps the language', async () => {
    const visit = await confirmedActivity(m);
    const { body } = await register(m.t.app, visit.id, { email: 'stop@example.org', language: 'en' });
    const sig = m.signer.sign(body.id, 'manage');
    const stopped = await request(m.t.app).post(`/registrations/${body.id}/unsubscribe?sig=${encodeURIComponent(sig)}&lang=zh-CN`).type('form').send('');
    expect(stopped.status).toBe(200);
    expect(stopped.text).toContain('您将不再收到此活动的提醒。');
    expect(stopped.text).toContain(`href="/registrations/${body.id}?sig=${encodeURIComponent(sig)}&amp;lang=zh-CN"`);
    expect((await page(body.id, sig)).text).toContain('id="reminders-off"');
    const cancelled = await request(m.t.app).post(`/registrations/${body.id}/cancel?sig=${encodeURIComponent(sig)}&lang=zh-CN`).type('form').send('');
    expect(cancelled.headers.location).toContain('lang=zh-CN');
    expect((await page(body.id, sig, '&lang=zh-CN')).text).toContain('此报名已取消。');
  });
  it('shows names and titles as text, never as markup, on the page, the confirm page and in the email', async () => {
    const evil = `<script>alert(1)</script>"'&`;
    const escaped = '&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;';
    const visit = await confirmedActivity(m, { title: { 'zh-CN': `考察${evil}`, en: `Visit${evil}` } });
    const other = await confirmedActivity(m, { title: { 'zh-CN': `演出${evil}`, en: `Show${evil}` } });
    const { body } = await register(m.t.app, visit.id, { email: 'evil@example.org', name: `Mallory${evil}` });
    await register(m.t.app, other.id, { email: 'evil@example.org', name: `Mallory${evil}` });
    const sig = m.signer.sign(body.id, 'manage');

    const shown = await page(body.id, sig);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain(`考察${escaped}`);
    expect(shown.text).toContain(`演出${escaped}`); // in the list of the address's other registrations
    expect(shown.text).toContain(`Mallory${escaped}`);
    const confirm = await request(m.t.app).get(`/registrations/${body.id}/cancel?sig=${encodeURIComponent(sig)}&lang=en`);
    expect(confirm.status).toBe(200);
    expect(confirm.text).toContain(`Visit${escaped}`);
    for (const text of [shown.text, confirm.text]) {
      expect(text).not.toContain('<script');
      expect(text).not.toContain(`"'&`);
    }

    await m.worker().drain();
    const mail = m.smtp.messages.find((x) => x.to.includes('evil@example.org'))!;
    expect(mail.parsed.html).toContain(`Mallory${escaped}`);
    expect(mail.parsed.html).not.toContain('<script');
  });
});
