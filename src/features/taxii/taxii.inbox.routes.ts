import type { FastifyReply } from 'fastify';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import { readJsonBodies } from '../../platform/http/json.js';
import { media } from '../../platform/http/openapi.js';
import type { IncidentDeps } from '../incidents/incidents.usecases.js';
import { isRecord, own } from '../sharing/sharing.import.reading.js';
import { hasInbox, inboxErrors, inboxIdOf, postToInbox, statusFor } from './taxii.inbox.js';
import {
  CollectionParams,
  InboxBody,
  StatusOut,
  StatusParams,
  TAXII_MEDIA_TYPE,
  TaxiiErrorOut,
} from './taxii.schemas.js';
import { collectionOf, taxiiErrors } from './taxii.usecases.js';

/** What the inbox's routes use. */
export interface InboxRoutesDeps {
  handle: DatabaseHandle;
  incidentDeps: IncidentDeps;
  /** The largest POST in bytes, and the most objects it may hold (config: RENRAKU_TAXII_INBOX_MAX_*). */
  maxBytes: number;
  maxObjects: number;
}

const tags = ['taxii'];
const STIX_BUNDLE_TYPE = 'application/stix+json';
const taxiiError = (description: string) => media(TAXII_MEDIA_TYPE, TaxiiErrorOut, description);
const errors = {
  401: taxiiError('No valid API token (Bearer, or Basic with the holder’s e-mail address and the token)'),
  404: taxiiError('No such collection or status, or one the caller may not see'),
  406: taxiiError('The Accept header does not take application/taxii+json;version=2.1'),
};
const send = (reply: FastifyReply, body: object, status: number) =>
  reply
    .status(status)
    .header('content-type', TAXII_MEDIA_TYPE)
    .send(Buffer.from(JSON.stringify(body)));

/** Whether a Content-Type's version parameter, if any, is 2.1. */
function version21(contentType: string | undefined): boolean {
  const params = (contentType ?? '')
    .split(';')
    .slice(1)
    .map((p) => p.trim().toLowerCase().replace(/"/g, ''));
  const version = params.find((p) => p.startsWith('version='));
  return version === undefined || version === 'version=2.1';
}

const unsupported = () =>
  new AppError(
    415,
    'taxii.unsupported_media_type',
    'POST objects takes application/taxii+json;version=2.1 (an envelope) or application/stix+json;version=2.1 (a bundle).',
  );

/** The objects of an envelope, or of a bundle; anything else is refused whole. */
function objectsOf(body: unknown, contentType: string | undefined): unknown[] {
  if (!isRecord(body)) throw inboxErrors.notAnEnvelope();
  const bundle = (contentType ?? '').toLowerCase().startsWith(STIX_BUNDLE_TYPE);
  if (bundle && own(body, 'type') !== 'bundle') throw inboxErrors.notAnEnvelope();
  const objects = own(body, 'objects') ?? [];
  if (!Array.isArray(objects)) throw inboxErrors.notAnEnvelope();
  return objects;
}

/** The TAXII inbox: POST objects to the caller's body's inbox collection, and the status of such a post. */
export function inboxRoutes(scope: Api, deps: InboxRoutesDeps): void {
  const { handle, incidentDeps } = deps;
  void scope.register(async (inbox: Api) => {
    readJsonBodies(inbox, ['application/taxii+json', STIX_BUNDLE_TYPE], deps.maxBytes, (request) =>
      !version21(request.headers['content-type']) ? unsupported() : null,
    );
    inbox.post(
      '/api/collections/:collection/objects/',
      {
        config: { basicAuth: true },
        bodyLimit: deps.maxBytes,
        schema: {
          operationId: 'taxiiAddObjects',
          tags,
          summary:
            'Send STIX 2.1 objects to the body’s inbox: their indicators are added to the incident each object names, as an update (続報) of it',
          description:
            'Each object names an incident of the caller’s body by its number (e.g. 2026-000123, the deployment’s prefix allowed): in its own `x_renraku_incident` property, or through a `report` object that lists it in `object_refs` and carries `external_references: [{source_name: "renraku", external_id: "<number>"}]`. Indicators (simple STIX patterns), observables (IP, domain, URL, e-mail, file hashes and names) and vulnerabilities (CVE ids) are read as the STIX import of a report reads them, and the objects of one incident become one update of it. An object that names no incident, or one that is not the body’s own (the answer is the same as for a number that does not exist), that is not valid STIX, or of a type not taken, is listed in the status’s failures with a message. The same object version (id, modified) sent again is a success and adds nothing. Processing is done when the answer comes: the status is complete.',
          params: CollectionParams,
          body: {
            content: {
              [TAXII_MEDIA_TYPE]: { schema: InboxBody },
              [`${STIX_BUNDLE_TYPE};version=2.1`]: { schema: InboxBody },
            },
          },
          response: {
            202: media(TAXII_MEDIA_TYPE, StatusOut, 'Taken: the status of the post (complete)'),
            400: taxiiError('Not an envelope or bundle, or not JSON (taxii.invalid_envelope)'),
            ...errors,
            403: taxiiError(
              'A read-only collection (taxii.collection_not_writable) or a read-only API token',
            ),
            413: taxiiError(
              'Larger than RENRAKU_TAXII_INBOX_MAX_BYTES (taxii.too_large) or more objects than RENRAKU_TAXII_INBOX_MAX_OBJECTS (taxii.too_many_objects); nothing taken',
            ),
            415: taxiiError('Not application/taxii+json;version=2.1 nor application/stix+json;version=2.1'),
          },
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const collection = collectionOf(actor, request.params.collection);
        if (collection.id !== inboxIdOf(actor.orgId)) throw taxiiErrors.notWritable();
        const objects = objectsOf(request.body, request.headers['content-type']);
        if (objects.length > deps.maxObjects) throw inboxErrors.tooManyObjects(deps.maxObjects);
        const status = await inTransaction(handle, (unit) =>
          postToInbox({ unit, actor, objects, deps: incidentDeps }),
        );
        return send(reply, status, 202);
      },
    );
  });
  scope.get(
    '/api/status/:status/',
    {
      config: { basicAuth: true },
      schema: {
        operationId: 'taxiiStatus',
        tags,
        summary: 'The status of a POST to the inbox: only the posting body’s people see it',
        params: StatusParams,
        response: { 200: media(TAXII_MEDIA_TYPE, StatusOut, 'The status'), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      if (!hasInbox(actor)) throw inboxErrors.statusNotFound();
      const status = await inTransaction(handle, (unit) => statusFor(unit, actor, request.params.status));
      return send(reply, status, 200);
    },
  );
}
