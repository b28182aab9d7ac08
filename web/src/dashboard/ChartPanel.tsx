import { useId } from 'react';
import { useLang } from '../lang.js';
import { Chart } from './Chart.js';
import { DataTable } from './DataTable.js';
import type { ChartOption } from './echarts.js';
import type { Row } from './tables.js';

/**
 * A titled chart with its accessible equivalent: ECharts' aria description on the drawing, and the same
 * numbers in a table that anyone can open (screen readers, keyboard users, anyone who wants exact figures).
 */
export function ChartPanel({
  title,
  option,
  rows,
  rowHeader,
  columns,
  testId,
  size,
  legend = [],
  wide = false,
}: {
  title: string;
  option: ChartOption;
  rows: Row[];
  rowHeader: string;
  columns: string[];
  testId: string;
  /** The drawing's height: a few bars, a list of names, a long list. */
  size: 'small' | 'medium' | 'large';
  /** The series of a chart with more than one, each with the swatch class its colour is drawn from. */
  legend?: { label: string; swatch: string }[];
  wide?: boolean;
}) {
  const { t } = useLang();
  const id = useId();
  // The first column is the period's count; others (open now) do not make a chart.
  const empty = rows.every((r) => (r.values[0] ?? 0) === 0);
  return (
    <section aria-labelledby={id} className={`panel${wide ? ' wide' : ''}`} data-testid={testId}>
      <h2 id={id}>{title}</h2>
      {empty && <p className="muted">{t('dashboard.chart.empty')}</p>}
      {!empty && legend.length > 0 && (
        <ul className="legend">
          {legend.map((item) => (
            <li key={item.swatch}>
              <span className={`swatch ${item.swatch}`} aria-hidden="true" /> {item.label}
            </li>
          ))}
        </ul>
      )}
      {/* Kept mounted while empty: the instance lives as long as the panel. */}
      <Chart option={option} className={empty ? 'empty' : size} />
      <details className="chart-data">
        <summary>{t('dashboard.table.show')}</summary>
        <DataTable
          caption={title}
          rowHeader={rowHeader}
          columns={columns}
          rows={rows}
          testId={`${testId}-table`}
        />
      </details>
    </section>
  );
}

/** What the chart says in words, for its aria description: "深刻度別のグラフ。緊急 2件、高 1件…". */
export function describeRows(title: string, rows: Row[], t: ReturnType<typeof useLang>['t']): string {
  const values = rows
    .filter((r) => r.level === 0)
    .map((r) => t('dashboard.chart.value', { label: r.label, n: r.values[0] ?? 0 }))
    .join(t('dashboard.chart.separator'));
  return t('dashboard.chart.description', { title, values: values || t('dashboard.chart.empty') });
}
