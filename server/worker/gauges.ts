// Numbers a module in a worker wants the supervisor's metrics to show, such
// as the transcodes running in this process. Call reportGauge whenever the
// number changes; the heartbeat carries the latest values to the supervisor
// (or, in one-process mode, the local control reads them directly).
//
//   reportGauge('transcodes', running.size);
//
// Known names: 'transcodes' (ffmpeg processes running), 'transcodeCpu' (their
// CPU, in % of one thread), 'transcodeRss' (their RSS in all, bytes), 'streams' (plays being served). Other names are passed through as they are.

const gauges = new Map<string, number>();

/** Sets the current value of one gauge in this process. */
export function reportGauge(name: string, value: number): void {
  gauges.set(name, value);
}

/** Every gauge of this process, for the heartbeat. */
export function readGauges(): Record<string, number> {
  return Object.fromEntries(gauges);
}
