import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmedActivity, register, startMailTest, type MailTest } from '../helpers/mail.ts';

/**
 * Issue 23: the worker leases its next round while the last messages of the current one are still on
 * the wire (the lease and read queries no longer leave the send slots idle once per round), yet it
 * never has more than `concurrency` messages in flight, nor more than two rounds in hand.
 */
let m: MailTest;
beforeAll(async () => {
  m = await startMailTest();
});
afterAll(() => m.close());

async function until(what: string, condition: () => Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const statuses = async (activityId: number) =>
  (await m.t.db.pool.query<{ status: string }>(`SELECT status FROM deliveries WHERE activity_id = $1 AND kind = 'confirmation'`, [activityId])).rows.map((r) => r.status);

describe('email worker: rounds overlap while a backlog drains', () => {
  it('leases the next round while the current one is still sending, within its concurrency and two rounds', async () => {
    const activity = await confirmedActivity(m);
    for (let i = 0; i < 9; i++) expect((await register(m.t.app, activity.id, { email: `pipe${i}@school.example.org` })).status).toBe(201);
    const release = m.smtp.hold();
    const worker = m.worker({ batchSize: 3, concurrency: 3, pollMs: 50 });
    worker.start();
    try {
      await until('the first round on the wire', async () => m.smtp.held === 3);
      // The first round's three messages are all held at the relay: the second round is leased meanwhile.
      await until('the second round leased while the first is still sending', async () => (await statuses(activity.id)).filter((s) => s === 'sending').length === 6, 5000);
      await new Promise((r) => setTimeout(r, 300));
      expect(m.smtp.held).toBe(3);
      expect((await statuses(activity.id)).filter((s) => s === 'sending')).toHaveLength(6);
      release();
      await until('every confirmation sent', async () => (await statuses(activity.id)).every((s) => s === 'sent'));
    } finally {
      release();
      await worker.stop();
    }
    const sent = m.smtp.messages.filter((msg) => msg.to.some((to) => to.startsWith('pipe')));
    expect(sent).toHaveLength(9);
    expect([...m.smtp.countsByMessageId()].filter(([, n]) => n > 1)).toEqual([]);
  });
});
