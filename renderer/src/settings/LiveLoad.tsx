// The live half of the load gauge: what the server carries right now
// (connections, streams, transcodes, CPU), the memory of each process as a
// bar, and the five-minute history.
import { formatBytes } from './format.js';
import { HistoryChart } from './HistoryChart.js';
import type { HistoryPoint } from './history.js';
import type { MetricsSnapshot, ProcessMetrics } from './types.js';

const width = 320;
const rowHeight = 20;

function Counter(props: { name: string; value: string; id: string }) {
  return (
    <div class="counter">
      <span class="count" data-testid={`live-${props.id}`}>
        {props.value}
      </span>
      <span class="count-name">{props.name}</span>
    </div>
  );
}

/** One bar per process, its length its RSS against the soft memory limit. */
function ProcessBars(props: { processes: ProcessMetrics[]; softLimitBytes: number }) {
  const { processes, softLimitBytes } = props;
  const top = Math.max(softLimitBytes, ...processes.map((p) => p.rssBytes));
  const labelWidth = 132;
  const room = width - labelWidth;
  return (
    <svg
      viewBox={`0 0 ${width} ${processes.length * rowHeight + 18}`}
      class="gauge-svg"
      role="img"
      aria-label="Memory per process"
      data-testid="process-bars"
    >
      {processes.map((p, i) => {
        const y = i * rowHeight + 4;
        return (
          <g key={`${p.slot}-${p.pid}`} data-slot={p.slot} data-pid={String(p.pid ?? '')}>
            <text x={0} y={y + 11} class={`bar-label state-${p.state}`}>
              {p.slot} {p.pid ?? '-'}
              {p.state === 'ready' ? '' : ` ${p.state}`}
            </text>
            <rect
              x={labelWidth}
              y={y}
              width={room}
              height={14}
              rx={3}
              class="bar-track"
            />
            <rect
              x={labelWidth}
              y={y}
              width={Math.max(1, (p.rssBytes / top) * room)}
              height={14}
              rx={3}
              class={p.role === 'supervisor' ? 'bar-fill main' : 'bar-fill'}
            />
            <text x={width - 4} y={y + 11} class="bar-value" text-anchor="end">
              {formatBytes(p.rssBytes)} · {Math.round(p.cpuPercent)} %
            </text>
          </g>
        );
      })}
      <line
        x1={labelWidth + (softLimitBytes / top) * room}
        x2={labelWidth + (softLimitBytes / top) * room}
        y1={0}
        y2={processes.length * rowHeight + 4}
        class="marker"
      />
      <text
        x={labelWidth + (softLimitBytes / top) * room}
        y={processes.length * rowHeight + 14}
        class="bar-note"
        text-anchor="end"
      >
        soft limit {formatBytes(softLimitBytes)}
      </text>
    </svg>
  );
}

export function LiveLoad(props: {
  snapshot: MetricsSnapshot | null;
  history: HistoryPoint[];
  threads: number;
  softLimitMiB: number;
}) {
  const { snapshot, history, threads } = props;
  if (!snapshot) {
    return (
      <section class="card live" aria-label="Live load">
        <h2>Live load</h2>
        <p class="muted">Waiting for the first sample…</p>
      </section>
    );
  }
  const totals = snapshot.totals;
  return (
    <section class="card live" aria-label="Live load">
      <h2>Live load</h2>
      <div class="counters">
        <Counter
          id="connections"
          name="connections"
          value={String(totals.openConnections)}
        />
        <Counter id="streams" name="streams" value={String(totals.activeStreams)} />
        <Counter
          id="transcodes"
          name="transcodes"
          value={String(totals.activeTranscodes)}
        />
        <Counter id="cpu" name="CPU" value={`${Math.round(totals.cpuPercent)} %`} />
        <Counter id="rss" name="memory" value={formatBytes(totals.rssBytes)} />
      </div>
      <ProcessBars
        processes={snapshot.processes}
        softLimitBytes={props.softLimitMiB * 1024 * 1024}
      />
      <HistoryChart points={history} threads={threads} />
    </section>
  );
}
