import { ParsePool } from './dist/server/library/scanner/pool.js';
for (let i = 0; i < 400; i++) {
  const pool = new ParsePool({ size: 2, timeoutMs: 5000 });
  void pool.parse({ path: '/etc/hostname', size: 10, sniff: true });
  // spin to delay then close at varied microtiming
  const until = performance.now() + (i % 40);
  while (performance.now() < until) {}
  await pool.close();
}
console.log('ok');
