// The settings page's LAN card and sign-in gate in Chromium, against the app
// in one process: with host 0.0.0.0 the card shows the player's URL on each
// LAN interface of this machine with a QR code, and the mDNS switch saves
// lanAdvertise. A signed-in plain user is asked for an admin account. And
// axe-core finds no serious accessibility problem on the page.
import fs from 'node:fs';
import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { lanAddresses } from '../../server/lan/access.js';
import { repoRoot } from '../helpers/paths.js';
import { startTestApp, type SignedInTestApp } from '../helpers/app.js';
import { signIn } from '../helpers/auth.js';
import { ensurePagesBuilt, launchChromium, screenshotDir } from './page-harness.js';

const lan = lanAddresses();
let app: SignedInTestApp;
let browser: BrowserContext;
let page: Page;

/** Puts a session cookie ("name=value") into the browser for the app. */
async function useCookie(cookie: string): Promise<void> {
  const at = cookie.indexOf('=');
  await browser.clearCookies();
  await browser.addCookies([
    { name: cookie.slice(0, at), value: cookie.slice(at + 1), url: app.url },
  ]);
}

beforeAll(async () => {
  ensurePagesBuilt();
  app = await startTestApp({
    settings: { host: '0.0.0.0', workers: 2 },
    signIn: 'admin',
  });
  browser = await launchChromium();
  page = await browser.newPage();
  fs.mkdirSync(screenshotDir, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

describe('the LAN card', () => {
  test.skipIf(lan.length === 0)(
    'shows the player URL and a QR code per LAN interface',
    async () => {
      await useCookie(app.account.cookie);
      await page.goto(`${app.url}/settings`);
      const card = page.getByRole('region', { name: 'LAN access' });
      const port = new URL(app.url).port;
      const urls = lan.map((a) => `http://${a.address}:${port}/`);
      await expect.poll(() => card.locator('.lan-url').allInnerTexts()).toEqual(urls);

      // Each QR code is an image that loaded.
      const codes = card.getByRole('img', { name: /^QR code for / });
      expect(await codes.count()).toBe(urls.length);
      for (let i = 0; i < urls.length; i++) {
        expect(await codes.nth(i).getAttribute('alt')).toBe(`QR code for ${urls[i]}`);
        const width = await codes
          .nth(i)
          .evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth);
        expect(width).toBeGreaterThan(0);
        // And it is the code of that URL (drawn again here from the URL alone).
        const svg = await QRCode.toString(urls[i]!, { type: 'svg', margin: 1 });
        expect(await codes.nth(i).getAttribute('src')).toBe(
          `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
        );
      }
      await card.screenshot({ path: path.join(screenshotDir, 'settings-lan-card.png') });
    },
  );

  test('the mDNS switch saves lanAdvertise', async () => {
    await useCookie(app.account.cookie);
    await page.goto(`${app.url}/settings`);
    const toggle = page.getByRole('checkbox', { name: /Announce Hearth on the LAN/ });
    await expect.poll(() => toggle.isChecked()).toBe(true);
    await toggle.uncheck();

    // One process has no supervisor: the change is saved for the next start.
    const status = page.getByTestId('apply-status');
    await expect
      .poll(async () => (await status.count()) && status.innerText())
      .toContain('lanAdvertise');
    const saved = JSON.parse(
      fs.readFileSync(path.join(app.dataDir, 'settings.json'), 'utf8'),
    ) as Record<string, unknown>;
    expect(saved).toEqual({ lanAdvertise: false });
    expect(await toggle.isChecked()).toBe(false);
  });
});

describe('the sign-in gate', () => {
  test('a signed-in plain user is asked for an admin account', async () => {
    const user = await signIn(app, 'user');
    await useCookie(user.cookie);
    await page.goto(`${app.url}/settings`);
    const form = page.getByRole('form', { name: 'Sign in' });
    await form.waitFor();
    expect(await form.innerText()).toContain('The settings need an admin account.');
    expect(await page.getByRole('form', { name: 'Settings' }).count()).toBe(0);
  });
});

describe('accessibility', () => {
  test.each(['light', 'dark'] as const)(
    'axe-core finds no serious or critical problem on the settings page (%s)',
    async (scheme) => {
      await page.emulateMedia({ colorScheme: scheme });
      await useCookie(app.account.cookie);
      await page.goto(`${app.url}/settings`);
      await page.getByTestId('projected-listeners').waitFor();
      await page.getByTestId('live-connections').waitFor();

      // axe runs through the DevTools protocol, which the page's CSP allows.
      const source = fs.readFileSync(
        path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'),
        'utf8',
      );
      await page.evaluate(source);
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
        const results = await axe.run();
        return results.violations
          .filter((v) => v.impact === 'serious' || v.impact === 'critical')
          .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
      });
      expect(violations).toEqual([]);
    },
  );
});

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}
