import { useMemo } from 'react';
import { formatDate } from '../format.js';
import { useLang } from '../lang.js';
import { ChartPanel, describeRows } from './ChartPanel.js';
import type { Org, Stats } from './dashboard.api.js';
import { readPalette } from './echarts.js';
import { barOption, orgOption, trendOption } from './options.js';
import { localDay } from './period.js';
import { categoryRows, orgGroups, orgRows, severityRows, trendRows } from './tables.js';

/** How many ministries the chart of bodies shows; the table lists them all. */
const TOP_BODIES = 8;

/** The four charts of the period: severity, category, bodies, trend. */
export function Panels({ stats, orgs }: { stats: Stats; orgs: Org[] | null }) {
  const { t, lang } = useLang();
  // Read once the stylesheet applies; the tokens do not change while the page lives.
  const palette = useMemo(() => readPalette(), []);
  const count = t('dashboard.table.count');

  const severity = useMemo(() => {
    const rows = severityRows(stats.bySeverity, t);
    const title = t('dashboard.severity.heading');
    const colour = (row: { key: string }) => palette.severity[row.key] ?? palette.accent;
    return { rows, title, option: barOption(rows, palette, describeRows(title, rows, t), count, colour) };
  }, [stats.bySeverity, t, palette, count]);

  const category = useMemo(() => {
    const rows = categoryRows(stats.byCategory, t);
    const title = t('dashboard.category.heading');
    return { rows, title, option: barOption(rows, palette, describeRows(title, rows, t), count) };
  }, [stats.byCategory, t, palette, count]);

  const bodies = useMemo(() => {
    const names = new Map((orgs ?? []).map((o) => [o.slug, o]));
    const groups = orgGroups(stats.byOrg, names, lang);
    const top = groups.filter((g) => g.own + g.agencies > 0).slice(0, TOP_BODIES);
    const rows = orgRows(groups, t, lang);
    const title = t('dashboard.org.heading', { n: TOP_BODIES });
    const summary = top.map((g) => ({
      key: g.slug,
      label: g.label,
      axis: g.label,
      values: [g.own + g.agencies],
      level: 0 as const,
    }));
    const option = orgOption(top, palette, describeRows(title, summary, t), {
      own: t('dashboard.org.own'),
      agencies: t('dashboard.org.agencies'),
    });
    return { rows, title, option };
  }, [stats.byOrg, orgs, t, lang, palette]);

  const trend = useMemo(() => {
    const rows = trendRows(stats, lang, (day) => formatDate(localDay(day).toISOString(), lang));
    const title = t(stats.period === 'fy' ? 'dashboard.trend.monthly' : 'dashboard.trend.daily');
    return { rows, title, option: trendOption(rows, palette, describeRows(title, rows, t), count) };
  }, [stats, t, lang, palette, count]);

  return (
    <div className="panels">
      <ChartPanel
        {...severity}
        size="small"
        rowHeader={t('dashboard.table.severity')}
        columns={[count]}
        testId="by-severity"
      />
      <ChartPanel
        {...category}
        size="medium"
        rowHeader={t('dashboard.table.category')}
        columns={[count]}
        testId="by-category"
      />
      <ChartPanel
        {...bodies}
        size="large"
        rowHeader={t('dashboard.table.org')}
        columns={[count, t('dashboard.table.open')]}
        legend={[
          { label: t('dashboard.org.own'), swatch: 'own' },
          { label: t('dashboard.org.agencies'), swatch: 'agencies' },
        ]}
        testId="by-org"
      />
      <ChartPanel
        {...trend}
        size="medium"
        rowHeader={t(stats.period === 'fy' ? 'dashboard.table.month' : 'dashboard.table.date')}
        columns={[count]}
        testId="trend"
      />
    </div>
  );
}
