import { Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { answers, media, problemResponse } from '../../platform/http/openapi.js';
import { exportOne, exportPublished } from './sharing.export.js';
import type { SharingRoutesDeps } from './sharing.routes.js';
import { ShareParams, StixBundleOut } from './sharing.schemas.js';
import { decodeCursor, encodeCursor } from './sharing.stix.cursor.js';

const tags = ['sharing'];
const STIX_MEDIA_TYPE = 'application/stix+json;version=2.1';
const stixResponse = (description: string, headers: Record<string, object> = {}) =>
  media(STIX_MEDIA_TYPE, StixBundleOut, description, {
    'content-disposition': { type: 'string', description: 'attachment, with a file name' },
    ...headers,
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
        summary:
          'The shares the caller may see, as one STIX 2.1 bundle with TLP 2.0 markings: the newest version of each object, revoked ones included',
        description:
          'Every object unless `limit` is given; then one page, and `X-Renraku-Next` names the `next` of the following page. `added_after` keeps the versions added after that time (a consumer polls with the time of its last download).',
        querystring: Type.Object(
          {
            added_after: Type.Optional(
              Type.String({ format: 'date-time', description: 'Only versions added after this time' }),
            ),
            limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 10000 })),
            next: Type.Optional(
              Type.String({
                maxLength: 400,
                description: 'Where the page starts (X-Renraku-Next of the page before)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: answers({
          200: stixResponse('The shares the caller may see, as one STIX 2.1 bundle', {
            'x-renraku-next': {
              type: 'string',
              description: 'The `next` of the following page, when there is one',
            },
          }),
          400: problemResponse('`next` is not one this server gave (shares.invalid_cursor)'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { added_after: addedAfter, limit, next } = request.query;
      const after = next === undefined ? undefined : decodeCursor(next);
      const page = await inTransaction(handle, (unit) =>
        exportPublished({
          unit,
          actor,
          ...(addedAfter ? { addedAfter: new Date(addedAfter).toISOString() } : {}),
          ...(limit ? { limit } : {}),
          ...(after ? { after } : {}),
          deps,
        }),
      );
      if (page.next) reply.header('x-renraku-next', encodeCursor(page.next));
      reply
        .type(STIX_MEDIA_TYPE)
        .header('content-disposition', 'attachment; filename="renraku-shares.stix.json"');
      return JSON.stringify(page.bundle);
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
