// The capacity model behind the settings window's load gauge (design.md §3).
//
// A pure function: given the worker count being edited and what is known about
// this machine, it projects how many people can listen at once, which
// resource runs out first, and how much memory that takes. It imports
// nothing, so the server, the settings page and the benchmarks all run the
// same arithmetic.
//
// Inputs, each either measured on this machine or assumed from KooZic's
// rules of thumb until a measurement exists:
//
//   input                 assumed                      measured from
//   workerRss             150 MiB per process (Odoo)   RSS of the running workers
//   mainRss               same as workerRss            RSS of the supervisor
//   usersPerWorker        15 per HTTP worker           headroom / workerCpuPerListener
//                                                      (else requestRatePerWorker /
//                                                      listenerRequestRate)
//   servingCpu            0 threads per listener       CPU of the dispatcher and the
//                         (the seed counted only       HTTP workers above idle, per
//                         transcodes)                  listener (capacity/serving.ts)
//   transcodeSpeed        48 s of audio per CPU s      calibration transcode, real plays
//                         (a 240 s track in 5 CPU s)
//   transcodeShare        1 (every play transcodes)    share of listening time with a
//                                                      transcode running (the gauge)
//   transcodeRss          30 MiB per ffmpeg            RSS of running ffmpeg processes
//
// Fixed inputs: workers (the value being edited), hardwareThreads and
// machineMemory (read from the OS by the caller), and the CPU headroom: the
// share of a thread that can be busy before streams start to stall. It is 1:
// players read 20-30 s ahead, so the household benchmark saw its first
// stalls only with the machine 90-100 % busy.
//
// Formula. Each resource gives the number of listeners it can carry alone:
//
//   byWorkers = max(1, workers) × usersPerWorker, and no more than
//               headroom / dispatcherCpuPerListener when that is measured
//               (each HTTP worker and the dispatcher is one thread; workers =
//               0 runs everything in the supervisor's process)
//   byCpu     = hardwareThreads × headroom / (transcodeShare / transcodeSpeed
//               + servingCpu)
//               (a transcoding listener costs 1 / transcodeSpeed of a thread;
//               ffmpeg runs beside the workers on any thread)
//   byRam     = (memoryBudget − processRam) / (transcodeShare × transcodeRss)
//               where memoryBudget = machineMemory × memoryBudgetShare (0.5:
//               Hearth shares the household computer) and processRam =
//               mainRss + (workers + 1 job worker) × workerRss, or mainRss
//               alone when workers = 0
//
// A resource that bounds nothing (no transcodes) gives Infinity. The
// projection is the smallest, rounded down; ties name the first of workers,
// cpu, ram. Projected RAM is processRam plus the ffmpeg processes of the
// projected listeners.

/** Where an input's value came from. */
export type InputSource = 'measured' | 'assumed';

/** The resources that can limit the number of listeners. */
export type Resource = 'workers' | 'cpu' | 'ram';

const MiB = 1024 * 1024;

/** KooZic's rules of thumb, used until this machine has measured its own. */
export const assumptions = {
  /** RSS of one worker process (Odoo's figure). */
  workerRssBytes: 150 * MiB,
  /** Concurrent users one HTTP worker carries. */
  usersPerWorker: 15,
  /** Seconds of audio one CPU second transcodes: 240 s of audio in 5 s. */
  transcodeSpeed: 240 / 5,
  /** Share of plays that need a transcode (KooZic transcoded every play). */
  transcodeShare: 1,
  /** RSS of one ffmpeg transcoding audio. */
  transcodeRssBytes: 30 * MiB,
  /**
   * Requests per second one listener sends on average: a stream per track,
   * cover art, now-playing updates and some browsing. Converts a measured
   * per-worker request rate into users per worker.
   */
  listenerRequestRate: 0.1,
  /** Share of the machine's memory Hearth plans to use. */
  memoryBudgetShare: 0.5,
  /** Threads one listener costs in the dispatcher and the HTTP workers. */
  servingCpuPerListener: 0,
  /** Share of each thread that can be busy before streams stall. */
  cpuHeadroom: 1,
} as const;

/** Measurements of this machine; any that is absent falls back to its assumption. */
export interface CapacityMeasurements {
  /** Mean RSS of the running HTTP workers, in bytes. */
  workerRssBytes?: number;
  /** RSS of the supervisor (the Electron main process or the headless server). */
  mainRssBytes?: number;
  /** Requests per second one worker serves at saturation (from the benchmark). */
  requestRatePerWorker?: number;
  /** Seconds of audio transcoded per CPU second (from calibration or real plays). */
  transcodeSpeed?: number;
  /** Share of listening time with a transcode running, 0..1. */
  transcodeShare?: number;
  /** Mean RSS of one running ffmpeg, in bytes. */
  transcodeRssBytes?: number;
  /** Threads one listener costs in the dispatcher and HTTP workers together. */
  servingCpuPerListener?: number;
  /** Threads one listener costs in the HTTP worker serving it. */
  workerCpuPerListener?: number;
  /** Threads one listener costs in the dispatcher. */
  dispatcherCpuPerListener?: number;
}

export interface CapacityInputs {
  /** HTTP worker count being projected (the slider's value). */
  workers: number;
  /** Hardware threads of the machine (os.availableParallelism()). */
  hardwareThreads: number;
  /** Total memory of the machine in bytes (os.totalmem()). */
  machineMemoryBytes: number;
  measured?: CapacityMeasurements;
}

/** One input as the model used it, with where it came from. */
export interface UsedInput {
  value: number;
  source: InputSource;
}

export interface CapacityProjection {
  /** Concurrent listeners the machine can carry with this worker count. */
  listeners: number;
  /** The resource that runs out first. */
  limitedBy: Resource;
  /** Listeners each resource could carry alone (Infinity: no bound). */
  limits: Record<Resource, number>;
  ram: {
    /** Memory of all Hearth processes at the projected listener count. */
    projectedBytes: number;
    /** The share of machine memory Hearth plans to use. */
    budgetBytes: number;
    machineBytes: number;
  };
  /** Every input the model used, marked measured or assumed. */
  inputs: {
    workerRssBytes: UsedInput;
    mainRssBytes: UsedInput;
    usersPerWorker: UsedInput;
    servingCpuPerListener: UsedInput;
    transcodeSpeed: UsedInput;
    transcodeShare: UsedInput;
    transcodeRssBytes: UsedInput;
  };
}

/** A measurement if it is a usable number, else the assumption. */
function pick(measured: number | undefined, assumed: number): UsedInput {
  return measured !== undefined && Number.isFinite(measured) && measured >= 0
    ? { value: measured, source: 'measured' }
    : { value: assumed, source: 'assumed' };
}

/** Resolves every model input from the measurements and the assumptions. */
export function resolveInputs(
  measured: CapacityMeasurements = {},
): CapacityProjection['inputs'] {
  const workerRss = pick(measured.workerRssBytes, assumptions.workerRssBytes);
  return {
    workerRssBytes: workerRss,
    mainRssBytes: pick(measured.mainRssBytes, workerRss.value),
    usersPerWorker: pick(usersPerWorker(measured), assumptions.usersPerWorker),
    servingCpuPerListener: pick(
      measured.servingCpuPerListener,
      assumptions.servingCpuPerListener,
    ),
    transcodeSpeed: pick(measured.transcodeSpeed, assumptions.transcodeSpeed),
    transcodeShare: pick(
      measured.transcodeShare === undefined
        ? undefined
        : Math.min(1, measured.transcodeShare),
      assumptions.transcodeShare,
    ),
    transcodeRssBytes: pick(measured.transcodeRssBytes, assumptions.transcodeRssBytes),
  };
}

/** Listeners one worker's thread carries: from its CPU per listener, else its request rate. */
function usersPerWorker(measured: CapacityMeasurements): number | undefined {
  const cpu = measured.workerCpuPerListener;
  if (cpu !== undefined && cpu > 0) return assumptions.cpuHeadroom / cpu;
  const rate = measured.requestRatePerWorker;
  return rate === undefined ? undefined : rate / assumptions.listenerRequestRate;
}

/** Divides, treating a zero cost as "no bound" and a negative room as zero. */
function perCost(room: number, cost: number): number {
  if (room <= 0) return 0;
  return cost > 0 ? room / cost : Infinity;
}

/** Projects concurrent listeners for a worker count. Pure; see the formula above. */
export function projectCapacity(input: CapacityInputs): CapacityProjection {
  const inputs = resolveInputs(input.measured);
  const workers = Math.max(0, Math.floor(input.workers));
  const share = inputs.transcodeShare.value;

  // 1. Memory: the processes themselves, then what each listener adds.
  const budgetBytes = input.machineMemoryBytes * assumptions.memoryBudgetShare;
  const children = workers === 0 ? 0 : workers + 1;
  const processRam = inputs.mainRssBytes.value + children * inputs.workerRssBytes.value;
  const ramPerListener = share * inputs.transcodeRssBytes.value;

  // 2. What each resource carries alone.
  const headroom = assumptions.cpuHeadroom;
  const dispatcher = input.measured?.dispatcherCpuPerListener;
  const byDispatcher =
    workers > 0 && dispatcher !== undefined && dispatcher > 0
      ? headroom / dispatcher
      : Infinity;
  const transcodeCpu = share > 0 ? share / inputs.transcodeSpeed.value : 0;
  const cpuPerListener = transcodeCpu + inputs.servingCpuPerListener.value;
  const limits: Record<Resource, number> = {
    workers: Math.min(Math.max(1, workers) * inputs.usersPerWorker.value, byDispatcher),
    cpu: perCost(input.hardwareThreads * headroom, cpuPerListener),
    ram: perCost(budgetBytes - processRam, ramPerListener),
  };

  // 3. The first resource to run out sets the projection.
  const order: Resource[] = ['workers', 'cpu', 'ram'];
  const limitedBy = order.reduce((low, r) => (limits[r] < limits[low] ? r : low));
  const listeners = Math.floor(limits[limitedBy]);
  return {
    listeners,
    limitedBy,
    limits,
    ram: {
      projectedBytes: processRam + listeners * ramPerListener,
      budgetBytes,
      machineBytes: input.machineMemoryBytes,
    },
    inputs,
  };
}
