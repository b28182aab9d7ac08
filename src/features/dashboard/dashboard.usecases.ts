import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import { offsetSpans } from '../../platform/calendar.js';
import type { Clock } from '../../platform/clock.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { rsitOf } from '../incidents/taxonomy.js';
import { SEVERITIES } from '../incidents/vocabulary.js';
import { type OrgRow, orgsDirectory } from '../orgs/orgs.directory.js';
import { type PeriodName, periodOf } from './dashboard.period.js';
import { dashboardRepository } from './dashboard.repository.js';

export interface StatsDeps {
  audit: AuditLog;
  clock: Clock;
  timeZone: string;
}

/** Severities from the most severe down, then none. */
const SEVERITY_KEYS = [...[...SEVERITIES].reverse(), null];

const tally = <K>(into: Map<K, number>, key: K, n: number) => into.set(key, (into.get(key) ?? 0) + n);

/** The RSIT category (`intrusions`) a stored category counts as; `other` for a code of no profile. */
const rsitClassOf = (category: string | null) =>
  category === null ? null : ((rsitOf(category) ?? 'other/other').split('/')[0] ?? null);

/** Counts, the most frequent first, then by key, the not-given last. */
const mostFirst = (counts: Map<string | null, number>) =>
  [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || (a.key ?? '\uffff').localeCompare(b.key ?? '\uffff'));

/**
 * Counts of the incidents the actor may see, reported in the period: by status, severity, category, body and
 * day; with, per body, the incidents open now whenever reported. The call is audited.
 */
export async function incidentStats(args: { unit: Unit; actor: Actor; period: PeriodName; deps: StatsDeps }) {
  const { unit, actor, deps } = args;
  if (!can.readIncidents(actor)) throw commonErrors.forbidden('Your role sees no incident content.');
  const now = deps.clock.now();
  const period = periodOf(args.period, now, deps.timeZone);
  // Up to and including now: stored times have millisecond resolution and the filter's end is exclusive.
  const filter = {
    readerOrgId: actor.orgId,
    from: period.from.toISOString(),
    to: new Date(now.getTime() + 1).toISOString(),
    terms: [],
  };
  const { tx, dialect } = unit;
  const spans = offsetSpans(period.from, period.to, deps.timeZone);
  const [groups, days, orgs] = await Promise.all([
    dashboardRepository.breakdown(tx, actor.orgId, filter),
    dashboardRepository.daily(tx, dialect, filter, spans),
    orgsDirectory.all(tx),
  ]);

  const byStatus = new Map<string, number>();
  const bySeverity = new Map<string | null, number>();
  const byCategory = new Map<string | null, number>();
  const byRsit = new Map<string | null, number>();
  const inPeriod = new Map<string, number>();
  const openNow = new Map<string, number>();
  for (const g of groups) {
    if (g.status === 'open') tally(openNow, g.org_id, Number(g.n));
    const n = Number(g.inPeriod);
    if (n === 0) continue;
    tally(byStatus, g.status, n);
    tally(bySeverity, g.severity, n);
    tally(byCategory, g.category, n);
    tally(byRsit, rsitClassOf(g.category), n);
    tally(inPeriod, g.org_id, n);
  }
  const perDay = new Map(days.map((d) => [d.day, Number(d.n)]));
  const orgById = new Map(orgs.map((o) => [o.id, o]));

  await deps.audit.append(
    unit,
    audited(actor, 'incident.stats', 'incident', null, { period: period.name }),
    now,
  );
  return {
    period,
    timeZone: deps.timeZone,
    total: [...byStatus.values()].reduce((a, b) => a + b, 0),
    open: byStatus.get('open') ?? 0,
    final: byStatus.get('final') ?? 0,
    bySeverity: SEVERITY_KEYS.map((key) => ({ key, count: bySeverity.get(key) ?? 0 })),
    byCategory: mostFirst(byCategory),
    byRsit: mostFirst(byRsit),
    byOrg: [...new Set([...inPeriod.keys(), ...openNow.keys()])]
      .map((id) => ({
        org: orgById.get(id) as OrgRow,
        parent: orgById.get(orgById.get(id)?.parent_id ?? '') ?? null,
        count: inPeriod.get(id) ?? 0,
        open: openNow.get(id) ?? 0,
      }))
      .sort((a, b) => b.count - a.count || b.open - a.open || a.org.slug.localeCompare(b.org.slug)),
    daily: period.dates.map((date) => ({ date, count: perDay.get(date) ?? 0 })),
  };
}
