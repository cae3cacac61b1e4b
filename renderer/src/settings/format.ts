// How the settings page writes numbers: memory in MiB or GiB, listener
// counts with "no limit" for a resource that bounds nothing.

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

/** Bytes as "512 MiB" or "3.5 GiB". */
export function formatBytes(bytes: number): string {
  if (bytes >= GiB) return `${(bytes / GiB).toFixed(bytes >= 10 * GiB ? 0 : 1)} GiB`;
  return `${Math.round(bytes / MiB)} MiB`;
}

/** A listener count; Infinity is a resource that limits nothing. */
export function formatListeners(count: number): string {
  return Number.isFinite(count) ? String(Math.floor(count)) : 'no limit';
}

/** The resource names as the gauge says them. */
export const resourceLabels = {
  workers: 'HTTP workers',
  cpu: 'CPU for transcoding',
  ram: 'memory',
} as const;
