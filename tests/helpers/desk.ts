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

/** Picks a day in a TDesign date picker: opens it, turns `monthsBack` months back (or forward if negative), presses the day. */
export async function pickDay(page: Page, fieldId: string, day: number, monthsBack = 0): Promise<void> {
  await page.locator(`#${fieldId}`).click();
  const panel = page.locator('.t-date-picker__panel').last();
  await panel.waitFor();
  // The popup fades in: a press during the fade can miss, so wait until it stands still.
  const popup = await panel.evaluateHandle((e) => e.closest('.t-popup') ?? e);
  await page.waitForFunction((p) => getComputedStyle(p as Element).opacity === '1', popup);
  for (let i = 0; i < Math.abs(monthsBack); i++) await panel.locator(monthsBack > 0 ? '.t-pagination-mini__prev' : '.t-pagination-mini__next').click();
  await panel.locator('td.t-date-picker__cell:not(.t-date-picker__cell--additional)', { hasText: new RegExp(`^${day}$`) }).click();
  await panel.waitFor({ state: 'hidden', timeout: 15_000 });
}

/** Types a time into a TDesign time picker and leaves it, as a person does. */
export async function typeTime(page: Page, fieldId: string, time: string): Promise<void> {
  const input = page.locator(`#${fieldId}`);
  await input.click();
  await input.fill(time);
  await input.press('Enter');
  await page.locator('#book-form h2').click();
}

/**
 * The telescope evening in the desk's booking form (web/desk/src/book/), by the fields' ids so the
 * same steps work in either language: the school auditorium 19:00–20:30 with 3 of the planetarium's
 * 5 telescopes and their buffers. The day is picked in the date picker, `monthsBack` months before
 * the form's first month (December 2026, a week from the demo's today).
 */
export async function fillTelescopeEveningInDesk(page: Page, options: { day: number; monthsBack?: number; setupMinutes?: number; teardownMinutes?: number }): Promise<void> {
  await page.locator('#book-kind').selectOption('talent_training');
  await page.locator('#book-title-zh').fill('月球观测');
  await page.locator('#book-title-en').fill('Observing the Moon');
  await page.locator('#book-venue').selectOption({ index: await page.locator('#book-venue option').evaluateAll((os) => os.findIndex((o) => /学校礼堂|School auditorium/.test(o.textContent ?? ''))) });
  await pickDay(page, 'book-date', options.day, options.monthsBack ?? 0);
  await typeTime(page, 'book-start', '19:00');
  await typeTime(page, 'book-end', '20:30');
  await page.locator('#book-add-claim').click();
  const telescopes = await page.locator('#claim-0-resource option').evaluateAll((os) => os.find((o) => /^(天文望远镜|Astronomical telescope) ·/.test(o.textContent ?? ''))?.getAttribute('value') ?? '');
  await page.locator('#claim-0-resource').selectOption(telescopes);
  await page.locator('#claim-0-quantity').fill('3');
  await page.locator('#claim-0-setup').fill(String(options.setupMinutes ?? 30));
  await page.locator('#claim-0-teardown').fill(String(options.teardownMinutes ?? 30));
}
