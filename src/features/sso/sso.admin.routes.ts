import { Type } from 'typebox';
import type { Actor } from '../../platform/access/roles.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, refused } from '../../platform/http/openapi.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import type { ChangeOutcome } from '../orgs/body-changes.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { orgErrors } from '../orgs/orgs.errors.js';
import {
  addMapping,
  changeProvider,
  createProvider,
  listProviders,
  mayManageSso,
  providerFor,
  removeMapping,
} from './sso.admin.usecases.js';
import { ssoChangeKinds } from './sso.changes.js';
import type { SsoDeps } from './sso.deps.js';
import { ssoErrors } from './sso.errors.js';
import { prepareProvider, prepareProviderEdit } from './sso.prepare.js';
import { presentProvider } from './sso.presenter.js';
import { MappingInput, PendingOut, ProviderChange, ProviderInput, ProviderOut } from './sso.schemas.js';

const Params = Type.Object({ provider: Type.String({ minLength: 1, maxLength: 64 }) });
const MappingParams = Type.Object({
  provider: Type.String({ minLength: 1, maxLength: 64 }),
  id: Type.String({ minLength: 1, maxLength: 64 }),
});

/** One provider as the actor may see it, mappings included. */
async function shown(db: Executor, actor: Actor, slug: string, deps: SsoDeps) {
  const { providers, mappings, orgSlugs } = await listProviders(db, actor);
  const provider = providers.find((p) => p.slug === slug);
  if (!provider) throw ssoErrors.notFound();
  return presentProvider(provider, {
    orgSlugs,
    mappings,
    baseUrl: deps.baseUrl(),
    secretsDir: deps.secretsDir,
  });
}

/** A change that waits for the body's confirmation (202), or the provider as it now stands. */
const answer = async (
  db: Executor,
  actor: Actor,
  slug: string,
  outcome: ChangeOutcome,
  status: number,
  deps: SsoDeps,
) =>
  outcome.status === 'pending'
    ? { status: 202, body: outcome }
    : { status, body: await shown(db, actor, slug, deps) };

/** What the identity provider administration uses. */
export interface SsoAdminRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  ssoDeps: SsoDeps;
  changeDeps: ChangeDeps;
}

/** Administration of identity providers and their mappings; a body's security officer reads its own. */
export function ssoAdminRoutes(app: Api, deps: SsoAdminRoutesDeps): void {
  listProvidersRoute(app, deps);
  readProviderRoute(app, deps);
  addProviderRoute(app, deps);
  changeProviderRoute(app, deps);
  addMappingRoute(app, deps);
  removeMappingRoute(app, deps);
}

/** GET /api/v1/sso-providers */
function listProvidersRoute(app: Api, { handle, ssoDeps: deps }: SsoAdminRoutesDeps): void {
  app.get(
    '/api/v1/sso-providers',
    {
      schema: {
        operationId: 'listSsoProviders',
        tags: ['sso'],
        summary: 'Identity providers: all for an administrator, the ones of its body for a security officer',
        response: { 200: Type.Object({ items: Type.Array(ProviderOut) }) },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { providers, mappings, orgSlugs } = await listProviders(handle.db, actor);
      const ctx = { orgSlugs, mappings, baseUrl: deps.baseUrl(), secretsDir: deps.secretsDir };
      return { items: providers.map((p) => presentProvider(p, ctx)) };
    },
  );
}

/** GET /api/v1/sso-providers/:provider */
function readProviderRoute(app: Api, { handle, ssoDeps: deps }: SsoAdminRoutesDeps): void {
  app.get(
    '/api/v1/sso-providers/:provider',
    {
      schema: {
        operationId: 'getSsoProvider',
        tags: ['sso'],
        summary: 'One identity provider and its mappings',
        params: Params,
        response: { 200: ProviderOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { provider } = request.params;
      await providerFor(handle.db, actor, provider);
      return shown(handle.db, actor, provider, deps);
    },
  );
}

/** POST /api/v1/sso-providers */
function addProviderRoute(
  app: Api,
  { handle, clock, ssoDeps: deps, changeDeps: changes }: SsoAdminRoutesDeps,
): void {
  app.post(
    '/api/v1/sso-providers',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'createSsoProvider',
        tags: ['sso'],
        summary:
          'Add an identity provider to a body (administrator); 202 when it waits for the body to confirm. The issuer is asked for its discovery document first.',
        body: ProviderInput,
        response: answers({
          201: ProviderOut,
          202: PendingOut,
          409: conflict('a provider with this slug exists, or a change of this body is waiting already'),
          422: refused('the issuer is not usable; only a ministry includes its agencies'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      mayManageSso(actor);
      const input = request.body;
      const org = await orgsDirectory.bySlug(handle.db, input.org);
      if (!org) throw orgErrors.notFound();
      const row = await prepareProvider(input, org.id, deps);
      const { clientSecret, ...fingerprint } = input;
      const result = await idempotentTransaction(
        handle,
        request,
        actor,
        clock.now,
        async (unit) => {
          const outcome = await createProvider({ unit, actor, row, kinds: ssoChangeKinds(deps), changes });
          return answer(unit.tx, actor, row.slug, outcome, 201, deps);
        },
        { ...fingerprint, clientSecret: clientSecret !== undefined },
      );
      reply.status(result.status);
      return result.body;
    },
  );
}

/** PATCH /api/v1/sso-providers/:provider */
function changeProviderRoute(
  app: Api,
  { handle, ssoDeps: deps, changeDeps: changes }: SsoAdminRoutesDeps,
): void {
  app.patch(
    '/api/v1/sso-providers/:provider',
    {
      schema: {
        operationId: 'updateSsoProvider',
        tags: ['sso'],
        summary:
          'Change an identity provider (administrator): turning it off takes effect at once; other changes may wait for the body to confirm (202)',
        params: Params,
        body: ProviderChange,
        response: answers({
          200: ProviderOut,
          202: PendingOut,
          409: conflict('a change of this body is waiting already, or nobody may confirm it'),
          422: refused('the issuer is not usable; only a ministry includes its agencies'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      mayManageSso(actor);
      const { provider: slug } = request.params;
      const provider = await providerFor(handle.db, actor, slug);
      const edit = await prepareProviderEdit(provider, request.body, deps);
      const result = await inTransaction(handle, async (unit) => {
        const outcome = await changeProvider({
          unit,
          actor,
          provider,
          edit,
          deps,
          kinds: ssoChangeKinds(deps),
          changes,
        });
        return answer(unit.tx, actor, slug, outcome, 200, deps);
      });
      reply.status(result.status);
      return result.body;
    },
  );
}

/** POST /api/v1/sso-providers/:provider/mappings */
function addMappingRoute(
  app: Api,
  { handle, clock, ssoDeps: deps, changeDeps: changes }: SsoAdminRoutesDeps,
): void {
  app.post(
    '/api/v1/sso-providers/:provider/mappings',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'addSsoMapping',
        tags: ['sso'],
        summary:
          "Map a claim value (a group) to a role in one of the provider's bodies (administrator); 202 when it waits for that body to confirm",
        params: Params,
        body: MappingInput,
        response: answers({
          201: ProviderOut,
          202: PendingOut,
          409: conflict('this mapping exists, or a change of this body is waiting already'),
          422: refused('the body is not one the provider logs in, or the role does not exist there'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      mayManageSso(actor);
      const { provider: slug } = request.params;
      const input = request.body;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const provider = await providerFor(unit.tx, actor, slug);
        const { mappingId: _, ...outcome } = await addMapping({
          unit,
          actor,
          provider,
          input,
          kinds: ssoChangeKinds(deps),
          changes,
        });
        return answer(unit.tx, actor, slug, outcome, 201, deps);
      });
      reply.status(result.status);
      return result.body;
    },
  );
}

/** DELETE /api/v1/sso-providers/:provider/mappings/:id */
function removeMappingRoute(
  app: Api,
  { handle, ssoDeps: deps, changeDeps: changes }: SsoAdminRoutesDeps,
): void {
  app.delete(
    '/api/v1/sso-providers/:provider/mappings/:id',
    {
      schema: {
        operationId: 'removeSsoMapping',
        tags: ['sso'],
        summary: 'Remove a mapping (administrator): takes effect at once',
        params: MappingParams,
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      mayManageSso(actor);
      const { provider: slug, id } = request.params;
      await inTransaction(handle, async (unit) => {
        const provider = await providerFor(unit.tx, actor, slug);
        await removeMapping({ unit, actor, provider, mappingId: id, deps, changes });
      });
      reply.status(204);
    },
  );
}
