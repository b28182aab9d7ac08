import { Type } from 'typebox';
import type { AuditLog } from '../../platform/audit/audit.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, refused } from '../../platform/http/openapi.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { presentChange } from '../changes/changes.presenter.js';
import { ChangeOut } from '../changes/changes.schemas.js';
import { changeView } from '../changes/changes.views.js';
import { localeOf, personalWords } from './passwords.strength.js';
import { addUser, preparePassword } from './users.create.js';
import { presentUser } from './users.presenter.js';
import { UserChangeInput, UserInput, UserOut, UsersQuery } from './users.schemas.js';
import { changeUser, listUsers } from './users.update.js';

/** What the user routes use. */
export interface UserRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  audit: AuditLog;
  changeDeps: ChangeDeps;
  passwordMinScore: number;
}

/** People of a body: added by an administrator, or by the body's security officer. */
export function userRoutes(app: Api, deps: UserRoutesDeps): void {
  addUserRoute(app, deps);
  listUsersRoute(app, deps);
  changeUserRoute(app, deps);
}

/** POST /api/v1/users */
function addUserRoute(
  app: Api,
  { handle, clock, audit, changeDeps, passwordMinScore }: UserRoutesDeps,
): void {
  app.post(
    '/api/v1/users',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createUser',
        tags: ['users'],
        summary:
          "Add a user to a body: at once (201) by the body's security officer, or an administrator's first security officer of a body without people; otherwise asked (202), until the body's officer confirms",
        body: UserInput,
        response: answers({
          201: UserOut,
          202: ChangeOut,
          409: conflict('a user with this e-mail exists, or a change about them is waiting already'),
          422: refused(
            'the role does not exist at this body; a password not asked for, or too easy to guess',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { password, ...input } = request.body;
      const passwordHash = await preparePassword(password, {
        inputs: await personalWords(handle.db, { ...input, orgSlug: input.org }),
        locale: localeOf(request.headers['accept-language']),
        minScore: passwordMinScore,
      });
      const result = await idempotentTransaction(
        handle,
        request,
        actor,
        clock.now,
        async (unit) => {
          const added = await addUser({
            unit,
            actor,
            input,
            deps: { audit, clock, changes: changeDeps },
            passwordHash,
          });
          if ('pending' in added) {
            const change = presentChange(await changeView(unit.tx, actor, added.pending, clock.now()));
            return { status: 202, body: change };
          }
          return { status: 201, body: presentUser(added.done, added.done.org.slug) };
        },
        input,
      );
      reply.status(result.status);
      return result.body;
    },
  );
}

/** GET /api/v1/users */
function listUsersRoute(app: Api, { handle }: UserRoutesDeps): void {
  app.get(
    '/api/v1/users',
    {
      schema: {
        operationId: 'listUsers',
        tags: ['users'],
        summary:
          "Users: an administrator's are everyone (or one body's with org), a security officer's its own body's",
        querystring: UsersQuery,
        response: { 200: Type.Object({ items: Type.Array(UserOut) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { org } = request.query;
      const users = await listUsers({ db: handle.db, actor, orgSlug: org });
      return { items: users.map((u) => presentUser(u, u.org_slug)) };
    },
  );
}

/** PATCH /api/v1/users/:id */
function changeUserRoute(app: Api, { handle, clock, audit, changeDeps }: UserRoutesDeps): void {
  app.patch(
    '/api/v1/users/:id',
    {
      schema: {
        operationId: 'updateUser',
        tags: ['users'],
        summary:
          "Change a user: role, display name, or disabled (which ends its sessions and stops its tokens); an administrator's new role or re-enabling is asked (202) until the body's officer confirms",
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        body: UserChangeInput,
        response: {
          200: UserOut,
          202: ChangeOut,
          409: conflict('a change about this person is waiting already, or nobody may confirm it'),
          422: refused(
            'the role does not exist at this body; you may not change your own role or disable yourself',
          ),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const input = request.body;
      return inTransaction(handle, async (unit) => {
        const changed = await changeUser({
          unit,
          actor,
          userId: id,
          input,
          deps: { audit, clock, changes: changeDeps },
        });
        if ('pending' in changed) {
          reply.status(202);
          const change = presentChange(await changeView(unit.tx, actor, changed.pending, clock.now()));
          return change;
        }
        return presentUser(changed.done, changed.done.org_slug);
      });
    },
  );
}
