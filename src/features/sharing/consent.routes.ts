import type { Actor } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { problemResponses as errors } from '../../platform/http/schemas.js';
import type { Services } from '../../services.js';
import { orgsRepository } from '../orgs/orgs.repository.js';
import { answerable, decideConsent } from './consent.usecases.js';
import { audited } from './sharing.deps.js';
import { presentConsent, presentShare, presentStanding, shareContext } from './sharing.presenter.js';
import { type ConsentRow, type ShareRow, type StandingRow, sharesRepository } from './sharing.repository.js';
import {
  ConsentListOut,
  ConsentListQuery,
  ConsentRequestOut,
  DecisionInput,
  ShareParams,
  StandingConsentInput,
  StandingConsentOut,
  StandingListOut,
} from './sharing.schemas.js';
import { viewsOf } from './sharing.visibility.js';
import { createStanding, revokeStanding } from './standing.js';

const tags = ['consent'];

/** Consent requests with the share each asks about, exactly as recipients would get it (manage view). */
async function presentConsents(unit: Unit, actor: Actor, requests: ConsentRow[], now: Date) {
  const shareIds = [...new Set(requests.map((r) => r.share_id))];
  const shares: ShareRow[] =
    shareIds.length === 0
      ? []
      : await unit.tx.selectFrom('shares').selectAll().where('id', 'in', shareIds).execute();
  const views = await viewsOf(unit.tx, actor, shares);
  const ctx = await shareContext(unit.tx, actor, shares, views, now);
  const orgs = await orgsRepository.byIds(
    unit.tx,
    requests.map((r) => r.org_id),
  );
  const deciders = requests.flatMap((r) => (r.decided_by ? [r.decided_by] : []));
  for (const u of deciders.length
    ? await unit.tx.selectFrom('users').select(['id', 'email']).where('id', 'in', deciders).execute()
    : [])
    ctx.emails.set(u.id, u.email);
  return requests.flatMap((r) => {
    const share = shares.find((s) => s.id === r.share_id);
    if (!share || views.get(share.id) !== 'manage') return [];
    return [
      { ...presentConsent(r, { orgs, emails: ctx.emails, now: ctx.now }), share: presentShare(share, ctx) },
    ];
  });
}

export function consentRoutes(app: Api, services: Services): void {
  const { handle, clock, sharingDeps: deps } = services;

  app.get(
    '/api/v1/consent-requests',
    {
      schema: {
        tags,
        summary: "The consent requests of the caller's body (its security officers), pending first",
        querystring: ConsentListQuery,
        response: { 200: ConsentListOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      if (!can.answerConsent(actor, { orgId: actor.orgId }))
        throw commonErrors.forbidden('Security officers answer consent requests.');
      const { status = 'all' } = request.query;
      return inTransaction(handle, async (unit) => {
        let q = unit.tx.selectFrom('consent_requests').selectAll().where('org_id', '=', actor.orgId);
        // A request past its deadline is answered, by expiry, even before the sweep records it.
        const now = clock.now().toISOString();
        if (status === 'pending') q = q.where('status', '=', 'pending').where('due_at', '>', now);
        if (status === 'decided')
          q = q.where((eb) => eb.or([eb('status', '!=', 'pending'), eb('due_at', '<=', now)]));
        const rows = await q.orderBy('asked_at', 'desc').limit(500).execute();
        const open = (r: ConsentRow) => r.status === 'pending' && r.due_at > now;
        rows.sort((a, b) => Number(open(b)) - Number(open(a)));
        const items = await presentConsents(unit, actor, rows, clock.now());
        await deps.audit.append(
          unit,
          audited(actor, 'consent.list', 'consent_request', null, { ids: items.map((i) => i.id) }),
          clock.now(),
        );
        return { items };
      });
    },
  );

  app.get(
    '/api/v1/consent-requests/:id',
    {
      schema: {
        tags,
        summary: 'One consent request with its share',
        params: ShareParams,
        response: { 200: ConsentRequestOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const { request: row } = await answerable(unit, actor, id);
        await deps.audit.append(unit, audited(actor, 'consent.read', 'consent_request', id), clock.now());
        const [item] = await presentConsents(unit, actor, [row], clock.now());
        return item;
      });
    },
  );

  app.post(
    '/api/v1/consent-requests/:id/decision',
    {
      schema: {
        tags,
        summary: 'Approve (optionally on stricter terms) or reject a consent request',
        params: ShareParams,
        body: DecisionInput,
        response: { 200: ConsentRequestOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const { request: decided } = await decideConsent({
          unit,
          actor,
          id,
          input: request.body,
          deps,
        });
        const [item] = await presentConsents(unit, actor, [decided], clock.now());
        return { status: 200, body: item };
      });
      return result.body;
    },
  );

  const presentRules = async (unit: Unit, rows: StandingRow[]) => {
    const orgs = await orgsRepository.byIds(
      unit.tx,
      rows.map((r) => r.org_id),
    );
    const ids = [...new Set(rows.map((r) => r.created_by))];
    const users = ids.length
      ? await unit.tx.selectFrom('users').select(['id', 'email']).where('id', 'in', ids).execute()
      : [];
    const emails = new Map(users.map((u) => [u.id, u.email]));
    return rows.map((r) => presentStanding(r, orgs, emails));
  };

  app.get(
    '/api/v1/standing-consents',
    {
      schema: {
        tags,
        summary: "Standing consents: the caller's body's (security officer), or all (center)",
        response: { 200: StandingListOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const all = can.readAllShares(actor);
      if (!all && !can.answerConsent(actor, { orgId: actor.orgId }))
        throw commonErrors.forbidden('Security officers manage standing consents.');
      return inTransaction(handle, async (unit) => ({
        items: await presentRules(unit, await sharesRepository.standing(unit.tx, all ? null : actor.orgId)),
      }));
    },
  );

  app.post(
    '/api/v1/standing-consents',
    {
      schema: {
        tags,
        summary: 'Pre-approve routine sharing of this body (security officer)',
        body: StandingConsentInput,
        response: { 201: StandingConsentOut, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const row = await createStanding({ unit, actor, input: request.body, deps });
        const [body] = await presentRules(unit, [row]);
        return { status: 201, body };
      });
      reply.status(result.status);
      return result.body;
    },
  );

  app.post(
    '/api/v1/standing-consents/:id/revoke',
    {
      schema: {
        tags,
        summary: 'Revoke a standing consent (future shares need an answer again)',
        params: ShareParams,
        response: { 200: StandingConsentOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => {
        const row = await revokeStanding({ unit, actor, id, deps });
        const [body] = await presentRules(unit, [row]);
        return body;
      });
    },
  );
}
