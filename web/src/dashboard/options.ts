import { baseOption, type ChartOption, gridOf, type Palette } from './echarts.js';
import type { OrgGroup, Row } from './tables.js';

// ECharts options drawn from the same rows as the tables. Axis names are short; the tables carry full names.

const axisStyle = (p: Palette) => ({
  axisLine: { lineStyle: { color: p.muted } },
  axisLabel: { color: p.ink },
  splitLine: { lineStyle: { color: p.line, opacity: 0.5 } },
});

/** Counts as bars, one colour per bar (severity) or the accent for all; the value is written at the bar's end. */
export function barOption(
  rows: Row[],
  p: Palette,
  description: string,
  seriesName: string,
  colour: (row: Row) => string = () => p.accent,
): ChartOption {
  return {
    ...baseOption(p, description),
    xAxis: { type: 'value', minInterval: 1, ...axisStyle(p) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: rows.map((r) => r.axis),
      ...axisStyle(p),
      axisLabel: { color: p.ink, width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: seriesName,
        data: rows.map((r) => ({ value: r.values[0] ?? 0, itemStyle: { color: colour(r) } })),
        label: { show: true, position: 'right', color: p.ink },
        barMaxWidth: 28,
      },
    ],
  };
}

/** The busiest ministries, each bar split into the ministry's own incidents and its agencies'. */
export function orgOption(
  groups: OrgGroup[],
  p: Palette,
  description: string,
  names: { own: string; agencies: string },
): ChartOption {
  return {
    ...baseOption(p, description),
    grid: gridOf({ top: 8, right: 24 }),
    xAxis: { type: 'value', minInterval: 1, ...axisStyle(p) },
    yAxis: {
      type: 'category',
      inverse: true,
      data: groups.map((g) => g.label),
      ...axisStyle(p),
      axisLabel: { color: p.ink, width: 120, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        stack: 'org',
        name: names.own,
        data: groups.map((g) => g.own),
        color: p.accent,
        barMaxWidth: 28,
      },
      {
        type: 'bar',
        stack: 'org',
        name: names.agencies,
        data: groups.map((g) => g.agencies),
        color: p.second,
        barMaxWidth: 28,
        // Stripes tell the two parts apart without their colour.
        itemStyle: {
          decal: {
            symbol: 'rect',
            color: p.paper,
            dashArrayX: [1, 0],
            dashArrayY: [2, 4],
            rotation: -Math.PI / 4,
          },
        },
      },
    ],
  };
}

/** Incidents per day (or month) as a line, the value written over each point. */
export function trendOption(rows: Row[], p: Palette, description: string, seriesName: string): ChartOption {
  return {
    ...baseOption(p, description),
    grid: gridOf({ top: 24, right: 16 }),
    xAxis: { type: 'category', data: rows.map((r) => r.axis), boundaryGap: rows.length < 2, ...axisStyle(p) },
    yAxis: { type: 'value', minInterval: 1, ...axisStyle(p) },
    series: [
      {
        type: 'line',
        name: seriesName,
        data: rows.map((r) => r.values[0] ?? 0),
        color: p.accent,
        symbolSize: 7,
        label: { show: rows.length <= 31, position: 'top', color: p.ink },
        areaStyle: { opacity: 0.12 },
      },
    ],
  };
}
