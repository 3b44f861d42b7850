/** A tiny inline-SVG line of daily counts: enough to see "steady", "new spike" or "gone quiet". */

/** A point of the line in SVG user units. */
export interface SparkPoint {
  readonly x: number;
  readonly y: number;
}

/** Points of a sparkline: evenly spaced left to right, the largest count touching the top. */
export function sparklinePoints(counts: readonly number[], width: number, height: number, pad = 1.5): SparkPoint[] {
  let max = 0;
  for (const c of counts) if (c > max) max = c;
  const usable = height - 2 * pad;
  const stepX = counts.length > 1 ? (width - 2 * pad) / (counts.length - 1) : 0;
  return counts.map((c, i) => ({
    x: round(pad + i * stepX),
    // SVG y grows downwards; zero sits on the bottom line.
    y: round(height - pad - (max > 0 ? (c / max) * usable : 0)),
  }));
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Props of `Sparkline`. */
export interface SparklineProps {
  /** Counts per day, oldest first. */
  readonly counts: readonly number[];
  readonly width?: number;
  readonly height?: number;
}

/** The line, with an accessible summary such as "5 reports in the last 30 days". */
export function Sparkline({ counts, width = 80, height = 20 }: SparklineProps) {
  const total = counts.reduce((a, b) => a + b, 0);
  const label = `${total} report${total === 1 ? '' : 's'} in the last ${counts.length} day${counts.length === 1 ? '' : 's'}`;
  const points = sparklinePoints(counts, width, height);
  const last = points[points.length - 1];
  return (
    <svg className="sparkline" role="img" aria-label={label} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
      <title>{label}</title>
      <line className="sparkline-base" x1={0} x2={width} y1={height - 0.5} y2={height - 0.5} />
      <polyline className="sparkline-line" points={points.map((p) => `${p.x},${p.y}`).join(' ')} />
      {last && (counts[counts.length - 1] ?? 0) > 0 && <circle className="sparkline-dot" cx={last.x} cy={last.y} r={1.8} />}
    </svg>
  );
}
