import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { conflict, refused } from '../../platform/http/openapi.js';
import type { ChangeDeps } from './changes.deps.js';
import { presentChange } from './changes.presenter.js';
import {
  ChangeListOut,
  ChangeOut,
  ChangeParams,
  ChangesQuery,
  ConfirmedOut,
  RejectInput,
} from './changes.schemas.js';
import {
  confirmChange,
  listChanges,
  prepareConfirmation,
  readChange,
  rejectChange,
} from './changes.usecases.js';
import { changeView, changeViews } from './changes.views.js';

const tags = ['changes'];

/** What the change routes use. */
export interface ChangeRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  changeDeps: ChangeDeps;
}

/**
 * 確認待ちの変更: changes of a body's people and contacts asked from outside it, confirmed or rejected by the
 * body's security officer (or a second administrator); and the changes the body made itself, listed.
 */
export function changeRoutes(app: Api, deps: ChangeRoutesDeps): void {
  listChangesRoute(app, deps);
  readChangeRoute(app, deps);
  confirmChangeRoute(app, deps);
  rejectChangeRoute(app, deps);
}

/** GET /api/v1/changes */
function listChangesRoute(app: Api, { handle, clock, changeDeps: deps }: ChangeRoutesDeps): void {
  app.get(
    '/api/v1/changes',
    {
      schema: {
        operationId: 'listChanges',
        tags,
        summary:
          "Changes of people and contacts: a security officer's body's, or all (administrators; `org` for one body), open ones first",
        querystring: ChangesQuery,
        response: { 200: ChangeListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { status = 'all', org } = request.query;
      return inTransaction(handle, async (unit) => {
        const rows = await listChanges({ unit, actor, orgSlug: org, status, deps });
        return { items: (await changeViews(unit.tx, actor, rows, clock.now())).map(presentChange) };
      });
    },
  );
}

/** GET /api/v1/changes/:id */
function readChangeRoute(app: Api, { handle, clock, changeDeps: deps }: ChangeRoutesDeps): void {
  app.get(
    '/api/v1/changes/:id',
    {
      schema: {
        operationId: 'getChange',
        tags,
        summary: 'One change',
        params: ChangeParams,
        response: { 200: ChangeOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const row = await readChange(unit, actor, id, deps);
        const item = presentChange(await changeView(unit.tx, actor, row, clock.now()));
        return item;
      });
    },
  );
}

/** POST /api/v1/changes/:id/confirm */
function confirmChangeRoute(app: Api, { handle, clock, changeDeps: deps }: ChangeRoutesDeps): void {
  app.post(
    '/api/v1/changes/:id/confirm',
    {
      schema: {
        operationId: 'confirmChange',
        tags,
        summary:
          "Confirm a change: it takes effect now (the body's security officer, or another administrator when so asked; never its requester)",
        params: ChangeParams,
        response: {
          200: ConfirmedOut,
          409: conflict(
            'the change was decided already, has expired, or what it changes changed meanwhile (an e-mail or a slug taken since)',
          ),
          422: refused(
            'applying it breaks a rule of the product (a role the body does not have, too many contacts, …)',
          ),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const prepared = await prepareConfirmation(handle.db, actor, id, deps);
      return inTransaction(handle, async (unit) => {
        const { change, secret } = await confirmChange({ unit, actor, id, deps, prepared });
        const item = presentChange(await changeView(unit.tx, actor, change, clock.now()));
        return secret ? { ...item, secret } : item;
      });
    },
  );
}

/** POST /api/v1/changes/:id/reject */
function rejectChangeRoute(app: Api, { handle, clock, changeDeps: deps }: ChangeRoutesDeps): void {
  app.post(
    '/api/v1/changes/:id/reject',
    {
      schema: {
        operationId: 'rejectChange',
        tags,
        summary: 'Reject a change (whoever may confirm it), or withdraw it (its requester): nothing changes',
        params: ChangeParams,
        body: RejectInput,
        response: {
          200: ChangeOut,
          409: conflict('the change was decided already, or has expired'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const { reason } = request.body ?? {};
      return inTransaction(handle, async (unit) => {
        const row = await rejectChange({ unit, actor, id, reason: reason?.trim() || null, deps });
        const item = presentChange(await changeView(unit.tx, actor, row, clock.now()));
        return item;
      });
    },
  );
}
