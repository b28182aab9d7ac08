import { Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { media } from '../../platform/http/openapi.js';
import { exportOne, exportPublished } from './sharing.export.js';
import type { SharingRoutesDeps } from './sharing.routes.js';
import { ShareParams, StixBundleOut } from './sharing.schemas.js';

const tags = ['sharing'];
const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
const stixResponse = (description: string) =>
  media(STIX_MEDIA_TYPE, StixBundleOut, description, {
    'content-disposition': { type: 'string', description: 'attachment, with a file name' },
  });

/** The STIX 2.1 exports of shares: every published one the caller receives, or one. */
export function shareStixRoutes(app: Api, deps: SharingRoutesDeps): void {
  exportPublishedRoute(app, deps);
  exportOneRoute(app, deps);
}

/** GET /api/v1/shares/export.stix */
function exportPublishedRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/export.stix',
    {
      schema: {
        operationId: 'exportSharesStix',
        tags,
        summary: 'The published shares the caller may see, as one STIX 2.1 bundle with TLP 2.0 markings',
        querystring: Type.Object(
          { limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })) },
          { additionalProperties: false },
        ),
        response: { 200: stixResponse('The published shares the caller may see, as one STIX 2.1 bundle') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { limit = 1000 } = request.query;
      const bundle = await inTransaction(handle, (unit) => exportPublished({ unit, actor, limit, deps }));
      reply
        .type(STIX_MEDIA_TYPE)
        .header('content-disposition', 'attachment; filename="renraku-shares.stix.json"');
      return JSON.stringify(bundle);
    },
  );
}

/** GET /api/v1/shares/:id/stix */
function exportOneRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/:id/stix',
    {
      schema: {
        operationId: 'getShareStix',
        tags,
        summary: 'One published share as a STIX 2.1 bundle',
        params: ShareParams,
        response: { 200: stixResponse('One published share as a STIX 2.1 bundle') },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const bundle = await inTransaction(handle, (unit) => exportOne({ unit, actor, id, deps }));
      reply
        .type(STIX_MEDIA_TYPE)
        .header('content-disposition', `attachment; filename="renraku-share-${id}.stix.json"`);
      return JSON.stringify(bundle);
    },
  );
}
