/** Steps the browser flows share: open the studio, pick a model, generate, read the meter. */

import type { Locator, Page } from 'playwright-core';
import { expect } from 'vitest';

/** Opens the studio for a preset with a fresh demo customer, and waits for the meter. */
export async function openStudio(
  page: Page,
  baseUrl: string,
  preset: 'directors-palette' | 'musicgen',
): Promise<void> {
  await page.goto(`${baseUrl}/studio/?preset=${preset}`);
  await page.getByTestId('credits-available').first().waitFor({ state: 'attached' });
}

/** The credits available as the header meter (or the sheet trigger) shows them. */
export async function readAvailable(page: Page): Promise<number> {
  const text = (await page.getByTestId('credits-available').first().textContent()) ?? '';
  return Number(text.replace(/[^\d]/g, ''));
}

/** Waits until the available credits read `expected`. */
export async function expectAvailable(page: Page, expected: number): Promise<void> {
  await page.waitForFunction(
    `document.querySelector('[data-testid="credits-available"] strong')?.textContent?.replace(/\\D/g, '') === '${expected}'`,
  );
  expect(await readAvailable(page)).toBe(expected);
}

/** Waits for the cost preview to show `credits`. */
export async function expectPreviewCredits(page: Page, credits: number): Promise<void> {
  await page.locator(`[data-testid="preview-credits"][data-credits="${credits}"]`).waitFor();
}

/** Clicks Generate and waits for the studio server's answer. */
export async function clickGenerate(page: Page): Promise<void> {
  await Promise.all([
    page.waitForResponse((r) => r.url().endsWith('/studio/api/generate')),
    page.getByTestId('generate').click(),
  ]);
}

/** The rendered text of an element (Playwright's `innerText`: what the customer sees). */
export function textOf(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: a Playwright locator method, not the DOM property
  return locator.innerText();
}
