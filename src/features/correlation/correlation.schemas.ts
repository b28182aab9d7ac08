import { type Static, Type } from 'typebox';
import { Line, Text } from '../../platform/http/schemas.js';
import { ExerciseId, Tlp } from '../incidents/incidents.schemas.js';
import { AudienceIn } from '../sharing/sharing.schemas.js';

const Kind = Type.Union([Type.Literal('equal'), Type.Literal('within'), Type.Literal('contains')], {
  description:
    'equal: the same value; within: this incident’s value lies inside the other’s (an IP in a CIDR, a URL on a domain); contains: the reverse',
});

const BodyOut = Type.Object({
  id: Type.String(),
  slug: Type.String(),
  kind: Type.String(),
  nameJa: Type.String(),
  nameEn: Type.String(),
});

const IncidentRefOut = Type.Object({
  id: Type.String(),
  number: Type.String({ description: 'With the deployment’s prefix' }),
  title: Type.String(),
  body: BodyOut,
  reportedAt: Type.String({ format: 'date-time' }),
});

const SharedOut = Type.Object({
  type: Type.String({ description: 'This incident’s value' }),
  value: Type.String(),
  display: Type.String(),
  otherType: Type.String({ description: 'The other incident’s value' }),
  otherValue: Type.String(),
  otherDisplay: Type.String(),
  kind: Kind,
  foundAt: Type.String({ format: 'date-time' }),
});

const Cursor = (what: string) =>
  Type.Optional(
    Type.String({ minLength: 1, maxLength: 12_000, description: `nextCursor of the previous page: ${what}` }),
  );

export const CorrelationsQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Cursor('the correlated incidents after the last one it showed'),
  },
  { additionalProperties: false },
);

/** How many shared values each correlated incident of a page carries at most; the rest page by pair. */
export const SHARED_PREVIEW = 100;

export const CorrelationsOut = Type.Object({
  incidentId: Type.String(),
  clusterId: Type.Union([Type.String(), Type.Null()], {
    description:
      'A name of the cluster the incident belongs to (any of its incidents names it); null when correlated with nothing',
  }),
  total: Type.Integer({ description: 'How many incidents the caller reads are correlated with this one' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  correlations: Type.Array(
    Type.Object({
      incident: IncidentRefOut,
      shared: Type.Array(SharedOut, {
        description: `The first ${SHARED_PREVIEW} shared values, in key order`,
      }),
      sharedTotal: Type.Integer(),
      sharedNextCursor: Type.Union([Type.String(), Type.Null()], {
        description: 'For GET /api/v1/incidents/{id}/correlations/{otherId}: the rest of the shared values',
      }),
    }),
  ),
});

export const PairParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  otherId: Type.String({ minLength: 1, maxLength: 64 }),
});

export const SharedQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
    cursor: Cursor('the shared values after the last one it showed'),
  },
  { additionalProperties: false },
);

export const SharedPageOut = Type.Object({
  incidentId: Type.String(),
  incident: IncidentRefOut,
  total: Type.Integer(),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
  shared: Type.Array(SharedOut),
});

const ClusterIndicatorOut = Type.Object({
  type: Type.String(),
  value: Type.String(),
  display: Type.String(),
  incidentIds: Type.Array(Type.String()),
});

export const ClusterSummaryOut = Type.Object({
  id: Type.String({ description: 'The id of its first incident; any of its incidents names it too' }),
  incidentCount: Type.Integer(),
  bodies: Type.Array(BodyOut),
  firstSeenAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  indicatorCount: Type.Integer(),
  indicators: Type.Array(ClusterIndicatorOut, { description: 'The most shared values first, at most 20' }),
});

export const ClusterListOut = Type.Object({
  clusters: Type.Array(ClusterSummaryOut),
  total: Type.Integer({ description: 'How many clusters the caller reads, on every page' }),
  nextCursor: Type.Union([Type.String(), Type.Null()], {
    description: 'Give it as cursor for the next page; null on the last',
  }),
});

export const ClusterOut = Type.Object({
  id: Type.String(),
  incidents: Type.Array(IncidentRefOut),
  bodies: Type.Array(BodyOut),
  firstSeenAt: Type.String({ format: 'date-time' }),
  lastSeenAt: Type.String({ format: 'date-time' }),
  indicators: Type.Array(ClusterIndicatorOut),
  links: Type.Array(Type.Object({ a: Type.String(), b: Type.String(), shared: Type.Array(SharedOut) })),
});

export const ClusterParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const ClusterQuery = Type.Object(
  {
    exercise: Type.Optional(ExerciseId),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 50 })),
    cursor: Type.Optional(
      Type.String({
        maxLength: 200,
        description: 'nextCursor of the previous page: the clusters seen before the last one it showed',
      }),
    ),
  },
  { additionalProperties: false },
);

export const ShareDraftIn = Type.Object(
  {
    tlp: Tlp,
    audience: AudienceIn,
    title: Type.Optional(Line(200)),
    body: Type.Optional(Text(20_000)),
    consentDueAt: Type.Optional(Type.String({ format: 'date-time', maxLength: 40 })),
  },
  { additionalProperties: false },
);
export type ShareDraftIn = Static<typeof ShareDraftIn>;

export const ShareDraftOut = Type.Object({
  shares: Type.Array(
    Type.Object({
      shareId: Type.String(),
      status: Type.String({ description: 'awaiting-consent: the body of its sources is asked' }),
      sourceIncidentIds: Type.Array(Type.String()),
      indicatorCount: Type.Integer(),
    }),
    { description: 'One share per reporting body: a consent request shows a body its own reports only' },
  ),
});
