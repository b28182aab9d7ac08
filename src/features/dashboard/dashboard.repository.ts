import { type RawBuilder, sql } from 'kysely';
import type { OffsetSpan } from '../../platform/calendar.js';
import type { DialectName, Executor } from '../../platform/db/database.js';
import { type IncidentFilter, incidentsReads } from '../incidents/incidents.reads.js';

/** The local calendar date of an incident's report, for the UTC offsets in force over the period. */
function reportedDay(dialect: DialectName, spans: OffsetSpan[]): RawBuilder<string> {
  const day = (minutes: number) =>
    dialect === 'sqlite'
      ? sql<string>`date(incidents.reported_at, ${`${minutes >= 0 ? '+' : ''}${minutes} minutes`})`
      : sql<string>`to_char(incidents.reported_at::timestamp + ${minutes} * interval '1 minute', 'YYYY-MM-DD')`;
  const [first, ...changes] = spans;
  if (!first) throw new Error('a period has at least one offset');
  if (changes.length === 0) return day(first.offsetMinutes);
  // Daylight saving time: one branch per stretch of one offset, latest first.
  const branches = changes
    .reverse()
    .map((s) => sql`when incidents.reported_at >= ${s.since.toISOString()} then ${day(s.offsetMinutes)}`);
  return sql<string>`case ${sql.join(branches, sql` `)} else ${day(first.offsetMinutes)} end`;
}

const count = sql<string | number>`count(*)`;

/** Counts over the reader set of a body, for the dashboard; every query joins it as the incident list does. */
export const dashboardRepository = {
  /**
   * Incidents counted by reporting body, status, severity and category: `n` whenever reported, `inPeriod`
   * reported from `from` (inclusive) to `to` (exclusive). One pass serves the period and what is open now.
   */
  breakdown: (
    db: Executor,
    dialect: DialectName,
    readerOrgId: string,
    period: { from: string; to: string },
  ) =>
    incidentsReads
      .visibleQuery(db, dialect, { readerOrgId, terms: [] })
      .select([
        'incidents.org_id',
        'incidents.status',
        'incidents.severity',
        'incidents.category',
        count.as('n'),
        sql<
          string | number
        >`sum(case when incidents.reported_at >= ${period.from} and incidents.reported_at < ${period.to} then 1 else 0 end)`.as(
          'inPeriod',
        ),
      ])
      .groupBy(['incidents.org_id', 'incidents.status', 'incidents.severity', 'incidents.category'])
      .execute(),

  /** Incidents of the filter counted by the local date of their report. */
  daily: (db: Executor, dialect: DialectName, f: IncidentFilter, spans: OffsetSpan[]) =>
    incidentsReads
      .visibleQuery(db, dialect, f)
      .select([reportedDay(dialect, spans).as('day'), count.as('n')])
      .groupBy(sql`1`)
      .execute(),
};
