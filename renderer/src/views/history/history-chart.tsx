/** The stacked bar chart (recharts), sized to its container; clicking a segment shows its reports. */
import { useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import type { History, HistoryBucket } from '../../../../shared/history';
import { formatPeriod, formatTick } from './history-model';

/** Props of `HistoryChart`. */
export interface HistoryChartProps {
  readonly history: History;
  readonly colors: Readonly<Record<string, string>>;
  /** A segment was clicked: its bucket and series. */
  readonly onSelect: (bucket: HistoryBucket, series: string) => void;
}

const HEIGHT = 260;

/** Width of an element, kept current with a ResizeObserver (ResponsiveContainer needs real layout). */
function useWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width ?? el.clientWidth;
      setWidth(Math.floor(w));
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return width;
}

/** The chart and its legend. Colours and the tooltip follow the theme through CSS (history.css). */
export function HistoryChart({ history, colors, onSelect }: HistoryChartProps) {
  const ref = useRef<HTMLDivElement>(null);
  const width = useWidth(ref);
  // recharts wants a mutable array type; the buckets are never changed by it.
  const data = history.buckets as HistoryBucket[];
  return (
    <figure className="history-figure">
      <div ref={ref} className="history-chart" data-testid="history-chart">
        {width > 0 && (
          <BarChart width={width} height={HEIGHT} data={data} margin={{ top: 8, right: 12, bottom: 0, left: 0 }} barCategoryGap="12%">
            <CartesianGrid vertical={false} />
            <XAxis dataKey="start" tickFormatter={formatTick} minTickGap={18} />
            <YAxis allowDecimals={false} width={40} />
            <Tooltip
              isAnimationActive={false}
              labelFormatter={(label) => formatPeriod(String(label), history.period)}
              contentStyle={{ background: 'var(--bg-raised)', border: '1px solid var(--border)', borderRadius: 4, color: 'var(--fg)' }}
            />
            {history.series.map((s) => (
              <Bar
                key={s}
                dataKey={(b: HistoryBucket) => b.counts[s] ?? 0}
                name={history.labels[s] ?? s}
                stackId="reports"
                fill={colors[s]}
                isAnimationActive={false}
                cursor="pointer"
                onClick={(_item, index) => {
                  const bucket = history.buckets[index];
                  if (bucket) onSelect(bucket, s);
                }}
              />
            ))}
          </BarChart>
        )}
      </div>
      <figcaption>
        <ul className="history-legend" aria-label="Series">
          {history.series.map((s) => (
            <li key={s}>
              <svg width="10" height="10" aria-hidden="true">
                <rect width="10" height="10" rx="2" fill={colors[s]} />
              </svg>
              {history.labels[s] ?? s} <span className="muted">({history.totals[s] ?? 0})</span>
            </li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
