import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { type Static, Type } from 'typebox';
import { can } from '../../platform/access/rules.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import { readJsonBodies } from '../../platform/http/json.js';
import { answers, jsonWith, location, problemOf } from '../../platform/http/openapi.js';
import { ProblemOut } from '../../platform/http/schemas.js';
import { IndicatorType } from '../indicators/indicators.schemas.js';
import { shareContext } from './sharing.context.js';
import { importIntoDraft } from './sharing.import.js';
import { readMispEvent } from './sharing.import.misp.js';
import { readStixBundle } from './sharing.import.stix.js';
import { presentShare } from './sharing.presenter.js';
import type { SharingRoutesDeps } from './sharing.routes.js';
import { ShareOut } from './sharing.schemas.js';
import { viewsOf } from './sharing.visibility.js';

/** The largest file imported, in bytes (a bundle of a few thousand objects). */
export const IMPORT_BODY_MAX = 10 * 1024 * 1024;

/** What of a file was not imported, and why. */
export const NotImportedOut = Type.Array(
  Type.Object({
    id: Type.String({ description: 'The STIX id or MISP uuid of the object it came from' }),
    code: Type.String({
      description: 'Why, as a stable code: imports.unsupported_pattern, indicators.invalid_value, …',
    }),
    reason: Type.String(),
  }),
  { description: 'Every part of the file that was not imported, and why' },
);

const ImportOut = Type.Object({
  created: Type.Boolean({
    description: 'False when this same file made a draft before: that draft is returned',
  }),
  tlpAssumed: Type.Boolean({
    description: 'The file carried no TLP marking: the draft has TLP:AMBER until changed',
  }),
  notImported: NotImportedOut,
  share: ShareOut,
});

/** A refused import: the offending objects, at most 100 listed, and their number. */
export const ImportProblemOut = Type.Object({
  ...ProblemOut.properties,
  offenders: Type.Optional(
    Type.Array(
      Type.Object({
        index: Type.Union([Type.Integer(), Type.Null()], {
          description: 'Its place in the list (objects or Attribute)',
        }),
        id: Type.Union([Type.String(), Type.Null()]),
        reason: Type.String(),
      }),
      { description: 'The objects that break the format (at most 100 listed)' },
    ),
  ),
  offenderCount: Type.Optional(Type.Integer()),
});

const StixFile = Type.Object(
  {},
  { additionalProperties: true, description: 'A STIX 2.1 bundle (type, id, objects)' },
);
const MispFile = Type.Object(
  {},
  {
    additionalProperties: true,
    description: 'A MISP event: {"Event": {…}} as MISP exports it, or the event itself',
  },
);
const jsonBody = (schema: object, ...types: string[]) => ({
  content: Object.fromEntries(types.map((t) => [t, { schema }])),
});

const CandidatesOut = Type.Object({
  candidates: Type.Array(
    Type.Object({
      type: IndicatorType,
      value: Type.String({ description: 'The canonical form' }),
      display: Type.String(),
      from: Type.String({ description: 'The id of the STIX object that named it' }),
    }),
  ),
  notImported: NotImportedOut,
});

/** The imports of files from outside: into a draft share (center), into a report form's indicators (anyone). */
export function shareImportRoutes(app: Api, deps: SharingRoutesDeps): void {
  // Bundles are larger than other bodies, and come as application/stix+json too: their own scope.
  app.register(async (scope) => {
    readJsonBodies(scope, ['application/json', 'application/stix+json'], IMPORT_BODY_MAX);
    const api = scope.withTypeProvider<TypeBoxTypeProvider>();
    importRoute(api, deps, 'stix');
    importRoute(api, deps, 'misp');
    stixCandidatesRoute(api);
  });
}

type Body = Static<typeof StixFile>;

/** POST /api/v1/shares/import.stix, /api/v1/shares/import.misp */
function importRoute(
  app: Api,
  { handle, sharingDeps: deps }: SharingRoutesDeps,
  format: 'stix' | 'misp',
): void {
  const stix = format === 'stix';
  app.post<{ Body: Body }>(
    `/api/v1/shares/import.${format}`,
    {
      bodyLimit: IMPORT_BODY_MAX,
      schema: {
        operationId: stix ? 'importShareStix' : 'importShareMisp',
        tags: ['sharing'],
        summary: stix
          ? 'A STIX 2.1 bundle made into a draft share (center): indicators from simple patterns and observables, courses of action, the report’s text, the TLP marking; the same bundle again returns its draft'
          : 'A MISP event made into a draft share (center): attributes as indicators, the TLP tag, the event’s text; the same event again returns its draft',
        body: stix
          ? jsonBody(StixFile, 'application/stix+json', 'application/json')
          : jsonBody(MispFile, 'application/json'),
        response: answers({
          200: jsonWith(ImportOut, { location }, 'Imported before: its draft, unchanged'),
          201: jsonWith(
            ImportOut,
            { location },
            'A draft share was made; nobody receives it until it is sent',
          ),
          422: problemOf(
            ImportProblemOut,
            `The ${stix ? 'bundle' : 'event'} breaks the format (imports.invalid_${format}, with every offending object) or is too large (imports.too_large); nothing was imported`,
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const file = request.body;
      if (!can.draftShares(actor))
        throw commonErrors.forbidden('Only center analysts and coordinators import into draft shares.');
      // Read before the transaction: a malformed file is refused before anything is written, and reading a
      // large one holds no lock.
      const reading = stix ? readStixBundle(file) : readMispEvent(file);
      const result = await inTransaction(handle, async (unit) => {
        const done = await importIntoDraft({
          unit,
          actor,
          format: stix ? 'stix-2.1' : 'misp',
          file,
          reading,
          deps,
        });
        const views = await viewsOf(unit.tx, actor, [done.share]);
        const ctx = await shareContext(
          unit.tx,
          actor,
          [done.share],
          views,
          deps.clock.now(),
          deps.incidentNumberPrefix,
        );
        return { ...done, share: presentShare(done.share, ctx) };
      });
      reply.status(result.created ? 201 : 200).header('location', `/api/v1/shares/${result.share.id}`);
      return result;
    },
  );
}

/** POST /api/v1/indicators/import.stix */
function stixCandidatesRoute(app: Api): void {
  app.post<{ Body: Body }>(
    '/api/v1/indicators/import.stix',
    {
      bodyLimit: IMPORT_BODY_MAX,
      schema: {
        operationId: 'importIndicatorsStix',
        tags: ['incidents'],
        summary:
          'The typed indicators of a STIX 2.1 bundle (patterns and observables), in canonical form, for a report form to confirm; stores nothing',
        body: jsonBody(StixFile, 'application/stix+json', 'application/json'),
        response: answers({
          200: CandidatesOut,
          422: problemOf(
            ImportProblemOut,
            'The bundle breaks STIX (imports.invalid_stix, with every offending object) or is too large (imports.too_large)',
          ),
        }),
      },
    },
    async (request) => {
      // Any signed-in person may ask: the answer holds only what the caller sent.
      requireActor(request);
      const reading = readStixBundle(request.body);
      return {
        candidates: reading.indicators.map((i) => ({
          type: i.type,
          value: i.value,
          display: i.display,
          from: i.from,
        })),
        notImported: reading.notImported,
      };
    },
  );
}
