// ffmpeg runs below the worker that started it, so a burst of new transcodes
// cannot crowd the HTTP workers off the cores: requests wait on nothing, and
// transcodes spend the read-ahead their players hold.
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/paths.js';
import { heldTranscode, makeClip } from './helpers.js';

const clip = makeClip(path.join(tempDir(), 'clip.flac'), 60);

describe('ffmpeg priority', () => {
  it('is below the priority of the process that starts it', async () => {
    const run = heldTranscode(clip);
    const ours = os.getPriority();
    const its = os.getPriority(run.pid!);
    run.kill('test over');
    await run.done;
    expect(ours).toBe(os.constants.priority.PRIORITY_NORMAL);
    expect(its).toBe(os.constants.priority.PRIORITY_BELOW_NORMAL);
  });
});
