// The projection half of the load gauge: for the worker count on the slider
// (applied or not), how many people can listen at once, which resource runs
// out first, and the memory that takes against the machine's. Drawn as bars
// so it reads at a glance; the numbers sit beside them.
import {
  projectCapacity,
  type CapacityProjection,
  type Resource,
} from '../../../server/capacity/model.js';
import { formatBytes, formatListeners, resourceLabels } from './format.js';
import type { CapacityContext } from './types.js';

const resources: Resource[] = ['workers', 'cpu', 'ram'];
const width = 320;

/** One resource's bar: its length is what it carries alone, on a shared scale. */
function LimitBar(props: {
  resource: Resource;
  value: number;
  scale: number;
  y: number;
  limiting: boolean;
}) {
  const { resource, value, scale, y, limiting } = props;
  const length = Number.isFinite(value) ? Math.max(2, (value / scale) * width) : width;
  return (
    <g data-testid={`limit-${resource}`} data-value={String(value)}>
      <text x={0} y={y - 4} class="bar-label">
        {resourceLabels[resource]}: {formatListeners(value)}
      </text>
      <rect x={0} y={y} width={width} height={12} rx={3} class="bar-track" />
      <rect
        x={0}
        y={y}
        width={Math.min(width, length)}
        height={12}
        rx={3}
        class={limiting ? 'bar-fill limiting' : 'bar-fill'}
      />
    </g>
  );
}

/** Which resource bounds the listeners, and how far each would go alone. */
function Limits({ projection }: { projection: CapacityProjection }) {
  // The scale runs a little past the largest finite limit, but at most to
  // four times the projection, so the limiting bar is always the shortest
  // and the others show their headroom (a bar cut at the edge has more).
  const finite = resources.map((r) => projection.limits[r]).filter(Number.isFinite);
  const top = Math.min(Math.max(...finite, 1), Math.max(1, projection.listeners) * 4);
  const scale = Math.max(1, top * 1.1);
  const marker = (projection.listeners / scale) * width;
  return (
    <svg
      viewBox={`0 0 ${width} 118`}
      class="gauge-svg"
      role="img"
      aria-label="Limits per resource"
    >
      {resources.map((resource, i) => (
        <LimitBar
          key={resource}
          resource={resource}
          value={projection.limits[resource]}
          scale={scale}
          y={20 + i * 36}
          limiting={resource === projection.limitedBy}
        />
      ))}
      <line x1={marker} x2={marker} y1={18} y2={118} class="marker" />
    </svg>
  );
}

/** Projected memory against the machine's, with Hearth's budget marked. */
function RamBar({ projection }: { projection: CapacityProjection }) {
  const { projectedBytes, budgetBytes, machineBytes } = projection.ram;
  const at = (bytes: number) => Math.min(width, (bytes / machineBytes) * width);
  return (
    <figure class="gauge-ram">
      <figcaption>
        Projected memory{' '}
        <strong data-testid="projected-ram" data-value={String(projectedBytes)}>
          {formatBytes(projectedBytes)}
        </strong>{' '}
        of {formatBytes(machineBytes)}
      </figcaption>
      <svg
        viewBox={`0 0 ${width} 30`}
        class="gauge-svg"
        role="img"
        aria-label="Projected memory"
      >
        <rect x={0} y={4} width={width} height={16} rx={3} class="bar-track" />
        <rect
          x={0}
          y={4}
          width={Math.max(2, at(projectedBytes))}
          height={16}
          rx={3}
          class={projectedBytes > budgetBytes ? 'bar-fill over' : 'bar-fill'}
        />
        <line x1={at(budgetBytes)} x2={at(budgetBytes)} y1={0} y2={24} class="marker" />
        <text x={at(budgetBytes) + 3} y={30} class="bar-note">
          budget {formatBytes(budgetBytes)}
        </text>
      </svg>
    </figure>
  );
}

const inputLabels: Record<keyof CapacityProjection['inputs'], (v: number) => string> = {
  workerRssBytes: (v) => `${formatBytes(v)} per worker`,
  mainRssBytes: (v) => `${formatBytes(v)} supervisor`,
  usersPerWorker: (v) => `${Math.round(v)} listeners per worker`,
  servingCpuPerListener: (v) => `${(v * 100).toFixed(2)} % of a thread per listener`,
  transcodeSpeed: (v) => `transcodes at ${Math.round(v)}× real time per thread`,
  transcodeShare: (v) => `transcoding ${Math.round(v * 100)} % of listening time`,
  transcodeRssBytes: (v) => `${formatBytes(v)} per ffmpeg`,
};

/** Every model input, marked measured on this machine or assumed. */
function Inputs({ projection }: { projection: CapacityProjection }) {
  const names = Object.keys(inputLabels) as (keyof CapacityProjection['inputs'])[];
  return (
    <ul class="inputs" aria-label="Model inputs">
      {names.map((name) => {
        const input = projection.inputs[name];
        return (
          <li
            key={name}
            class={input.source}
            data-testid={`input-${name}`}
            data-source={input.source}
          >
            <span class="source">{input.source}</span> {inputLabels[name](input.value)}
          </li>
        );
      })}
    </ul>
  );
}

/** The projection for `workers` on this machine. */
export function Projection(props: { context: CapacityContext; workers: number }) {
  const { context, workers } = props;
  const projection = projectCapacity({
    workers,
    hardwareThreads: context.machine.threads,
    machineMemoryBytes: context.machine.memoryBytes,
    measured: context.measured,
  });
  return (
    <section class="card gauge" aria-label="Projected capacity">
      <h2>Capacity with {workers} workers</h2>
      <p class="headline">
        <strong
          data-testid="projected-listeners"
          data-value={String(projection.listeners)}
        >
          {projection.listeners}
        </strong>{' '}
        listeners at once, limited by{' '}
        <strong data-testid="limited-by" data-value={projection.limitedBy}>
          {resourceLabels[projection.limitedBy]}
        </strong>
      </p>
      <Limits projection={projection} />
      <RamBar projection={projection} />
      <Inputs projection={projection} />
    </section>
  );
}
