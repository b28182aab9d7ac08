import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption } from 'echarts/charts';
import {
  AriaComponent,
  type AriaComponentOption,
  GridComponent,
  type GridComponentOption,
} from 'echarts/components';
import { type ComposeOption, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

// Only what the dashboard draws is bundled, and only in its lazy chunk. The SVG renderer builds its elements
// with createElementNS and sets styles through the CSSOM, which the app's CSP (style-src 'self') allows.
// No tooltip (every value is written on the chart, and ECharts' HTML tooltips are parsed HTML with style
// attributes, which the CSP refuses) and no legend (the panel's own HTML legend is readable by everyone):
// together they would add some 14 kB gzipped.
use([BarChart, LineChart, GridComponent, AriaComponent, SVGRenderer]);

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | GridComponentOption | AriaComponentOption
>;

/** The design tokens a chart is drawn with, read from the stylesheet so that charts follow it. */
export interface Palette {
  ink: string;
  muted: string;
  line: string;
  paper: string;
  accent: string;
  /** The second series: orange against the accent blue, told apart with any colour vision. */
  second: string;
  severity: Record<string, string>;
  font: string;
}

/** Reads the palette from the CSS variables of the document (app.css and the Digital Agency tokens). */
export function readPalette(): Palette {
  const root = getComputedStyle(document.documentElement);
  const token = (name: string) => root.getPropertyValue(name).trim();
  return {
    ink: token('--ink'),
    muted: token('--muted'),
    line: token('--line'),
    paper: token('--paper'),
    accent: token('--accent'),
    second: token('--color-primitive-orange-700'),
    // The hues of SeverityBadge, dark enough to stand 3:1 against the paper.
    severity: {
      low: token('--ok'),
      medium: token('--color-primitive-yellow-800'),
      high: token('--color-primitive-orange-800'),
      critical: token('--bad'),
      none: token('--muted'),
    },
    font: getComputedStyle(document.body).fontFamily,
  };
}

/** Options every chart shares: the aria description, readable text, no motion for those who asked for none. */
export function baseOption(palette: Palette, description: string): ChartOption {
  return {
    aria: { enabled: true, label: { enabled: true, description } },
    animation: !window.matchMedia('(prefers-reduced-motion: reduce)').matches,
    textStyle: { fontFamily: palette.font, color: palette.ink, fontSize: 13 },
    grid: gridOf({ top: 16, right: 24 }),
  };
}

/** A grid whose margins hold the axis labels (long body names included) inside the box. */
export const gridOf = (margins: { top: number; right: number }) => ({
  left: 8,
  bottom: 8,
  ...margins,
  outerBoundsMode: 'same' as const,
  outerBoundsContain: 'axisLabel' as const,
});
