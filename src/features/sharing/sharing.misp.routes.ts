import { Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { media } from '../../platform/http/openapi.js';
import { mispEventOf, mispFeed } from './sharing.misp.export.js';
import { mispHashes, mispManifest } from './sharing.misp.js';
import type { SharingRoutesDeps } from './sharing.routes.js';
import { ShareParams } from './sharing.schemas.js';

const tags = ['sharing'];
const MispEventOut = Type.Object(
  {
    Event: Type.Object(
      {
        uuid: Type.String({ format: 'uuid' }),
        info: Type.String(),
        date: Type.String(),
        published: Type.Boolean(),
        timestamp: Type.String(),
        publish_timestamp: Type.String(),
        Tag: Type.Array(Type.Object({ name: Type.String() })),
        Attribute: Type.Array(
          Type.Object(
            { uuid: Type.String(), type: Type.String(), category: Type.String(), value: Type.String() },
            { additionalProperties: true },
          ),
        ),
      },
      { additionalProperties: true },
    ),
  },
  {
    additionalProperties: false,
    description: 'A MISP event in the core format (draft-dulaunoy-misp-core-format); TLP as a tlp: tag',
  },
);
const ManifestOut = Type.Record(Type.String(), Type.Object({}, { additionalProperties: true }), {
  description: 'Per event uuid: info, date, analysis, threat_level_id, timestamp, Orgc, Tag',
});
const json = (schema: object, description: string) => ({ ...media('application/json', schema, description) });

/** MISP exports of shares: one as an event, and the feed a MISP instance pulls with an API token. */
export function shareMispRoutes(app: Api, deps: SharingRoutesDeps): void {
  eventRoute(app, deps);
  manifestRoute(app, deps);
  feedEventRoute(app, deps);
  hashesRoute(app, deps);
}

/** GET /api/v1/shares/:id/misp */
function eventRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/:id/misp',
    {
      schema: {
        operationId: 'getShareMisp',
        tags,
        summary: 'One published share as a MISP event (its uuid the same at every export)',
        params: ShareParams,
        response: {
          200: media('application/json', MispEventOut, 'The share as a MISP event', {
            'content-disposition': { type: 'string', description: 'attachment, with a file name' },
          }),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const event = await inTransaction(handle, (unit) => mispEventOf({ unit, actor, id, deps }));
      reply.header('content-disposition', `attachment; filename="renraku-share-${id}.misp.json"`);
      return { Event: event };
    },
  );
}

// The feed is pulled by a MISP instance, which sends its configured headers: an API token with or without the
// Bearer scheme, or as HTTP Basic (e-mail and token). Each caller's feed holds what its person may see, no more.
const feed = { bareToken: true, basicAuth: true };

/** GET /misp-feed/manifest.json */
function manifestRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/misp-feed/manifest.json',
    {
      config: feed,
      schema: {
        operationId: 'getMispFeedManifest',
        tags,
        summary: 'The MISP feed of the caller: its manifest, one entry per published share it may see',
        response: { 200: json(ManifestOut, 'The manifest of the feed') },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const events = await inTransaction(handle, (unit) => mispFeed({ unit, actor, deps }));
      return mispManifest(events);
    },
  );
}

/** GET /misp-feed/:file (<uuid>.json) */
function feedEventRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/misp-feed/:file',
    {
      config: feed,
      schema: {
        operationId: 'getMispFeedEvent',
        tags,
        summary:
          'One event of the caller’s MISP feed, by its uuid; an event the caller may not see is not found',
        params: Type.Object({
          file: Type.String({
            pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.json$',
          }),
        }),
        response: { 200: json(MispEventOut, 'The event') },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const uuid = request.params.file.slice(0, -'.json'.length);
      const [event] = await inTransaction(handle, (unit) => mispFeed({ unit, actor, uuid, deps }));
      return { Event: event };
    },
  );
}

/** GET /misp-feed/hashes.csv */
function hashesRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/misp-feed/hashes.csv',
    {
      config: feed,
      schema: {
        operationId: 'getMispFeedHashes',
        tags,
        summary:
          'The MD5 of each attribute value of the caller’s MISP feed, with its event’s uuid (MISP’s hashes.csv)',
        response: {
          200: media('text/csv', Type.String(), 'One line per attribute: md5 of the value, event uuid'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const events = await inTransaction(handle, (unit) => mispFeed({ unit, actor, deps }));
      reply.type('text/csv; charset=utf-8');
      return mispHashes(events);
    },
  );
}
