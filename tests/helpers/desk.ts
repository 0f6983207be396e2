import type { Page } from 'playwright-core';

/**
 * Fills the desk's booking form as the school's organizer would for the telescope evening of the
 * demo: a talent training in the school auditorium from 19:00 to 20:30 with 3 of the planetarium's
 * 5 telescopes and their set-up / tear-down buffers.
 */
export async function fillTelescopeEvening(page: Page, options: { date: string; setupMinutes?: number; teardownMinutes?: number }): Promise<void> {
  await page.getByLabel('活动类型').selectOption('talent_training');
  await page.getByLabel('标题（中文）').fill('月球观测');
  await page.getByLabel('标题（英文）').fill('Observing the Moon');
  await page.getByLabel('场地').selectOption({ label: '学校礼堂' });
  await page.getByLabel('日期').fill(options.date);
  await page.getByLabel('开始时间').fill('19:00');
  await page.getByLabel('结束时间').fill('20:30');
  await page.getByRole('button', { name: '添加设备或人员' }).click();
  await page.locator('#claim-0-resource').selectOption({ label: '天文望远镜 (5)' });
  await page.locator('#claim-0-quantity').fill('3');
  await page.locator('#claim-0-setup').fill(String(options.setupMinutes ?? 30));
  await page.locator('#claim-0-teardown').fill(String(options.teardownMinutes ?? 30));
}
