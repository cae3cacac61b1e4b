// ffmpeg hands its output over in its own 32 KiB buffers, not one pipe write
// per muxed packet: a transcode through a pipe then costs what one to a file
// costs, and a paced listener wakes the server a few times a minute instead
// of forty times a second. Counted on the real runner's stdout.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findProfile } from '../../server/transcode/profiles.js';
import { startFfmpeg } from '../../server/transcode/runner.js';
import { tempDir } from '../helpers/paths.js';
import { makeClip } from './helpers.js';

const clip = makeClip(path.join(tempDir(), 'clip.flac'), 60);

describe('ffmpeg output', () => {
  it.each(['mp3_192', 'aac_128'])('comes in large writes for %s', async (id) => {
    const run = startFfmpeg({
      ffmpegPath: 'ffmpeg',
      input: clip,
      profile: findProfile(id)!,
      source: { channels: 2, sampleRate: 44_100 },
    });
    let chunks = 0;
    let bytes = 0;
    run.stdout.on('data', (chunk: Buffer) => {
      chunks += 1;
      bytes += chunk.length;
    });
    const exit = await run.done;
    expect(exit.code).toBe(0);
    // Packet by packet, a 60 s clip is over 2,000 writes of well under 1 KiB.
    expect(bytes).toBeGreaterThan(900_000);
    expect(bytes / chunks).toBeGreaterThan(16 * 1024);
  });
});
