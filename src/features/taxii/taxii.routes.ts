import type { FastifyReply, FastifyRequest } from 'fastify';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import { media } from '../../platform/http/openapi.js';
import type { IncidentDeps } from '../incidents/incidents.usecases.js';
import type { SharingDeps } from '../sharing/sharing.deps.js';
import { inboxRoutes } from './taxii.inbox.routes.js';
import {
  ApiRootOut,
  CollectionOut,
  CollectionParams,
  CollectionsOut,
  DiscoveryOut,
  EnvelopeOut,
  ManifestOut,
  ObjectParams,
  ObjectsQuery,
  TAXII_MEDIA_TYPE,
  TaxiiErrorOut,
  VersionsOut,
} from './taxii.schemas.js';
import {
  collectionOf,
  collectionPage,
  collectionsFor,
  STIX_MEDIA_TYPE,
  type TaxiiQuery,
  taxiiErrors,
} from './taxii.usecases.js';

/** What the TAXII routes use. */
export interface TaxiiRoutesDeps {
  handle: DatabaseHandle;
  sharingDeps: SharingDeps;
  /** What the inbox adds reports with (its objects become the body's updates). */
  incidentDeps: IncidentDeps;
  /** The inbox's limits: the largest POST in bytes, the most objects in it. */
  inbox: { maxBytes: number; maxObjects: number };
}

const tags = ['taxii'];
const PREFIX = '/taxii2';
const API_ROOT = `${PREFIX}/api/`;

const taxii = (schema: object, description: string, headers?: Record<string, object>) =>
  media(TAXII_MEDIA_TYPE, schema, description, headers);
const taxiiError = (description: string) => media(TAXII_MEDIA_TYPE, TaxiiErrorOut, description);
const errors = {
  400: taxiiError('A filter or `next` this server does not understand'),
  401: taxiiError('No valid API token (Bearer, or Basic with the holder’s e-mail address and the token)'),
  404: taxiiError('No such collection or object, or one the caller may not see'),
  406: taxiiError('The Accept header does not take application/taxii+json;version=2.1'),
};
// TAXII clients authenticate by HTTP Basic (the holder's e-mail address and an API token) or Bearer: the only
// routes besides the MISP feed that take Basic (authenticate.ts refuses it elsewhere).
const basic = { basicAuth: true };
const dateHeaders = {
  'x-taxii-date-added-first': { type: 'string', description: 'date_added of the first object of the page' },
  'x-taxii-date-added-last': { type: 'string', description: 'date_added of the last object of the page' },
};

// What the framework refuses before a handler runs, by status: a too-large or not-TAXII body of the inbox's POST.
const FRAMEWORK_CODES: Record<number, string> = {
  400: 'request.validation_failed',
  413: 'taxii.too_large',
  415: 'taxii.unsupported_media_type',
};

/** Whether an Accept header takes TAXII 2.1 (a TAXII media type with no version, or version 2.1). */
function acceptsTaxii(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    if (type !== 'application/taxii+json') return false;
    const version = params.find((p) => p.startsWith('version='));
    return version === undefined || version === 'version=2.1';
  });
}

// Written as TAXII writes it (no quotes, no charset parameter: JSON is UTF-8), which clients compare as text.
function send(reply: FastifyReply, body: object, status = 200) {
  return reply
    .status(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(JSON.stringify(body)));
}

const origin = (request: FastifyRequest) => `${request.protocol}://${request.host}`;

/** The TAXII 2.1 server: discovery, one API root, the caller's collections and their objects. */
export function taxiiRoutes(app: Api, deps: TaxiiRoutesDeps): void {
  void app.register(
    async (scope: Api) => {
      // TAXII clients read TAXII error messages, not problem details; and never the web app's page.
      scope.setErrorHandler(
        (error: Error & { statusCode?: number; validation?: unknown }, request, reply) => {
          const status =
            error instanceof AppError ? error.status : error.validation ? 400 : (error.statusCode ?? 500);
          if (status >= 500) request.log.error({ err: error }, 'unhandled error');
          const code =
            error instanceof AppError
              ? error.code
              : (FRAMEWORK_CODES[status] ?? (status < 500 ? 'request.invalid' : 'server.internal'));
          if (status === 401)
            reply.header('www-authenticate', 'Basic realm="renraku-taxii", Bearer realm="renraku"');
          return send(
            reply,
            {
              title: status >= 500 ? 'Server error' : code,
              description:
                status >= 500 ? 'Something went wrong on our side. It has been logged.' : error.message,
              error_code: code,
              http_status: String(status),
            },
            status,
          );
        },
      );
      scope.setNotFoundHandler((_request, reply) =>
        send(reply, { title: 'taxii.not_found', description: 'No such endpoint.', http_status: '404' }, 404),
      );
      scope.addHook('preHandler', async (request) => {
        requireActor(request);
        if (!acceptsTaxii(request.headers.accept)) throw taxiiErrors.notAcceptable();
      });
      registerRoutes(scope, deps);
      inboxRoutes(scope, {
        handle: deps.handle,
        incidentDeps: deps.incidentDeps,
        maxBytes: deps.inbox.maxBytes,
        maxObjects: deps.inbox.maxObjects,
      });
    },
    { prefix: PREFIX },
  );
}

function registerRoutes(scope: Api, { handle, sharingDeps, inbox }: TaxiiRoutesDeps): void {
  /**
   * One page of a collection as the caller may see it — of one object when named (404 when it has none to show) —
   * with its date headers set, and the paging members every envelope carries: what the four listing routes share.
   */
  async function pageFor(
    request: FastifyRequest,
    reply: FastifyReply,
    where: { collection: string; object?: string; query: TaxiiQuery; allVersions?: boolean },
  ) {
    const actor = requireActor(request);
    const { collection, object, query, allVersions } = where;
    const page = await inTransaction(handle, (unit) =>
      collectionPage({
        unit,
        actor,
        collection,
        query,
        ...(object !== undefined ? { objectId: object } : {}),
        ...(allVersions ? { allVersions } : {}),
        deps: sharingDeps,
      }),
    );
    if (object !== undefined && page.versions.length === 0 && !query.next) throw taxiiErrors.objectNotFound();
    setDateHeaders(reply, page);
    return {
      versions: page.versions,
      paging: { more: page.more, ...(page.next ? { next: page.next } : {}) },
    };
  }

  scope.get(
    '/',
    {
      config: basic,
      schema: {
        operationId: 'taxiiDiscovery',
        tags,
        summary: 'TAXII 2.1 discovery: the one API root',
        response: { 200: taxii(DiscoveryOut, 'The server'), ...errors },
      },
    },
    async (request, reply) =>
      send(reply, {
        title: 'Renraku TAXII 2.1',
        description:
          'The STIX 2.1 shares and advisories each caller receives, and the inbox through which a body sends its reports’ indicators',
        default: `${origin(request)}${API_ROOT}`,
        api_roots: [`${origin(request)}${API_ROOT}`],
      }),
  );
  scope.get(
    '/api/',
    {
      config: basic,
      schema: {
        operationId: 'taxiiApiRoot',
        tags,
        summary: 'The TAXII 2.1 API root',
        response: { 200: taxii(ApiRootOut, 'The API root'), ...errors },
      },
    },
    async (_request, reply) =>
      send(reply, {
        title: 'Renraku',
        description: 'Shares for me, indicators received (the center), and the inbox of my body’s reports',
        versions: [TAXII_MEDIA_TYPE],
        max_content_length: inbox.maxBytes,
      }),
  );
  scope.get(
    '/api/collections/',
    {
      config: basic,
      schema: {
        operationId: 'taxiiCollections',
        tags,
        summary: 'The collections the caller may read',
        response: { 200: taxii(CollectionsOut, 'The collections'), ...errors },
      },
    },
    async (request, reply) => send(reply, { collections: collectionsFor(requireActor(request)) }),
  );
  scope.get(
    '/api/collections/:collection/',
    {
      config: basic,
      schema: {
        operationId: 'taxiiCollection',
        tags,
        summary: 'One collection',
        params: CollectionParams,
        response: { 200: taxii(CollectionOut, 'The collection'), ...errors },
      },
    },
    async (request, reply) => send(reply, collectionOf(requireActor(request), request.params.collection)),
  );
  scope.get(
    '/api/collections/:collection/objects/',
    {
      config: basic,
      schema: {
        operationId: 'taxiiObjects',
        tags,
        summary: 'A page of the collection’s objects (the newest version of each unless match[version] says)',
        params: CollectionParams,
        querystring: ObjectsQuery,
        response: { 200: taxii(EnvelopeOut, 'An envelope of objects', dateHeaders), ...errors },
      },
    },
    async (request, reply) => {
      const { versions, paging } = await pageFor(request, reply, {
        collection: request.params.collection,
        query: request.query,
      });
      return send(reply, { ...paging, objects: versions.map((v) => v.object) });
    },
  );
  scope.get(
    '/api/collections/:collection/manifest/',
    {
      config: basic,
      schema: {
        operationId: 'taxiiManifest',
        tags,
        summary: 'The manifest of the collection’s objects (id, date added, version)',
        params: CollectionParams,
        querystring: ObjectsQuery,
        response: { 200: taxii(ManifestOut, 'A manifest', dateHeaders), ...errors },
      },
    },
    async (request, reply) => {
      const { versions, paging } = await pageFor(request, reply, {
        collection: request.params.collection,
        query: request.query,
      });
      return send(reply, {
        ...paging,
        objects: versions.map((v) => ({
          id: v.objectId,
          date_added: v.dateAdded,
          version: v.modified,
          media_type: STIX_MEDIA_TYPE,
        })),
      });
    },
  );
  scope.get(
    '/api/collections/:collection/objects/:object/',
    {
      config: basic,
      schema: {
        operationId: 'taxiiObject',
        tags,
        summary: 'One object of the collection (its newest version unless match[version] says)',
        params: ObjectParams,
        querystring: ObjectsQuery,
        response: { 200: taxii(EnvelopeOut, 'An envelope of the object', dateHeaders), ...errors },
      },
    },
    async (request, reply) => {
      const { versions, paging } = await pageFor(request, reply, { ...request.params, query: request.query });
      return send(reply, { ...paging, objects: versions.map((v) => v.object) });
    },
  );
  scope.get(
    '/api/collections/:collection/objects/:object/versions/',
    {
      config: basic,
      schema: {
        operationId: 'taxiiObjectVersions',
        tags,
        summary: 'Every version of one object of the collection',
        params: ObjectParams,
        querystring: ObjectsQuery,
        response: { 200: taxii(VersionsOut, 'The versions', dateHeaders), ...errors },
      },
    },
    async (request, reply) => {
      const { versions, paging } = await pageFor(request, reply, {
        ...request.params,
        query: request.query,
        allVersions: true,
      });
      return send(reply, { ...paging, versions: versions.map((v) => v.modified) });
    },
  );
}

function setDateHeaders(reply: FastifyReply, page: { dateAddedFirst?: string; dateAddedLast?: string }) {
  if (page.dateAddedFirst) reply.header('x-taxii-date-added-first', page.dateAddedFirst);
  if (page.dateAddedLast) reply.header('x-taxii-date-added-last', page.dateAddedLast);
}
