import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** One metric over time, drawn by uPlot (canvas); the numbers are also in the table beside it. */
export function LineChart({ title, times, values, percent }: { title: string; times: readonly number[]; values: readonly number[]; percent?: boolean }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current!;
    const width = Math.max(240, el.clientWidth || 320);
    const chart = new uPlot(
      {
        width,
        height: 160,
        legend: { show: false },
        cursor: { drag: { x: false, y: false } },
        scales: { x: { time: true } },
        axes: [{ stroke: '#334155' }, { stroke: '#334155', values: (_u, ticks) => ticks.map((t) => (percent ? `${Math.round(t * 100)}%` : String(t))) }],
        series: [{}, { label: title, stroke: '#1d4ed8', width: 2, points: { show: true, size: 6 } }],
      },
      [times.map((t) => t / 1000), [...values]],
      el,
    );
    return () => chart.destroy();
  }, [title, times, values, percent]);
  return <div ref={box} className="chart" role="img" aria-label={`${title} over time: ${values.map((v) => (percent ? `${Math.round(v * 100)}%` : v)).join(', ')}`} />;
}
