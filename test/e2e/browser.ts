/**
 * Debian's Chromium driven by playwright-core, and what every browser flow checks: an axe-core
 * scan (no serious or critical violations) and a screenshot in `test-results/screenshots/`.
 * The flows are skipped when `/usr/bin/chromium` is missing, except on CI, where `.ci/run`
 * installs it and a missing browser must fail.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { readConfig } from '../../src/config.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/** True when the browser flows should be skipped (no Chromium here, not on CI). */
export const SKIP_BROWSER = !existsSync(CHROMIUM_PATH) && !readConfig().ci;

export const SCREENSHOT_DIR = join(process.cwd(), 'test-results', 'screenshots');

/**
 * Launches headless Chromium. Playwright gives every launch a fresh temporary profile
 * (user-data-dir), so no state leaks between runs.
 */
export async function launchChromium(options: { webgl?: 'swiftshader' | 'off' } = {}): Promise<Browser> {
  // WebGL in a headless machine without a GPU: ANGLE on SwiftShader, the CPU renderer Chromium
  // ships (the landing page's hero); `off` takes WebGL away (its fallback).
  const gl =
    options.webgl === 'swiftshader'
      ? ['--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist']
      : options.webgl === 'off'
        ? [
            '--disable-gpu',
            '--disable-webgl',
            '--disable-webgl2',
            '--disable-3d-apis',
            '--disable-software-rasterizer',
          ]
        : ['--disable-gpu'];
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      ...gl,
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

/** Runs axe-core in the page and answers the serious and critical violations. */
export async function findSeriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.addScriptTag({ path: AXE_PATH });
  const violations = (await page.evaluate(`axe.run(document, { resultTypes: ['violations'] }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })))`)) as AxeViolation[];
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Saves a screenshot as `test-results/screenshots/NAME.png` (the whole page unless `fullPage: false`). */
export async function saveScreenshot(
  page: Page,
  name: string,
  options: { fullPage?: boolean } = {},
): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const path = join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path, fullPage: options.fullPage ?? true });
  return path;
}
