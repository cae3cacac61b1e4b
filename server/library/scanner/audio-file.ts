// One audio file open in a parse thread, read with blocking positional reads.
// A parse thread exists to do blocking work: each synchronous read is one
// pread(2) on the thread itself, where music-metadata's own file reader
// sends every read through libuv's shared thread pool and waits a round trip
// for it. Tags are read in many small pieces, so those round trips, not the
// parsing, set the pace of a scan. The tag parse, the fingerprint and the
// duration check all read through the one descriptor opened here.
import fs from 'node:fs';
import { AbstractTokenizer, EndOfStreamError, type IFileInfo } from 'strtok3';
import type { IReadChunkOptions } from 'strtok3';

/** Opened without blocking, so a FIFO swapped in after the walk cannot hang. */
const openFlags = fs.constants.O_RDONLY | fs.constants.O_NONBLOCK;

export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
  readonly code = 'EISDIR';
}

export class AudioFile {
  readonly size: number;
  private closed = false;

  private constructor(
    readonly path: string,
    private readonly fd: number,
  ) {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) {
      fs.closeSync(fd);
      throw new NotRegularFileError('not a regular file');
    }
    this.size = stat.size;
  }

  /** Opens a regular file; throws the fs error (ENOENT, EACCES...) otherwise. */
  static open(path: string): AudioFile {
    return new AudioFile(path, fs.openSync(path, openFlags));
  }

  /** Up to `length` bytes from `position` (fewer at the end of the file). */
  read(position: number, length: number): Buffer {
    const buffer = Buffer.allocUnsafe(Math.max(0, length));
    const got = this.readInto(buffer, 0, buffer.length, position);
    return buffer.subarray(0, got);
  }

  /** Fills `target` from `position`, looping over short reads; stops at the end. */
  readInto(target: Uint8Array, offset: number, length: number, position: number): number {
    let done = 0;
    while (done < length) {
      const got = fs.readSync(
        this.fd,
        target,
        offset + done,
        length - done,
        position + done,
      );
      if (got === 0) break;
      done += got;
    }
    return done;
  }

  /** A music-metadata tokenizer over this file. */
  tokenizer(): FileTokenizer {
    return new FileTokenizer(this, { path: this.path, size: this.size });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    fs.closeSync(this.fd);
  }
}

/** strtok3's tokenizer contract over an AudioFile's blocking reads. */
export class FileTokenizer extends AbstractTokenizer {
  constructor(
    private readonly file: AudioFile,
    readonly fileInfo: IFileInfo,
  ) {
    super();
  }

  async readBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    const chunk = this.normalizeOptions(target, options);
    this.position = chunk.position;
    const got = this.fill(target, chunk);
    this.position += got;
    return got;
  }

  async peekBuffer(target: Uint8Array, options?: IReadChunkOptions): Promise<number> {
    return this.fill(target, this.normalizeOptions(target, options));
  }

  setPosition(position: number): void {
    this.validateLength(position, 'position');
    this.position = position;
  }

  supportsRandomAccess(): boolean {
    return true;
  }

  private fill(
    target: Uint8Array,
    chunk: { length: number; position: number; mayBeLess?: boolean },
  ): number {
    const got = this.file.readInto(target, 0, chunk.length, chunk.position);
    if (!chunk.mayBeLess && got < chunk.length) throw new EndOfStreamError();
    return got;
  }
}
