import { useId, useMemo } from 'react';
import { Chart } from '../dashboard/Chart.js';
import { baseOption, type ChartOption, gridOf, readPalette } from '../dashboard/echarts.js';
import { useLang } from '../lang.js';

/** One chart's bars: a label and a count each, in the order the server's table has them. */
export interface Bars {
  key: string;
  label: string;
  count: number;
}

/**
 * A trend as a chart and, beside it, the table of the same numbers (the table is the reference: screen readers,
 * keyboards and anyone who wants exact figures read it; the drawing has the same numbers in its aria description).
 */
export function TrendPanel({ name, title, bars }: { name: string; title: string; bars: Bars[] }) {
  const { t } = useLang();
  const id = useId();
  const horizontal = name === 'category';
  const option = useMemo<ChartOption>(() => {
    const palette = readPalette();
    const values = bars.map((b) => t('annual.chart.value', { label: b.label, n: b.count })).join(', ');
    const names = { type: 'category' as const, data: bars.map((b) => b.label), axisLabel: { interval: 0 } };
    const counts = { type: 'value' as const, minInterval: 1 };
    return {
      ...baseOption(palette, t('annual.chart.description', { title, values })),
      grid: gridOf({ top: 16, right: 32 }),
      xAxis: horizontal ? counts : names,
      yAxis: horizontal ? { ...names, inverse: true } : counts,
      series: [
        {
          type: 'bar',
          data: bars.map((b) => b.count),
          itemStyle: { color: palette.accent },
          label: { show: true, position: horizontal ? 'right' : 'top', color: palette.ink },
        },
      ],
    };
  }, [bars, horizontal, t, title]);
  return (
    <section aria-labelledby={id} className="panel annual-trend" data-testid={`annual-${name}`}>
      <h3 id={id}>{title}</h3>
      <div className="annual-trend-body">
        <Chart option={option} className={horizontal && bars.length > 6 ? 'large' : 'medium'} />
        <table className="data-table" data-testid={`annual-${name}-table`}>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{t('annual.col.label')}</th>
              <th scope="col">{t('annual.col.count')}</th>
            </tr>
          </thead>
          <tbody>
            {bars.map((b) => (
              <tr key={b.key}>
                <th scope="row">{b.label}</th>
                <td>{b.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
