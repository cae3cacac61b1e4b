// First run and the Account page in real Chromium. On a fresh data folder
// the logged setup address shows the "Create the first admin" form, which
// refuses a mismatched confirmation and then signs the admin in on Home.
// The Account page then makes the credentials Subsonic apps use, checked by
// real Subsonic pings: an app password (token auth) and an API key work, and
// stop working once revoked; a changed password replaces the old one. axe-core
// finds no serious or critical violation on either page.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { repoRoot } from '../helpers/paths.js';
import { launchChromium, poll } from './chromium.js';

const axeSource = fs.readFileSync(
  path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'),
  'utf8',
);

const admin = { username: 'keeper', password: 'first-hearth-password' };
const changedPassword = 'second-hearth-password';

let app: TestApp;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  app = await startTestApp();
  browser = await launchChromium();
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
});

afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Violation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/** axe-core's serious and critical violations on the page as it is now. */
async function seriousViolations(): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, so the page's CSP allows it.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (
      window as unknown as { axe: { run: (...a: unknown[]) => Promise<unknown> } }
    ).axe;
    const result = (await axe.run(document, { resultTypes: ['violations'] })) as {
      violations: Violation[];
    };
    return result.violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ ...v, nodes: v.nodes.slice(0, 3) }));
}

async function setupNeeded(): Promise<boolean> {
  const res = await fetch(`${app.url}/api/setup`);
  return ((await res.json()) as { needed: boolean }).needed;
}

/** A Subsonic ping's status and error code (0 when it succeeded). */
async function ping(auth: string): Promise<{ status: string; code: number }> {
  const res = await fetch(`${app.url}/rest/ping?${auth}&v=1.16.1&c=test&f=json`);
  const body = (await res.json()) as {
    'subsonic-response': { status: string; error?: { code: number } };
  };
  const answer = body['subsonic-response'];
  return { status: answer.status, code: answer.error?.code ?? 0 };
}

/** Token auth as a Subsonic app does it: t = md5(password + salt). */
function tokenAuth(password: string): string {
  const salt = crypto.randomBytes(6).toString('hex');
  const token = crypto
    .createHash('md5')
    .update(password + salt)
    .digest('hex');
  return `u=${admin.username}&t=${token}&s=${salt}`;
}

async function login(password: string): Promise<number> {
  const res = await fetch(`${app.url}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: admin.username, password }),
  });
  return res.status;
}

const heading = () => page.getByRole('heading', { level: 1 }).innerText();

describe('first run', () => {
  test('the logged setup address shows the setup form, with no violations', async () => {
    expect(await setupNeeded()).toBe(true);
    await page.goto(app.url + '/setup');
    await poll(heading).toBe('Create the first admin');
    await expect(page.getByLabel('Setup code').count()).resolves.toBe(1);
    expect(await seriousViolations()).toEqual([]);
  });

  test('a mismatched confirmation is refused in the page', async () => {
    await page.getByLabel('Username').fill(admin.username);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByLabel('Confirm password').fill(admin.password + 'x');
    await page.getByRole('button', { name: 'Create the admin' }).click();
    await poll(() => page.getByRole('alert').innerText()).toMatch(/differ/);
    expect(await setupNeeded()).toBe(true);
  });

  test('creating the admin signs in on Home; setup is then not needed', async () => {
    await page.getByLabel('Confirm password').fill(admin.password);
    await page.getByRole('button', { name: 'Create the admin' }).click();
    await poll(heading).toBe('Home');
    expect(new URL(page.url()).pathname).toBe('/');
    await expect(page.getByRole('button', { name: 'Sign out' }).count()).resolves.toBe(1);
    expect(await setupNeeded()).toBe(false);
  });
});

describe('the Account page', () => {
  test('is in the navigation, explains itself, links admins to /settings', async () => {
    await page.getByRole('link', { name: 'Account', exact: true }).click();
    await poll(heading).toBe('Account');
    const settings = page.getByRole('link', { name: 'Server settings (admin)' });
    expect(await settings.getAttribute('href')).toBe('/settings');
    const subsonic = 'For Subsonic apps such as Symfonium or DSub: server address, ';
    await poll(() => page.locator('.account').innerText()).toContain(
      subsonic + 'your username and this app password.',
    );
    await poll(() => page.getByRole('list', { name: 'Sessions' }).innerText()).toMatch(
      /this session/,
    );
    expect(await seriousViolations()).toEqual([]);
  });

  test('an app password signs a Subsonic ping in until it is revoked', async () => {
    await page.getByRole('button', { name: 'Create app password' }).click();
    const field = page.getByLabel('New app password');
    await poll(() => field.inputValue()).toMatch(/.{8,}/);
    const appPassword = await field.inputValue();
    expect(await ping(tokenAuth(appPassword))).toEqual({ status: 'ok', code: 0 });

    await page.getByRole('button', { name: /Revoke · App password/ }).click();
    await poll(() => page.getByText('No app password.').count()).toBe(1);
    expect(await ping(tokenAuth(appPassword))).toEqual({ status: 'failed', code: 40 });
  });

  test('an API key signs a Subsonic ping in until it is revoked', async () => {
    await page.getByLabel('Key name').fill('Phone');
    await page.getByRole('button', { name: 'Create API key' }).click();
    const field = page.getByLabel('New API key');
    await poll(() => field.inputValue()).toMatch(/.{16,}/);
    const key = await field.inputValue();
    const list = page.getByRole('list', { name: 'API keys' });
    await poll(() => list.innerText()).toContain(`Phone · …${key.slice(-4)}`);
    expect(await ping(`apiKey=${key}`)).toEqual({ status: 'ok', code: 0 });

    await page.getByRole('button', { name: 'Revoke Phone' }).click();
    await poll(() => list.getByRole('listitem').count()).toBe(0);
    expect(await ping(`apiKey=${key}`)).toEqual({ status: 'failed', code: 44 });
  });

  test('a wrong current password is refused without signing out', async () => {
    await page.getByLabel('Current password').fill('not-my-password');
    await page.getByLabel('New password').fill(changedPassword);
    await page.getByLabel('Confirm password').fill(changedPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await poll(() => page.getByRole('alert').innerText()).toMatch(/Wrong/);
    expect(await heading()).toBe('Account');
  });

  test('a changed password replaces the old one', async () => {
    await page.getByLabel('Current password').fill(admin.password);
    await page.getByLabel('New password').fill(changedPassword);
    await page.getByLabel('Confirm password').fill(changedPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await poll(() => page.getByRole('status').allInnerTexts()).toContain(
      'Password changed.',
    );
    expect(await login(admin.password)).toBe(401);
    expect(await login(changedPassword)).toBe(200);

    // This page keeps its (fresh) session: the account still loads.
    await page.reload();
    await poll(heading).toBe('Account');
  });
});
