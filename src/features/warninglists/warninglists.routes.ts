import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { readJsonBodies } from '../../platform/http/json.js';
import { answers, conflict, jsonWith, location, refused } from '../../platform/http/openapi.js';
import { mispWarninglist } from './warninglists.misp.js';
import { presentWarninglist } from './warninglists.presenter.js';
import {
  ListIdParams,
  WarninglistChangeInput,
  WarninglistDetailOut,
  WarninglistImportOut,
  WarninglistInput,
  WarninglistMispFile,
  WarninglistOut,
  WarninglistsOut,
} from './warninglists.schemas.js';
import {
  changeWarninglist,
  createWarninglist,
  guard,
  importWarninglist,
  listWarninglists,
  readWarninglist,
} from './warninglists.usecases.js';

const tags = ['warninglists'];

/**
 * The largest MISP file the web app uploads: the lists MISP ships run to a few MB (the CLI, reading a file on the
 * server, takes up to WARNINGLIST_FILE_MAX_BYTES).
 */
export const WARNINGLIST_UPLOAD_MAX_BYTES = 16 * 1024 * 1024;

/** What the warning list routes use. */
export interface WarninglistRoutesDeps {
  handle: DatabaseHandle;
  audit: AuditLog;
  clock: Clock;
}

/** Warning lists, for the center: list, read, create, change (on/off, entries). */
export function warninglistRoutes(app: Api, deps: WarninglistRoutesDeps): void {
  listRoute(app, deps);
  readRoute(app, deps);
  createRoute(app, deps);
  changeRoute(app, deps);
  // A MISP file is larger than other bodies (the largest lists hold 10⁵ entries): its own parser and limit.
  app.register(async (scope) => {
    readJsonBodies(scope, 'application/json', WARNINGLIST_UPLOAD_MAX_BYTES);
    importRoute(scope.withTypeProvider<TypeBoxTypeProvider>(), deps);
  });
}

/** GET /api/v1/warninglists */
function listRoute(app: Api, { handle }: WarninglistRoutesDeps): void {
  app.get(
    '/api/v1/warninglists',
    {
      schema: {
        operationId: 'listWarninglists',
        tags,
        summary: 'Every warning list (values almost never malicious) with its number of entries (the center)',
        response: { 200: WarninglistsOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const lists = await listWarninglists(handle.db, actor);
      return { lists: lists.map((l) => presentWarninglist(l.list, l.entryCount)) };
    },
  );
}

/** GET /api/v1/warninglists/:id */
function readRoute(app: Api, { handle }: WarninglistRoutesDeps): void {
  app.get(
    '/api/v1/warninglists/:id',
    {
      schema: {
        operationId: 'getWarninglist',
        tags,
        summary: 'One warning list with its entries (the center)',
        params: ListIdParams,
        response: { 200: WarninglistDetailOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { list, entries } = await readWarninglist(handle.db, actor, request.params.id);
      return { list: presentWarninglist(list, entries.length), entries };
    },
  );
}

/** POST /api/v1/warninglists */
function createRoute(app: Api, { handle, audit, clock }: WarninglistRoutesDeps): void {
  app.post(
    '/api/v1/warninglists',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createWarninglist',
        tags,
        summary: 'Make a warning list of the center’s own (center analysts and coordinators; audited)',
        body: WarninglistInput,
        response: answers({
          201: jsonWith(WarninglistOut, { location }, 'Made'),
          409: conflict('a list of that name exists (warninglists.name_taken)'),
          422: refused(
            'an entry does not fit the match type (warninglists.invalid_entry, naming it), the name or a text holds invisible characters',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const list = await createWarninglist({
          unit,
          actor,
          input: request.body,
          deps: { audit, clock },
        });
        const count = (await readWarninglist(unit.tx, actor, list.id)).entries.length;
        return { status: 201, body: presentWarninglist(list, count) };
      });
      reply.status(result.status).header('location', `/api/v1/warninglists/${result.body.id}`);
      return result.body;
    },
  );
}

/** PATCH /api/v1/warninglists/:id */
function changeRoute(app: Api, { handle, audit, clock }: WarninglistRoutesDeps): void {
  app.patch(
    '/api/v1/warninglists/:id',
    {
      schema: {
        operationId: 'changeWarninglist',
        tags,
        summary:
          'Turn a warning list on or off, add and remove entries, on the revision read (center analysts and coordinators; audited)',
        params: ListIdParams,
        body: WarninglistChangeInput,
        response: answers({
          200: WarninglistOut,
          409: conflict('the list has changed since the revision given (warninglists.stale)'),
          422: refused(
            "an entry does not fit the match type (warninglists.invalid_entry, naming it); the bodies' own domains are kept on each body (warninglists.entries_elsewhere)",
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const list = await changeWarninglist({
          unit,
          actor,
          id: request.params.id,
          change: request.body,
          deps: { audit, clock },
        });
        const count = (await readWarninglist(unit.tx, actor, list.id)).entries.length;
        return presentWarninglist(list, count);
      });
    },
  );
}

/** POST /api/v1/warninglists/import: a MISP warninglist file, as `renraku warninglist import` loads it. */
function importRoute(app: Api, { handle, audit, clock }: WarninglistRoutesDeps): void {
  app.post(
    '/api/v1/warninglists/import',
    {
      bodyLimit: WARNINGLIST_UPLOAD_MAX_BYTES,
      config: { idempotent: true },
      schema: {
        operationId: 'importWarninglist',
        tags,
        summary:
          'Load a MISP warninglist file: a new list, or a newer version of the list of that name (center analysts and coordinators; audited)',
        body: { content: { 'application/json': { schema: WarninglistMispFile } } },
        response: answers({
          200: jsonWith(
            WarninglistImportOut,
            { location },
            'The list of that name, updated or already at that version',
          ),
          201: jsonWith(WarninglistImportOut, { location }, 'A new list'),
          409: conflict('the list of that name is at a newer version (warninglists.not_newer)'),
          422: refused(
            "not a MISP warning list (warninglists.invalid_file), a regex list (warninglists.regex_refused), an unknown match type, too many entries, an entry that does not fit the match type (warninglists.invalid_entry, naming it), or the name of the bodies' own domains list (warninglists.entries_elsewhere)",
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      guard(actor); // before the file is read: its faults are the center's business only
      const input = mispWarninglist(request.body);
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const { list, outcome } = await importWarninglist({ unit, actor, input, deps: { audit, clock } });
        const count = (await readWarninglist(unit.tx, actor, list.id)).entries.length;
        return {
          status: outcome === 'created' ? 201 : 200,
          body: { outcome, list: presentWarninglist(list, count) },
        };
      });
      reply.status(result.status).header('location', `/api/v1/warninglists/${result.body.list.id}`);
      return result.body;
    },
  );
}
