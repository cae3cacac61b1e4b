// The last five minutes of load as two lines: CPU % of the whole machine's
// threads and open connections, each on its own scale, with the maximum of
// each written at the top.
import { historyWindowMs, type HistoryPoint } from './history.js';

const width = 320;
const height = 90;

/** The height of `value` on a scale that runs to `top`. */
const yOf = (value: number, top: number) => height - (value / top) * (height - 8);

/** An SVG polyline through `values`, placed by time on the five-minute axis. */
function line(points: HistoryPoint[], value: (p: HistoryPoint) => number, top: number) {
  const end = points.at(-1)?.at ?? 0;
  return points
    .map((p) => {
      const x = width - ((end - p.at) / historyWindowMs) * width;
      const y = yOf(value(p), top);
      return `${x.toFixed(1)},${y.toFixed(1)}`;
    })
    .join(' ');
}

export function HistoryChart(props: { points: HistoryPoint[]; threads: number }) {
  const { points, threads } = props;

  // CPU runs to every thread busy; connections to the most seen, at least 4.
  const cpuTop = Math.max(100, threads * 100);
  const connTop = Math.max(4, ...points.map((p) => p.connections));
  const latest = points.at(-1);
  return (
    <figure class="history">
      <figcaption>
        Last 5 minutes: <span class="key cpu">CPU</span> (of {threads * 100} %),{' '}
        <span class="key conn">connections</span> (up to {connTop})
      </figcaption>
      <svg
        viewBox={`0 0 ${width} ${height}`}
        class="gauge-svg"
        role="img"
        aria-label="Load over the last five minutes"
        data-testid="history"
        data-points={String(points.length)}
      >
        <rect x={0} y={0} width={width} height={height} class="chart-bg" />
        {[0.25, 0.5, 0.75].map((f) => (
          <line key={f} x1={0} x2={width} y1={height * f} y2={height * f} class="grid" />
        ))}
        <polyline points={line(points, (p) => p.cpuPercent, cpuTop)} class="series cpu" />
        <polyline
          points={line(points, (p) => p.connections, connTop)}
          class="series conn"
        />
        {latest ? (
          <>
            <circle
              cx={width}
              cy={yOf(latest.cpuPercent, cpuTop)}
              r={2.5}
              class="dot cpu"
            />
            <circle
              cx={width}
              cy={yOf(latest.connections, connTop)}
              r={2.5}
              class="dot conn"
            />
          </>
        ) : null}
        <text x={3} y={height - 3} class="bar-note">
          −5 min
        </text>
        <text x={width - 3} y={height - 3} class="bar-note" text-anchor="end">
          now
        </text>
      </svg>
    </figure>
  );
}
