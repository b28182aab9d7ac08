import { BarChart } from 'echarts/charts';
import { AriaComponent, GridComponent } from 'echarts/components';
import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { Trends } from './annual.numbers.js';

// The report's charts, drawn on the server: ECharts' server-side rendering to an SVG string (no DOM, no script),
// and the same series for the PDF's vector bars, so that a chart, its table and the PDF show one set of numbers.
use([BarChart, GridComponent, AriaComponent, SVGRenderer]);

type Lang = 'ja' | 'en';

/** The report's charts, by the name their address carries. */
export const CHART_NAMES = ['month', 'category', 'severity', 'kind', 'year'] as const;
export type ChartName = (typeof CHART_NAMES)[number];

const TITLES: Record<Lang, Record<ChartName, string>> = {
  ja: {
    month: '月別の事案数',
    category: '分類別の事案数',
    severity: '深刻度別の事案数',
    kind: '機関の種別ごとの事案数',
    year: '年度別の事案数（前年度までとの比較）',
  },
  en: {
    month: 'Incidents by month',
    category: 'Incidents by category',
    severity: 'Incidents by severity',
    kind: 'Incidents by kind of body',
    year: 'Incidents by fiscal year (compared with earlier years)',
  },
};
const NONE = { ja: '（なし）', en: '(none)' };
const KINDS = {
  ja: { center: 'センター', ministry: '府省庁', agency: '独立行政法人等' },
  en: { center: 'Center', ministry: 'Ministry', agency: 'Agency' },
};

/** One chart's bars: a label and a count each, as the report's tables hold them. */
export interface ChartSeries {
  title: string;
  labels: string[];
  values: number[];
}

/** The series a chart draws from the report's trends. */
export function chartSeries(t: Trends, chart: ChartName, lang: Lang): ChartSeries {
  const pairs: [string, number][] =
    chart === 'month'
      ? t.byMonth.map((m) => [m.month, m.count])
      : chart === 'category'
        ? t.byCategory.map((c) => [c.key ?? NONE[lang], c.count])
        : chart === 'severity'
          ? t.bySeverity.map((c) => [c.key ?? NONE[lang], c.count])
          : chart === 'kind'
            ? t.byKind.map((k) => [KINDS[lang][k.kind], k.count])
            : t.byYear.map((y) => [String(y.fiscalYear), y.count]);
  return { title: TITLES[lang][chart], labels: pairs.map((p) => p[0]), values: pairs.map((p) => p[1]) };
}

const XML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
};
const xml = (s: string) => s.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] as string);

/** What the chart says in words: its title and every bar's label and count (the SVG's title and description). */
export function chartDescription(s: ChartSeries, lang: Lang): string {
  const bars = s.labels.map((l, i) => `${l}: ${s.values[i] ?? 0}`).join(lang === 'ja' ? '、' : ', ');
  return `${s.title}. ${bars}`;
}

/**
 * A chart as a standalone SVG document: bars with their counts written on them, a title and a description for
 * those who cannot see it. ECharts escapes the labels it writes; the title and description are escaped here.
 */
export function chartSvg(trends: Trends, chart: ChartName, lang: Lang): string {
  const s = chartSeries(trends, chart, lang);
  const horizontal = chart === 'category';
  const width = 720;
  const height = horizontal ? Math.max(240, 40 + s.labels.length * 28) : 320;
  const instance = init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const names = { type: 'category' as const, data: s.labels, axisLabel: { interval: 0 } };
    const counts = { type: 'value' as const, minInterval: 1 };
    instance.setOption({
      animation: false,
      aria: { enabled: true, label: { enabled: true, description: chartDescription(s, lang) } },
      textStyle: { fontFamily: 'Noto Sans CJK JP, sans-serif', color: '#1a1a1a' },
      grid: {
        left: 8,
        right: 32,
        top: 24,
        bottom: 8,
        outerBoundsMode: 'same',
        outerBoundsContain: 'axisLabel',
      },
      xAxis: horizontal ? counts : names,
      yAxis: horizontal ? { ...names, inverse: true } : counts,
      series: [
        {
          type: 'bar',
          data: s.values,
          itemStyle: { color: '#1f5fa8' },
          label: { show: true, position: horizontal ? 'right' : 'top', color: '#1a1a1a' },
        },
      ],
    });
    const svg = instance.renderToSVGString();
    const words = `<title>${xml(s.title)}</title><desc>${xml(chartDescription(s, lang))}</desc>`;
    // The document's own accessible name, first inside the root element (role img: one picture, one name).
    return svg.replace(/^<svg\b([^>]*)>/, `<svg$1 role="img" aria-label="${xml(s.title)}">${words}`);
  } finally {
    instance.dispose();
  }
}
