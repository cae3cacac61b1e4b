// Where scheduled jobs keep what must survive the job worker: each job's last
// checkpoint, its last run, and whether a run was in progress (so a run cut
// short by a kill resumes at the next start). One small JSON file in the data
// folder, written atomically; only the job worker writes it.
import fs from 'node:fs';
import path from 'node:path';
import { logger } from '../log.js';
import type { JobRun } from '../supervisor/protocol.js';

const log = logger('jobs');

export interface StoredJob {
  checkpoint: unknown;
  lastRun: JobRun | null;
  /** True while a run is in progress; still true at start-up means it was cut short. */
  running: boolean;
  /** The checkpoint (as JSON) at which a run was last cut short. */
  cutAt?: string | null;
}

const empty: StoredJob = { checkpoint: null, lastRun: null, running: false };

export class JobStore {
  private readonly jobs: Record<string, StoredJob>;

  constructor(private readonly file: string | null) {
    this.jobs = file ? readJobs(file) : {};
  }

  get(name: string): StoredJob {
    return this.jobs[name] ?? empty;
  }

  update(name: string, patch: Partial<StoredJob>): void {
    this.jobs[name] = { ...this.get(name), ...patch };
    if (this.file) writeAtomically(this.file, JSON.stringify(this.jobs, null, 1));
  }
}

function readJobs(file: string): Record<string, StoredJob> {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, StoredJob>;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      log.warn({ err }, 'job state unreadable: starting fresh');
    }
    return {};
  }
}

/** Write then rename, so a kill mid-write leaves the previous file intact. */
function writeAtomically(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, text);
  fs.renameSync(temporary, file);
}
