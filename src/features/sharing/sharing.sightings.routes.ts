import { Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, jsonWith, location, media, refused } from '../../platform/http/openapi.js';
import type { SharingRoutesDeps } from './sharing.routes.js';
import { ShareParams, StixBundleOut } from './sharing.schemas.js';
import { readSightings, reportSighting, SIGHTING_NOTE_MAX } from './sharing.sightings.js';
import type { SightingRow } from './sharing.sightings.repository.js';
import { sightingsToStix } from './sharing.sightings.stix.js';
import { stixVersionsRepository } from './sharing.stix.repository.js';

const tags = ['sharing'];

const SightingInput = Type.Object(
  {
    type: Type.String({
      minLength: 1,
      maxLength: 32,
      description: "The shared indicator's type, as the share shows it",
    }),
    value: Type.String({
      minLength: 1,
      maxLength: 2048,
      description: "The shared indicator's value, as the share shows it",
    }),
    seenAt: Type.String({ format: 'date-time', description: 'When the body saw it; not after now' }),
    count: Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'How many times it was seen' }),
    note: Type.Optional(Type.String({ maxLength: SIGHTING_NOTE_MAX * 2 })),
  },
  { additionalProperties: false },
);

const SightingOut = Type.Object({
  id: Type.String(),
  type: Type.String(),
  value: Type.String(),
  seenAt: Type.String(),
  count: Type.Integer(),
  note: Type.Union([Type.String(), Type.Null()]),
  reportedAt: Type.String(),
});

const SightingsOut = Type.Object({
  own: Type.Array(SightingOut, {
    description: "The caller's body's own sightings of this share (a recipient)",
  }),
  summary: Type.Union(
    [
      Type.Array(
        Type.Object({
          type: Type.String(),
          value: Type.String(),
          bodies: Type.Integer({ description: 'How many bodies reported seeing it' }),
          count: Type.Integer({ description: 'How many times, all sightings together' }),
          firstSeenAt: Type.Union([Type.String(), Type.Null()]),
          lastSeenAt: Type.Union([Type.String(), Type.Null()]),
        }),
      ),
      Type.Null(),
    ],
    { description: 'Per shared indicator, for the center that published the share; null for a recipient' },
  ),
});

const present = (s: SightingRow) => ({
  id: s.id,
  type: s.type,
  value: s.value,
  seenAt: s.seen_at,
  count: s.count,
  note: s.note,
  reportedAt: s.created_at,
});

/** Sightings of a share's indicators: a recipient reports one; it and the center read them. */
export function shareSightingRoutes(app: Api, deps: SharingRoutesDeps): void {
  reportRoute(app, deps);
  readRoute(app, deps);
  stixRoute(app, deps);
}

/** POST /api/v1/shares/:id/sightings */
function reportRoute(app: Api, { handle, clock, sharingDeps: deps }: SharingRoutesDeps): void {
  app.post(
    '/api/v1/shares/:id/sightings',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'reportShareSighting',
        tags,
        summary:
          "Report that the caller's body saw one of a received share's indicators (date, count, note); read by the body and the center only (audited)",
        params: ShareParams,
        body: SightingInput,
        response: answers({
          201: jsonWith(SightingOut, { location }, 'Reported'),
          422: refused(
            'the share holds no such indicator (sightings.not_in_share), the time is after now (sightings.in_future)',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const row = await reportSighting({ unit, actor, id, input: request.body, deps });
        return { status: 201, body: present(row) };
      });
      reply.status(result.status).header('location', `/api/v1/shares/${id}/sightings`);
      return result.body;
    },
  );
}

/** GET /api/v1/shares/:id/sightings */
function readRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/:id/sightings',
    {
      schema: {
        operationId: 'listShareSightings',
        tags,
        summary:
          "A share's sightings: a recipient body its own; the center, per indicator, how many bodies saw it and when",
        params: ShareParams,
        response: { 200: SightingsOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const { own, summary } = await readSightings({ unit, actor, id, deps });
        return { own: own.map(present), summary };
      });
    },
  );
}

/** GET /api/v1/shares/:id/sightings.stix */
function stixRoute(app: Api, { handle, sharingDeps: deps }: SharingRoutesDeps): void {
  app.get(
    '/api/v1/shares/:id/sightings.stix',
    {
      schema: {
        operationId: 'getShareSightingsStix',
        tags,
        summary:
          "A share's sightings as STIX 2.1 sighting objects: a recipient body its own (where_sighted_refs its identity); the center, per indicator, all bodies together without naming them (audited)",
        params: ShareParams,
        response: answers({
          200: media('application/stix+json;version=2.1', StixBundleOut, 'A STIX 2.1 bundle of sightings'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const bundle = await inTransaction(handle, async (unit) => {
        const seen = await readSightings({ unit, actor, id, deps });
        const idKey = await stixVersionsRepository.indicatorIdKey(unit.tx);
        return sightingsToStix({ shareId: id, idKey, ...seen });
      });
      reply.type('application/stix+json;version=2.1');
      return JSON.stringify(bundle);
    },
  );
}
