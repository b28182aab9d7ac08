import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { readJsonBodies } from '../../platform/http/json.js';
import { answers, conflict, jsonWith, location, problemOf } from '../../platform/http/openapi.js';
import { IncidentParams, Tlp } from '../incidents/incidents.schemas.js';
import type { IncidentDeps } from '../incidents/incidents.usecases.js';
import { ImportProblemOut, NotImportedOut } from '../sharing/sharing.import.routes.js';
import { readStixBundle } from '../sharing/sharing.import.stix.js';
import { importableIncident, importBundleIntoIncident, NOT_IMPORTED_LISTED } from './indicators.bulk.js';

/** What the bulk import's route uses. */
export interface BulkImportRoutesDeps {
  handle: DatabaseHandle;
  incidentDeps: IncidentDeps;
  /** The largest bundle in bytes, and the most objects it may hold (config: RENRAKU_BULK_IMPORT_MAX_*). */
  maxBytes: number;
  maxObjects: number;
}

const StixFile = Type.Object(
  {},
  { additionalProperties: true, description: 'A STIX 2.1 bundle (type, id, objects)' },
);
type Body = Static<typeof StixFile>;

const BulkImportOut = Type.Object({
  created: Type.Boolean({
    description:
      'False when the incident carried every value already (the same bundle again): nothing was added',
  }),
  reportSeq: Type.Union([Type.Integer(), Type.Null()], { description: 'The update (seq) that carries them' }),
  read: Type.Integer({ description: 'Indicators read from the bundle, once per canonical value' }),
  added: Type.Integer(),
  already: Type.Integer({ description: 'Read, but carried by the incident already: not added again' }),
  tlpRaisedTo: Type.Union([Tlp, Type.Null()], {
    description: 'The incident’s TLP when a marking of the bundle, stricter than it, raised it',
  }),
  notImported: NotImportedOut,
  notImportedCount: Type.Integer({
    description: `How many parts were not imported (at most ${NOT_IMPORTED_LISTED} are listed)`,
  }),
});

/** POST /api/v1/incidents/:id/reports/import.stix: a large bundle into an incident's indicators, as an update. */
export function bulkImportRoutes(app: Api, deps: BulkImportRoutesDeps): void {
  const { handle, incidentDeps, maxBytes, maxObjects } = deps;
  // Far larger bodies than any other JSON route: their own scope and limit, for this route only.
  void app.register(async (scope) => {
    readJsonBodies(scope, ['application/json', 'application/stix+json'], maxBytes);
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    api.post<{ Body: Body; Params: Static<typeof IncidentParams> }>(
      '/api/v1/incidents/:id/reports/import.stix',
      {
        bodyLimit: maxBytes,
        schema: {
          operationId: 'importIncidentIndicatorsStix',
          tags: ['incidents'],
          summary:
            'Import a STIX 2.1 bundle (up to RENRAKU_BULK_IMPORT_MAX_OBJECTS objects) into the incident’s indicators, as one update (続報): values the incident carries already are not added again',
          description:
            'Read as the STIX import of a report form reads a bundle (simple patterns, observables, CVE ids; the same checks and canonical forms); an object that breaks STIX refuses the whole bundle (422 imports.invalid_stix, naming the offending objects) and nothing is written. Parts that are read but not taken (an unsupported pattern, a value that is not valid) are listed in notImported. The indicators are stored, correlated and announced as those of any update; a TLP marking stricter than the incident’s raises it.',
          params: IncidentParams,
          body: {
            content: Object.fromEntries(
              ['application/stix+json', 'application/json'].map((t) => [t, { schema: StixFile }]),
            ),
          },
          response: answers({
            200: jsonWith(
              BulkImportOut,
              { location },
              'Nothing new: the incident carried every value already',
            ),
            201: jsonWith(BulkImportOut, { location }, 'Added to the incident as one update'),
            409: conflict('the final report has been filed already'),
            422: problemOf(
              ImportProblemOut,
              'The bundle breaks STIX (imports.invalid_stix, with every offending object) or holds more objects than RENRAKU_BULK_IMPORT_MAX_OBJECTS (imports.too_large); nothing was imported',
            ),
          }),
        },
      },
      async (request, reply) => {
        const actor = requireActor(request);
        const { id } = request.params;
        // Who may import, and into which incident, before the bundle is read (reading a large one costs a
        // second of CPU); read outside the transaction, so that it holds no lock.
        await importableIncident(handle.db, actor, id);
        const reading = readStixBundle(request.body, { maxObjects });
        const outcome = await inTransaction(handle, (unit) =>
          importBundleIntoIncident({ unit, actor, incidentId: id, reading, deps: incidentDeps }),
        );
        reply.status(outcome.created ? 201 : 200).header('location', `/api/v1/incidents/${id}`);
        return outcome;
      },
    );
  });
}
