// The scanner's own file reader (audio-file.ts): music-metadata must see the
// same bytes through it as through its own parseFile, the duration check must
// count frames across its read windows, and a file that is not regular must
// fail at once instead of blocking a parse thread.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { parseFile, parseFromTokenizer, type IAudioMetadata } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { AudioFile } from '../../server/library/scanner/audio-file.js';
import { correctedDuration } from '../../server/library/scanner/durations.js';
import { fingerprint } from '../../server/library/scanner/fingerprint.js';
import { parseOptions } from '../../server/library/scanner/parse-options.js';
import { parseTask } from '../../server/library/scanner/parse-worker.js';
import { corpusDir, tempDir } from '../helpers/paths.js';

/** Files that make the parser loop: the hostile-file test runs them in threads. */
const loops = new Set(['CWE-835-01.aiff', 'CWE-835.wma']);
const notAudio = new Set(['MANIFEST.tsv', 'README.md', 'SHA256SUMS']);
const corpus = fs
  .readdirSync(corpusDir)
  .filter((name) => !loops.has(name) && !notAudio.has(name) && !name.endsWith('.txt'));

type Outcome =
  { metadata: Pick<IAudioMetadata, 'format' | 'common'> } | { error: string };

async function outcome(read: () => Promise<IAudioMetadata>): Promise<Outcome> {
  try {
    const { format, common } = await read();
    return { metadata: { format, common } };
  } catch (err) {
    // parseFile appends the path to some messages; the reason is what counts.
    return { error: String((err as Error).message).split(': /')[0]! };
  }
}

function throughAudioFile(file: string): Promise<IAudioMetadata> {
  const audio = AudioFile.open(file);
  return parseFromTokenizer(audio.tokenizer(), parseOptions()).finally(() =>
    audio.close(),
  );
}

describe('the scanner reader', () => {
  it('has corpus files to compare', () => expect(corpus.length).toBeGreaterThan(100));

  it.each(corpus)('reads %s as parseFile does', async (name) => {
    const file = path.join(corpusDir, name);
    const expected = await outcome(() => parseFile(file, parseOptions()));
    expect(await outcome(() => throughAudioFile(file))).toEqual(expected);
  });

  it('reads past the end as a short read, and fails a read that must be whole', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'ten.bin');
    fs.writeFileSync(file, Buffer.from('0123456789'));
    const audio = AudioFile.open(file);
    try {
      expect(audio.read(6, 100).toString()).toBe('6789');
      const tokenizer = audio.tokenizer();
      const target = new Uint8Array(8);
      const got = await tokenizer.peekBuffer(target, { position: 4, mayBeLess: true });
      expect(got).toBe(6);
      await expect(tokenizer.readBuffer(target, { position: 4 })).rejects.toThrow();
    } finally {
      audio.close();
    }
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.mp3');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const result = await parseTask({ path: fifo, size: 1, lrcPath: null, sniff: false });
    expect(result).toEqual({ kind: 'failed', reason: 'not a regular file' });
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('fingerprints the head and tail, so an edit in between keeps it', () => {
    const dir = tempDir();
    const file = path.join(dir, 'big.bin');
    const bytes = Buffer.alloc(100_000, 7);
    fs.writeFileSync(file, bytes);
    const print = () => {
      const audio = AudioFile.open(file);
      try {
        return fingerprint(audio);
      } finally {
        audio.close();
      }
    };
    const first = print();
    bytes[50_000] = 8;
    fs.writeFileSync(file, bytes);
    expect(print()).toBe(first);
    bytes[99_999] = 8;
    fs.writeFileSync(file, bytes);
    expect(print()).not.toBe(first);
  });
});

describe('frame counting', () => {
  it('counts a VBR MP3 without a Xing header across its read windows', async () => {
    // 20 s of silence (the lowest bitrate), then 80 s of noise: music-metadata
    // takes the first frames for CBR and estimates about four times too long.
    const dir = tempDir();
    const file = path.join(dir, 'vbr.mp3');
    const source = 'aevalsrc=if(lt(t\\,20)\\,0\\,random(0)-0.5):s=44100:d=100';
    execFileSync('ffmpeg', [
      ...['-v', 'error', '-f', 'lavfi', '-i', source, '-ac', '2'],
      ...['-c:a', 'libmp3lame', '-q:a', '0', '-write_xing', '0', file],
    ]);
    expect(fs.statSync(file).size).toBeGreaterThan(1024 * 1024);
    const metadata = await parseFile(file, parseOptions());
    expect(metadata.format.codecProfile).toBe('CBR');
    expect(metadata.format.duration).toBeGreaterThan(200);

    const audio = AudioFile.open(file);
    try {
      expect(correctedDuration(audio, metadata)).toBeCloseTo(100, 0);
    } finally {
      audio.close();
    }
  });
});
