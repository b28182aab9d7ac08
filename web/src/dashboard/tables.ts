import { orgName } from '../format.js';
import { isMessageKey, type Lang, type Translate } from '../i18n.js';
import type { Count, OrgCount, Stats } from './dashboard.api.js';
import { formatAxisDay, formatMonth } from './period.js';

// The numbers of each chart as table rows: the table is the chart's accessible equivalent (WCAG 1.1.1) and the
// chart is drawn from the same rows, so the two cannot disagree.

export interface Row {
  key: string;
  /** The name in the table (full). */
  label: string;
  /** The name on the chart's axis (may be shorter). */
  axis: string;
  values: number[];
  /** 1 for an agency listed under its ministry. */
  level: 0 | 1;
}

const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low'] as const;

/** Severity, most severe first; incidents without one last. Every level is listed, even at zero. */
export function severityRows(counts: Count[], t: Translate): Row[] {
  const of = (key: string | null) => counts.find((c) => c.key === key)?.count ?? 0;
  const rows: Row[] = SEVERITY_ORDER.map((key) => {
    const label = t(`severity.${key}`);
    return { key, label, axis: label, values: [of(key)], level: 0 };
  });
  const none = counts.filter((c) => !c.key || !SEVERITY_ORDER.includes(c.key as never));
  const unset = none.reduce((n, c) => n + c.count, 0);
  if (unset > 0) {
    const label = t('dashboard.severity.none');
    rows.push({ key: 'none', label, axis: label, values: [unset], level: 0 });
  }
  return rows;
}

/**
 * Categories, most frequent first: the Japanese government profile's by name, RSIT's by category (an incident's
 * `category/type` counts for its category).
 */
export function categoryRows(counts: Count[], t: Translate): Row[] {
  const byCategory = new Map<string, number>();
  for (const { key, count } of counts) {
    const category = key ? (key.split('/')[0] ?? key) : 'none';
    byCategory.set(category, (byCategory.get(category) ?? 0) + count);
  }
  return [...byCategory]
    .filter(([, n]) => n > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
    .map(([key, n]) => {
      const messageKey = `dashboard.rsit.${key}`;
      const profileKey = `report.category.${key}`;
      const label = isMessageKey(messageKey) ? t(messageKey) : isMessageKey(profileKey) ? t(profileKey) : key;
      return { key, label, axis: label, values: [n], level: 0 };
    });
}

export interface OrgGroup {
  slug: string;
  label: string;
  /** The ministry's (or center's) own incidents, then those of its agencies. */
  own: number;
  agencies: number;
  open: number;
  members: OrgCount[];
}

/** Bodies grouped under their ministry (an agency counts for its supervising ministry), busiest first. */
export function orgGroups(
  byOrg: OrgCount[],
  names: Map<string, { nameJa: string; nameEn: string }>,
  lang: Lang,
) {
  const groups = new Map<string, OrgGroup>();
  for (const body of byOrg) {
    const head = body.kind === 'agency' && body.parent ? body.parent : body.slug;
    const headName = names.get(head) ?? (head === body.slug ? body : { nameJa: head, nameEn: head });
    const group = groups.get(head) ?? {
      slug: head,
      label: orgName(headName, lang),
      own: 0,
      agencies: 0,
      open: 0,
      members: [],
    };
    if (head === body.slug) group.own += body.count;
    else group.agencies += body.count;
    group.open += body.open;
    group.members.push(body);
    groups.set(head, group);
  }
  return [...groups.values()].sort((a, b) => b.own + b.agencies - (a.own + a.agencies) || b.open - a.open);
}

/** The table of bodies: each ministry with its total, then itself and its agencies indented beneath. */
export function orgRows(groups: OrgGroup[], t: Translate, lang: Lang): Row[] {
  return groups.flatMap((group) => {
    const members = [...group.members].sort((a, b) =>
      a.slug === group.slug ? -1 : b.slug === group.slug ? 1 : b.count - a.count,
    );
    const head: Row = {
      key: group.slug,
      label: members.some((m) => m.slug !== group.slug)
        ? t('dashboard.org.withAgencies', { name: group.label })
        : group.label,
      axis: group.label,
      values: [group.own + group.agencies, group.open],
      level: 0,
    };
    if (members.length === 1 && members[0]?.slug === group.slug) return [head];
    return [
      head,
      ...members.map((m): Row => {
        const label = orgName(m, lang);
        return { key: m.slug, label, axis: label, values: [m.count, m.open], level: 1 };
      }),
    ];
  });
}

/** Day by day for today and the last 7 days; month by month over a fiscal year. */
export function trendRows(stats: Stats, lang: Lang, formatLong: (day: string) => string): Row[] {
  if (stats.period !== 'fy')
    return stats.daily.map(({ date, count }) => ({
      key: date,
      label: formatLong(date),
      axis: formatAxisDay(date, lang),
      values: [count],
      level: 0,
    }));
  const months = new Map<string, number>();
  for (const { date, count } of stats.daily) {
    const month = date.slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + count);
  }
  return [...months].map(([month, count]) => ({
    key: month,
    label: formatMonth(month, lang, 'long'),
    axis: formatMonth(month, lang, 'short'),
    values: [count],
    level: 0,
  }));
}
