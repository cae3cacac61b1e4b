// Password guessing over real HTTP, from real client addresses: the test
// binds its sockets to 127.0.0.x (Linux routes all of 127/8 to lo), so the
// app sees each as a different client without trusting any proxy header.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { createAccount, postJsonFrom, type Account } from '../helpers/auth.js';

let app: TestApp;
let victim: Account;
beforeAll(async () => {
  app = await startTestApp();
  victim = await createAccount(app, 'admin', { username: 'victim' });
});
afterAll(async () => app.close());

const attempt = (password: string, from: string, username = victim.username) =>
  postJsonFrom(
    app.url,
    '/api/auth/login',
    { username, password },
    { localAddress: from },
  );

describe('brute force', () => {
  it('throttles 200 wrong passwords; the owner still signs in from elsewhere', async () => {
    const attacker = '127.0.0.1';
    const statuses: number[] = [];
    for (let i = 0; i < 200; i += 1) {
      const res = await attempt(`guess-${i}`, attacker);
      statuses.push(res.status);
      if (res.status === 429) {
        expect(Number(res.headers['retry-after'])).toBeGreaterThanOrEqual(1);
        expect(JSON.parse(res.body)).toMatchObject({ error: 'too_many_attempts' });
      }
    }
    const checked = statuses.filter((s) => s === 401).length;
    const refused = statuses.filter((s) => s === 429).length;
    expect(checked + refused).toBe(200);
    expect(checked).toBeGreaterThanOrEqual(5);
    expect(checked).toBeLessThanOrEqual(12);
    console.log(`brute force: ${checked} of 200 guesses checked, ${refused} refused`);

    // Even the right password is refused from the attacking address...
    expect((await attempt(victim.password, attacker)).status).toBe(429);
    // ...while the owner, at another address, signs in.
    const owner = await attempt(victim.password, '127.0.0.2');
    expect(owner.status).toBe(200);
    expect(String(owner.headers['set-cookie'])).toMatch(/hearth_session=[\w-]+/);
  });

  it('counts a parallel burst before checking it, so it cannot slip past', async () => {
    const target = await createAccount(app, 'user');
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        attempt(`burst-${i}`, '127.0.0.3', target.username),
      ),
    );
    const checked = burst.filter((r) => r.status === 401).length;
    expect(checked).toBe(5);
    expect(burst.filter((r) => r.status === 429)).toHaveLength(35);
  });

  it('limits one address guessing across many accounts', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 30; i += 1) {
      const res = await attempt('wrong-password', '127.0.0.4', `spray-${i}`);
      statuses.push(res.status);
    }
    expect(statuses.slice(0, 20).every((s) => s === 401)).toBe(true);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // Another address is unaffected.
    expect((await attempt(victim.password, '127.0.0.5')).status).toBe(200);
  });
});
