// Whether a process still runs, for the files a process leaves behind when
// it dies without cleaning up (the data folder's lock, the socket folders).

/** True while a process with this pid exists (it may be another user's). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
