// The folders the file watcher saw change, waiting to be rescanned. Changes
// come in bursts (an album copied in is dozens of events), so a rescan is
// asked for only when the folder has been quiet for `quietMs`, or at the
// latest `maxWaitMs` after the first change of a burst, so a long copy still
// shows up as it goes. When the rescan cannot be queued (one is running),
// it is asked for again after another quiet period; the folders stay here
// until the rescan job takes them.

export interface ChangedFoldersOptions {
  quietMs: number;
  maxWaitMs: number;
  /** Asks for a rescan; false when it could not be queued now. */
  request: () => boolean;
}

export class ChangedFolders {
  private readonly pending = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private burstStartedAt: number | null = null;
  private closed = false;

  constructor(private readonly options: ChangedFoldersOptions) {}

  /** Notes changed folders and (re)arms the quiet timer. */
  add(...folders: string[]): void {
    if (this.closed || folders.length === 0) return;
    for (const folder of folders) this.pending.add(folder);
    this.burstStartedAt ??= Date.now();
    this.arm();
  }

  /** Every pending folder, leaving none. */
  take(): string[] {
    const folders = [...this.pending];
    this.pending.clear();
    return folders;
  }

  get size(): number {
    return this.pending.size;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
  }

  private arm(): void {
    if (this.timer) clearTimeout(this.timer);
    const deadline = (this.burstStartedAt ?? Date.now()) + this.options.maxWaitMs;
    const wait = Math.max(0, Math.min(this.options.quietMs, deadline - Date.now()));
    this.timer = setTimeout(() => this.fire(), wait);
    this.timer.unref();
  }

  private fire(): void {
    this.timer = null;
    this.burstStartedAt = null;
    if (this.closed || this.pending.size === 0) return;
    if (this.options.request()) return;
    // A rescan is already queued or running: look again after a quiet period.
    this.burstStartedAt = Date.now();
    this.arm();
  }
}
