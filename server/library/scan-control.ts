// Placeholder until the scanner lands: reports an idle scan and starts nothing.
import type { ScanControl, ScanStatus } from '../http/deps.js';

const idle: ScanStatus = {
  running: false,
  done: 0,
  total: 0,
  currentFolder: null,
  startedAt: null,
  finishedAt: null,
  lastResult: null,
};

export function createLocalScanControl(): ScanControl {
  return { start: () => ({ started: false }), status: () => idle };
}
