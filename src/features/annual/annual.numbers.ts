import { addDays, startOfDay } from '../../platform/calendar.js';
import type { DialectName, Executor } from '../../platform/db/database.js';
import { campaignsYearlyReads } from '../campaigns/campaigns.reads.js';
import { deadlinesReads } from '../deadlines/deadlines.reads.js';
import { exercisesReads } from '../exercises/exercises.reads.js';
import { SEVERITIES } from '../incidents/vocabulary.js';
import { noticesReads } from '../notices/notices.reads.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { policiesReads } from '../policies/policies.reads.js';
import { clockTally } from './annual.clocks.js';
import {
  type IndicatorKey,
  type IndicatorValue,
  median,
  medianOfCounted,
  policyClauseIndicator,
  share,
} from './annual.indicators.js';
import type { KeptPasses } from './annual.kept.js';
import { annualPasses } from './annual.passes.repository.js';
import { annualRepository } from './annual.repository.js';
import { type Score, type Scoring, scoreOf } from './annual.scoring.js';

// The annual report's numbers for one fiscal year, over what the center reads (real incidents delivered to it;
// never an exercise's), summed from one pass over the year's incidents (annual.passes.repository.ts).

export interface Count {
  key: string | null;
  count: number;
}

export interface Trends {
  total: number;
  byMonth: { month: string; count: number }[];
  byCategory: Count[];
  bySeverity: Count[];
  byKind: { kind: 'center' | 'ministry' | 'agency'; count: number }[];
  /** Earlier fiscal years, oldest first, then this one. */
  byYear: { fiscalYear: number; count: number }[];
}

export interface Section {
  ministry: { id: string; slug: string; nameJa: string; nameEn: string };
  agencies: number;
  indicators: IndicatorValue[];
  score: Score;
}

export interface AnnualNumbers {
  fiscalYear: number;
  timeZone: string;
  from: string;
  to: string;
  trends: Trends;
  sections: Section[];
  /**
   * When the passes over the year's incidents were made: a draft's are kept while the data they read stands
   * (annual.kept.ts). Absent from reports made final before it was recorded.
   */
  computedAt?: string;
}

/** Earlier fiscal years compared with the report's. */
export const YEARS_COMPARED = 4;

const pad = (n: number) => String(n).padStart(2, '0');

/** The starts of the fiscal year's 12 months and of the next year, in the zone. */
export function monthStarts(fiscalYear: number, timeZone: string): { month: string; at: string }[] {
  return Array.from({ length: 13 }, (_, i) => {
    const y = fiscalYear + Math.floor((3 + i) / 12);
    const m = ((3 + i) % 12) + 1;
    return { month: `${y}-${pad(m)}`, at: startOfDay(`${y}-${pad(m)}-01`, timeZone).toISOString() };
  });
}

/** The first instant of a fiscal year in the zone. */
export const fiscalYearStart = (fiscalYear: number, timeZone: string) =>
  startOfDay(addDays(`${fiscalYear}-04-01`, 0), timeZone).toISOString();

const minutes = (seconds: number | undefined) =>
  seconds === undefined ? null : Math.round((seconds / 60) * 10) / 10;

const tally = <K>(into: Map<K, number>, key: K, n: number) => into.set(key, (into.get(key) ?? 0) + n);

const mostFirst = (counts: Map<string | null, number>): Count[] =>
  [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff'));

/**
 * The passes over the year's incidents the center reads (the seconds of the report at 10⁶): counts by body, month,
 * category and severity; counts by earlier year; the percentile spans; accountability decisions; deadline outcomes.
 */
async function yearPasses(
  db: Executor,
  dialect: DialectName,
  p: {
    reader: string;
    months: { at: string }[];
    yearStarts: string[];
    ministryByOrg: ReadonlyMap<string, string>;
  },
) {
  const from = p.months[0]?.at as string;
  const to = p.months[12]?.at as string;
  const bounds = p.months.map((m) => m.at);
  const spans = [
    { start: 'incidents.detected_at', end: 'incidents.reported_at' },
    { start: 'incidents.reported_at', end: 'incidents.center_received_at' },
  ] as const;
  const percents = [50, 90];
  const period = { from, to };
  // With no accountability decision due in the year, the readable incidents need not be listed for them.
  const decisionsDue = async () =>
    (await noticesReads.anyDecisionDue(db, period))
      ? noticesReads.decisionsOnTime(db, annualPasses.readableIds(db, p.reader), period)
      : [];
  // One pass over the year's incidents, with each one's clocks (a packed summary); then the clocks the summary could
  // not say and those of incidents read outside the year (due in it all the same), the earlier years from their
  // report times.
  const tally = clockTally();
  const { shape, ranked } = await annualPasses.yearInOnePass(db, dialect, {
    readerOrgId: p.reader,
    bounds,
    ministryByOrg: p.ministryByOrg,
    spans,
    percents,
    perIncident: {
      column: (incidentId, orgId) => deadlinesReads.outcomesPacked(incidentId, orgId, period),
      joined: {
        rows: deadlinesReads.outcomesPackedByIncident(db, period),
        value: (alias, orgId) => deadlinesReads.packedFor(alias, orgId),
      },
      take: tally.take,
      apart: tally.apart,
    },
  });
  await tally.countUnsaid(db, period);
  tally.merge(
    await deadlinesReads.outcomesDue(db, annualPasses.readableIdsOutside(db, p.reader, from, to), period),
  );
  const years = await annualPasses.byFiscalYear(db, p.reader, p.yearStarts, 'incidents');
  return { shape, years, ranked, decisions: await decisionsDue(), clocks: tally.counts() };
}
type YearPasses = Awaited<ReturnType<typeof yearPasses>>;

/** The fiscal year's numbers: trends of the whole government and one section per ministry. */
export async function annualNumbers(args: {
  db: Executor;
  dialect: DialectName;
  fiscalYear: number;
  timeZone: string;
  scoring: Scoring;
  /** Pass results kept by data version, reused outside transactions (annual.kept.ts). */
  kept?: KeptPasses | undefined;
  /** Now, as the passes are made (recorded as `computedAt`). */
  now?: Date | undefined;
}): Promise<AnnualNumbers> {
  const { db, dialect, fiscalYear, timeZone, scoring } = args;
  const center = await orgsDirectory.center(db);
  if (!center) throw new Error('the deployment has no center');
  const orgs = await orgsDirectory.all(db);
  const orgById = new Map(orgs.map((o) => [o.id, o]));
  const ministries = orgs.filter((o) => o.kind === 'ministry').sort((a, b) => a.slug.localeCompare(b.slug));
  const ministryByOrg = new Map<string, string>();
  for (const o of orgs) {
    if (o.kind === 'ministry') ministryByOrg.set(o.id, o.id);
    else if (o.kind === 'agency' && o.parent_id) ministryByOrg.set(o.id, o.parent_id);
  }
  const months = monthStarts(fiscalYear, timeZone);
  const from = months[0]?.at as string;
  const to = months[12]?.at as string;
  const yearStarts = Array.from({ length: YEARS_COMPARED + 1 }, (_, i) =>
    fiscalYearStart(fiscalYear - YEARS_COMPARED + i, timeZone),
  );
  const reader = center.id;
  const coverage = await policiesReads.coverage(db, fiscalYear, null);
  const key = JSON.stringify([reader, yearStarts, months, [...ministryByOrg].sort()]);
  const reuse = args.kept && !db.isTransaction ? args.kept : undefined;
  // Read before the passes (see annual.kept.ts).
  const version = reuse ? await annualRepository.dataVersion(db) : 0;
  let passes = reuse?.get<YearPasses & { computedAt: string | undefined }>(key, version);
  if (!passes) {
    passes = {
      ...(await yearPasses(db, dialect, { reader, months, yearStarts, ministryByOrg })),
      computedAt: args.now?.toISOString(),
    };
    reuse?.set(key, version, passes);
  }
  const { shape, years, ranked, decisions, clocks, computedAt } = passes;
  const [confirmations, checks, exercises] = await Promise.all([
    campaignsYearlyReads.confirmations(db, fiscalYear),
    campaignsYearlyReads.checkTargets(db, fiscalYear),
    exercisesReads.participationIn(db, from, to),
  ]);

  const [detect, arrive] = ranked as [(typeof ranked)[number], (typeof ranked)[number]];
  // The one pass's groups, summed the ways the report shows them.
  const byOrgMonth = shape;
  const byCatSev = shape;
  const perOrg = new Map<string, { orgId: string; n: number; onTime: number; final: number }>();
  for (const r of shape) {
    const t = perOrg.get(r.orgId) ?? { orgId: r.orgId, n: 0, onTime: 0, final: 0 };
    t.n += r.n;
    t.onTime += r.onTime;
    t.final += r.final;
    perOrg.set(r.orgId, t);
  }
  const timeliness = [...perOrg.values()];

  const perMonth = new Map<number, number>();
  const perKind = new Map<string, number>();
  for (const r of byOrgMonth) {
    tally(perMonth, r.month, r.n);
    tally(perKind, orgById.get(r.orgId)?.kind ?? 'agency', r.n);
  }
  const perCategory = new Map<string | null, number>();
  const perSeverity = new Map<string | null, number>();
  for (const r of byCatSev) {
    tally(perCategory, r.category, r.n);
    tally(perSeverity, r.severity, r.n);
  }
  const perYear = new Map(years.map((y) => [y.year, y.n]));
  const total = byOrgMonth.reduce((n, r) => n + r.n, 0);
  const trends: Trends = {
    total,
    byMonth: months.slice(0, 12).map((m, i) => ({ month: m.month, count: perMonth.get(i) ?? 0 })),
    byCategory: mostFirst(perCategory),
    bySeverity: [...[...SEVERITIES].reverse(), null].map((key) => ({
      key,
      count: perSeverity.get(key) ?? 0,
    })),
    byKind: (['center', 'ministry', 'agency'] as const).map((kind) => ({
      kind,
      count: perKind.get(kind) ?? 0,
    })),
    byYear: [
      ...Array.from({ length: YEARS_COMPARED }, (_, i) => ({
        fiscalYear: fiscalYear - YEARS_COMPARED + i,
        count: perYear.get(i) ?? 0,
      })),
      { fiscalYear, count: total },
    ],
  };

  const sumOver = <T extends { orgId: string }>(rows: T[], bodies: Set<string>, pick: (r: T) => number) =>
    rows.filter((r) => bodies.has(r.orgId)).reduce((n, r) => n + pick(r), 0);

  const lateMedian = (bodies: Set<string>): IndicatorValue => {
    const counted = clocks.lateMinutes
      .filter((r) => bodies.has(r.orgId))
      .map((r) => [r.minutes, r.n] as [number, number]);
    const v = medianOfCounted(counted);
    const n = counted.reduce((k, [, c]) => k + c, 0);
    // Stored in whole minutes already (rounded up, as the incident page shows them).
    return v === undefined
      ? { key: 'deadlineLateMedian', value: null, basis: 0, reason: 'nothing to measure' }
      : { key: 'deadlineLateMedian', value: v, basis: n, reason: null };
  };
  const seconds = (rows: typeof exercises, field: 'ackSeconds' | 'reportSeconds') =>
    rows.flatMap((r) => (r[field] === null ? [] : [r[field] as number]));

  const sections: Section[] = ministries.map((m) => {
    const bodies = new Set([m.id, ...orgs.filter((o) => o.parent_id === m.id).map((o) => o.id)]);
    const n = sumOver(timeliness, bodies, (r) => r.n);
    const d = detect.get(m.id);
    const a = arrive.get(m.id);
    const acks = checks
      .filter((c) => bodies.has(c.orgId) && c.acknowledgedAt !== null)
      .map((c) => (Date.parse(c.acknowledgedAt as string) - Date.parse(c.sentAt)) / 1000);
    const took = exercises.filter((p) => bodies.has(p.orgId));
    const timed = (key: IndicatorKey, value: number | undefined, basis: number): IndicatorValue =>
      value === undefined
        ? { key, value: null, basis: 0, reason: 'nothing to measure' }
        : { key, value: minutes(value), basis, reason: null };
    const indicators: IndicatorValue[] = [
      { key: 'incidents', value: n, basis: n, reason: null },
      timed('detectToReportMedian', d?.values.get(50), d?.n ?? 0),
      timed('detectToReportP90', d?.values.get(90), d?.n ?? 0),
      timed('reportToCenterMedian', a?.values.get(50), a?.n ?? 0),
      timed('reportToCenterP90', a?.values.get(90), a?.n ?? 0),
      share(
        'quickReportOnTime',
        sumOver(timeliness, bodies, (r) => r.onTime),
        n,
      ),
      share(
        'finalReportsCompleted',
        sumOver(timeliness, bodies, (r) => r.final),
        n,
      ),
      share(
        'deadlineOutcomes',
        sumOver(clocks.totals, bodies, (r) => r.onTime),
        sumOver(clocks.totals, bodies, (r) => r.n),
      ),
      lateMedian(bodies),
      {
        key: 'deadlineOpen',
        value: sumOver(clocks.totals, bodies, (r) => r.n - r.onTime - r.late),
        basis: sumOver(clocks.totals, bodies, (r) => r.n),
        reason: null,
      },
      share(
        'accountabilityOnTime',
        sumOver(decisions, bodies, (r) => Number(r.onTime ?? 0)),
        sumOver(decisions, bodies, (r) => Number(r.due)),
      ),
      policyClauseIndicator(bodies, coverage),
      share(
        'contactStructureConfirmed',
        sumOver(confirmations, bodies, (r) => Number(r.confirmed)),
        sumOver(confirmations, bodies, (r) => Number(r.asked)),
      ),
      timed('communicationCheckAckMedian', median(acks), acks.length),
      {
        key: 'exerciseParticipation',
        value: new Set(took.map((p) => p.exerciseId)).size,
        basis: new Set(exercises.map((p) => p.exerciseId)).size,
        reason: null,
      },
      timed('exerciseAckMedian', median(seconds(took, 'ackSeconds')), seconds(took, 'ackSeconds').length),
      timed(
        'exerciseRollCallMedian',
        median(seconds(took, 'reportSeconds')),
        seconds(took, 'reportSeconds').length,
      ),
    ];
    return {
      ministry: { id: m.id, slug: m.slug, nameJa: m.name_ja, nameEn: m.name_en },
      agencies: bodies.size - 1,
      indicators,
      score: scoreOf(indicators, scoring),
    };
  });
  return { fiscalYear, timeZone, from, to, trends, sections, computedAt };
}

export type { OrgRow };
