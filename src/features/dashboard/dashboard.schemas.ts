import { type Static, Type } from 'typebox';
import { PERIODS } from './dashboard.period.js';

export const StatsQuery = Type.Object(
  {
    period: Type.Optional(
      Type.Union(
        PERIODS.map((p) => Type.Literal(p)),
        {
          default: '7d',
          description:
            'today: since local midnight; 7d: the 7 calendar days ending today; fy: the fiscal year (from April 1) so far',
        },
      ),
    ),
  },
  { additionalProperties: false },
);
export type StatsQuery = Static<typeof StatsQuery>;

const Key = Type.Union([Type.String(), Type.Null()], { description: 'null: not given' });
const Counts = Type.Array(Type.Object({ key: Key, count: Type.Integer() }));

export const StatsOut = Type.Object({
  period: Type.String(),
  from: Type.String({ description: 'Local midnight the period begins at, in UTC' }),
  to: Type.String({ description: 'Now' }),
  timeZone: Type.String({ description: 'Zone of calendar days (RENRAKU_TIME_ZONE)' }),
  total: Type.Integer({ description: 'Incidents reported in the period that the caller may see' }),
  open: Type.Integer(),
  final: Type.Integer(),
  bySeverity: Counts,
  byCategory: Counts,
  byRsit: Type.Array(Type.Object({ key: Key, count: Type.Integer() }), {
    description:
      'The same incidents by RSIT category (malicious-code, intrusions…): each stored category counted as the RSIT type its profile maps it to, so that deployments and profiles compare',
  }),
  byOrg: Type.Array(
    Type.Object({
      slug: Type.String(),
      kind: Type.String(),
      nameJa: Type.String(),
      nameEn: Type.String(),
      parent: Type.Union([Type.String(), Type.Null()]),
      count: Type.Integer({ description: 'Incidents of this body reported in the period' }),
      open: Type.Integer({ description: 'Incidents of this body open now, whenever reported' }),
    }),
  ),
  daily: Type.Array(Type.Object({ date: Type.String({ description: 'YYYY-MM-DD' }), count: Type.Integer() })),
});
