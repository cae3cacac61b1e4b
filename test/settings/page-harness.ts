// The settings page in real Chromium against a real supervisor: Debian's
// chromium through playwright-core (flags from design.md §7), a cluster with
// real worker processes, an admin account, and a paced test stream whose
// every byte can be checked.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { testStreamByte } from '../../server/http/routes/test-routes.js';
import { chromiumFlags } from '../browser/chromium.js';
import { repoRoot, tempDir } from '../helpers/paths.js';

export const screenshotDir = path.join(repoRoot, 'docs', 'screenshots');

/** Builds the pages when a lone run finds them missing. */
export function ensurePagesBuilt(): void {
  if (!fs.existsSync(path.join(repoRoot, 'dist', 'renderer', 'settings.html'))) {
    execFileSync('npm', ['run', 'build:renderer'], { cwd: repoRoot, stdio: 'pipe' });
  }
}

/** A fresh Chromium profile, 1280 px wide. */
export function launchChromium(): Promise<BrowserContext> {
  return chromium.launchPersistentContext(tempDir('hearth-chromium-'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: chromiumFlags,
    viewport: { width: 1280, height: 1000 },
  });
}

export interface StreamRecord {
  status: number;
  /** The worker that served it (X-Hearth-Pid). */
  pid: number;
  bytes: number;
  /** Bytes that differ from the test pattern. */
  wrong: number;
  /** The longest wait between two chunks, in ms. */
  longestGapMs: number;
  /** When each chunk arrived, with the running byte count. */
  arrivals: { at: number; bytes: number }[];
  /** Resolves when the body ends (or rejects when the connection breaks). */
  done: Promise<void>;
}

/** Starts GET /api/test/stream and checks every byte as it arrives. */
export function startTestStream(
  baseUrl: string,
  options: { bytes: number; rate: number; seed: number },
): Promise<StreamRecord> {
  const url = `${baseUrl}/api/test/stream?bytes=${options.bytes}&rate=${options.rate}&seed=${options.seed}`;
  return new Promise((resolveStarted, rejectStarted) => {
    const req = http.get(url, { agent: false }, (res) => {
      let last = Date.now();
      let finish!: () => void;
      let fail!: (err: Error) => void;
      const record: StreamRecord = {
        status: res.statusCode ?? 0,
        pid: Number(res.headers['x-hearth-pid']),
        bytes: 0,
        wrong: 0,
        longestGapMs: 0,
        arrivals: [],
        done: new Promise<void>((resolve, reject) => {
          finish = resolve;
          fail = reject;
        }),
      };
      res.on('data', (chunk: Buffer) => {
        const now = Date.now();
        record.longestGapMs = Math.max(record.longestGapMs, now - last);
        last = now;
        for (let k = 0; k < chunk.length; k++) {
          if (chunk[k] !== testStreamByte(record.bytes + k, options.seed)) record.wrong++;
        }
        record.bytes += chunk.length;
        record.arrivals.push({ at: now, bytes: record.bytes });
      });
      res.on('end', () => finish());
      res.on('error', (err) => fail(err));
      res.on('aborted', () => fail(new Error('aborted')));
      resolveStarted(record);
    });
    req.on('error', rejectStarted);
  });
}

/**
 * A play of a track that reads the first chunk and then stops reading, as a
 * player with a full buffer does: the stream stays open until `stop`.
 */
export interface Play {
  status: number;
  /** Content-Type: audio/mpeg for an MP3 transcode. */
  type: string;
  bytes: number;
  stop(): void;
}

/** Starts GET /api/tracks/:id/stream as the signed-in cookie's user. */
export function startPlay(baseUrl: string, path: string, cookie: string): Promise<Play> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      `${baseUrl}${path}`,
      { agent: false, headers: { Cookie: cookie } },
      (res) => {
        const play: Play = {
          status: res.statusCode ?? 0,
          type: res.headers['content-type'] ?? '',
          bytes: 0,
          stop: () => req.destroy(),
        };
        res.once('data', (chunk: Buffer) => {
          play.bytes += chunk.length;
          res.pause();
        });
        res.on('error', () => undefined);
        resolve(play);
      },
    );
    req.on('error', reject);
  });
}
