import { realmOf } from '../../platform/access/visibility.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, refused } from '../../platform/http/openapi.js';
import { IncidentParams } from '../incidents/incidents.schemas.js';
import type { OrgRow } from '../orgs/orgs.directory.js';
import type { SharingDeps } from '../sharing/sharing.deps.js';
import {
  ClusterListOut,
  ClusterOut,
  ClusterParams,
  ClusterQuery,
  CorrelationsOut,
  CorrelationsQuery,
  PairParams,
  ShareDraftIn,
  ShareDraftOut,
  SharedPageOut,
  SharedQuery,
} from './correlation.schemas.js';
import { draftShareFromCluster } from './correlation.share.js';
import {
  type Cluster,
  type CorrelatedIncident,
  type CorrelationDeps,
  clusterOfIncident,
  clusterPage,
  correlationsOfIncident,
  sharedWithIncident,
} from './correlation.usecases.js';

const tags = ['correlation'];

export interface CorrelationRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  correlationDeps: CorrelationDeps;
  sharingDeps: SharingDeps;
  incidentNumberPrefix: string;
}

type Orgs = Map<string, OrgRow>;

const bodyOf = (orgs: Orgs, id: string) => {
  const o = orgs.get(id);
  return { id, slug: o?.slug ?? '', kind: o?.kind ?? '', nameJa: o?.name_ja ?? '', nameEn: o?.name_en ?? '' };
};

const incidentOf = (orgs: Orgs, prefix: string) => (i: CorrelatedIncident) => ({
  id: i.id,
  number: `${prefix}${i.number}`,
  title: i.title,
  body: bodyOf(orgs, i.orgId),
  reportedAt: i.reportedAt,
});

const summaryOf = (orgs: Orgs) => (c: Cluster) => ({
  id: c.id,
  incidentCount: c.incidents.length,
  bodies: c.bodyIds.map((id) => bodyOf(orgs, id)),
  firstSeenAt: c.firstSeenAt,
  lastSeenAt: c.lastSeenAt,
  indicatorCount: c.indicators.length,
  indicators: c.indicators.slice(0, 20),
});

export function correlationRoutes(app: Api, deps: CorrelationRoutesDeps): void {
  incidentCorrelationsRoute(app, deps);
  sharedWithRoute(app, deps);
  clustersRoute(app, deps);
  clusterRoute(app, deps);
  shareDraftRoute(app, deps);
}

/** GET /api/v1/incidents/:id/correlations */
function incidentCorrelationsRoute(
  app: Api,
  { handle, correlationDeps: deps, incidentNumberPrefix }: CorrelationRoutesDeps,
) {
  app.get(
    '/api/v1/incidents/:id/correlations',
    {
      schema: {
        operationId: 'getIncidentCorrelations',
        tags,
        summary:
          'The incidents sharing indicators with this one (equal values, or an IP in a CIDR, a URL on a domain…), among those the caller reads: a page of them in id order, each with its first 100 shared values',
        params: IncidentParams,
        querystring: CorrelationsQuery,
        response: { 200: CorrelationsOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { limit = 50, cursor } = request.query;
      return inTransaction(handle, async (unit) => {
        const page = await correlationsOfIncident({
          unit,
          actor,
          incidentId: request.params.id,
          page: { limit, cursor },
          deps,
        });
        return {
          incidentId: page.incident.id,
          // Any incident of a cluster names it (the cluster page answers with its canonical id).
          clusterId: page.total === 0 ? null : page.incident.id,
          total: page.total,
          nextCursor: page.nextCursor,
          correlations: page.correlations.map((c) => ({
            incident: incidentOf(page.orgs, incidentNumberPrefix)(c.incident),
            shared: c.shared,
            sharedTotal: c.sharedTotal,
            sharedNextCursor: c.sharedNextCursor,
          })),
        };
      });
    },
  );
}

/** GET /api/v1/incidents/:id/correlations/:otherId */
function sharedWithRoute(
  app: Api,
  { handle, correlationDeps: deps, incidentNumberPrefix }: CorrelationRoutesDeps,
) {
  app.get(
    '/api/v1/incidents/:id/correlations/:otherId',
    {
      schema: {
        operationId: 'getSharedWithIncident',
        tags,
        summary:
          'The values this incident shares with another the caller reads, page by page in key order (404 when it reads either not, or they share nothing)',
        params: PairParams,
        querystring: SharedQuery,
        response: { 200: SharedPageOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { limit = 200, cursor } = request.query;
      return inTransaction(handle, async (unit) => {
        const page = await sharedWithIncident({
          unit,
          actor,
          incidentId: request.params.id,
          otherId: request.params.otherId,
          page: { limit, cursor },
          deps,
        });
        return {
          incidentId: page.incident.id,
          incident: incidentOf(page.orgs, incidentNumberPrefix)(page.other),
          total: page.total,
          nextCursor: page.nextCursor,
          shared: page.shared,
        };
      });
    },
  );
}

/** GET /api/v1/correlations/clusters */
function clustersRoute(app: Api, { handle }: CorrelationRoutesDeps) {
  app.get(
    '/api/v1/correlations/clusters',
    {
      schema: {
        operationId: 'listCorrelationClusters',
        tags,
        summary:
          'Clusters of incidents linked by shared indicators (a likely campaign), among the incidents the caller reads; the most recently seen first',
        querystring: ClusterQuery,
        response: { 200: ClusterListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { exercise, limit = 50, cursor } = request.query;
      const page = await clusterPage(handle.db, actor, realmOf(exercise), { limit, cursor });
      return {
        clusters: page.clusters.map(summaryOf(page.orgs)),
        total: page.total,
        nextCursor: page.nextCursor,
      };
    },
  );
}

/** GET /api/v1/correlations/clusters/:id */
function clusterRoute(
  app: Api,
  { handle, correlationDeps: deps, incidentNumberPrefix }: CorrelationRoutesDeps,
) {
  app.get(
    '/api/v1/correlations/clusters/:id',
    {
      schema: {
        operationId: 'getCorrelationCluster',
        tags,
        summary:
          'One cluster, named by any of its incidents: its incidents, bodies, first and last sighting, shared indicators and links',
        params: ClusterParams,
        response: { 200: ClusterOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const { cluster: c, orgs } = await clusterOfIncident({
          unit,
          actor,
          incidentId: request.params.id,
          deps,
        });
        return {
          id: c.id,
          incidents: c.incidents.map(incidentOf(orgs, incidentNumberPrefix)),
          bodies: c.bodyIds.map((id) => bodyOf(orgs, id)),
          firstSeenAt: c.firstSeenAt,
          lastSeenAt: c.lastSeenAt,
          indicators: c.indicators,
          links: c.links,
        };
      });
    },
  );
}

/** POST /api/v1/correlations/clusters/:id/share-draft */
function shareDraftRoute(app: Api, { handle, clock, correlationDeps, sharingDeps }: CorrelationRoutesDeps) {
  app.post(
    '/api/v1/correlations/clusters/:id/share-draft',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'draftShareFromCluster',
        tags,
        summary:
          'Draft shares (center) of the cluster’s shared indicators, one per reporting body with its incidents as sources: each body is asked its consent',
        params: ClusterParams,
        body: ShareDraftIn,
        response: answers({
          201: ShareDraftOut,
          422: refused(
            'the cluster has more incidents than a share names, or the audience does not fit the TLP (as a share drafted by hand)',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const { shares } = await draftShareFromCluster({
          unit,
          actor,
          clusterId: request.params.id,
          input: request.body,
          deps: { ...correlationDeps, sharing: sharingDeps },
        });
        return {
          status: 201,
          body: {
            shares: shares.map(({ share, sourceIds }) => ({
              shareId: share.id,
              status: share.status,
              sourceIncidentIds: sourceIds,
              indicatorCount: (JSON.parse(share.indicators) as unknown[]).length,
            })),
          },
        };
      });
      reply.status(result.status);
      return result.body;
    },
  );
}
