import { Type } from 'typebox';
import { can } from '../../platform/access/rules.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, jsonWith, location, refused } from '../../platform/http/openapi.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { presentChange } from '../changes/changes.presenter.js';
import { ChangeOut } from '../changes/changes.schemas.js';
import { changeView } from '../changes/changes.views.js';
import { proposeContact, proposeContactChange, proposeContactRemoval } from './contacts.changes.js';
import type { ContactDeps } from './contacts.deps.js';
import { presentContact } from './contacts.presenter.js';
import {
  ContactChangeInput,
  ContactInput,
  ContactListOut,
  ContactParams,
  ContactsQuery,
  ContactWrittenOut,
  OrgParams,
  VerifyOut,
  WebhookSecretOut,
} from './contacts.schemas.js';
import { type ContactWritten, listContacts, verifyContacts, withAvailability } from './contacts.usecases.js';
import { rotateWebhookSecret } from './contacts.webhook.js';

const tags = ['contacts'];

/** A contact just written, as its body's officer sees it. */
const written = (w: ContactWritten, now: Date) =>
  presentContact(withAvailability(w.contact, now), w.org.slug, 'manage');

/** What the contact routes use. */
export interface ContactRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  contactDeps: ContactDeps;
  changeDeps: ChangeDeps;
}

/** A body's contact structure (連絡体制): read by whom DESIGN §4 lets, changed by its security officer. */
export function contactRoutes(app: Api, deps: ContactRoutesDeps): void {
  listContactsRoute(app, deps);
  addContactRoute(app, deps);
  changeContactRoute(app, deps);
  removeContactRoute(app, deps);
  verifyContactsRoute(app, deps);
  rotateWebhookSecretRoute(app, deps);
}

/** GET /api/v1/orgs/:slug/contacts */
function listContactsRoute(app: Api, { handle, clock, contactDeps: deps }: ContactRoutesDeps): void {
  app.get(
    '/api/v1/orgs/:slug/contacts',
    {
      schema: {
        operationId: 'listContacts',
        tags,
        summary: "A body's contacts in escalation order, with who is available now (or at `at`)",
        params: OrgParams,
        querystring: ContactsQuery,
        response: { 200: ContactListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const { at: atText } = request.query;
      const at = atText ? new Date(atText) : clock.now();
      const list = await inTransaction(handle, (unit) => listContacts({ unit, actor, slug, at, deps }));
      // A webhook URL may hold a capability: in full only to the body's own officer (and the host).
      const view = can.changeBodyDirectly(actor, { orgId: list.org.id }) ? 'manage' : 'read';
      return {
        at: at.toISOString(),
        items: list.contacts.map((c) => presentContact(c, list.org.slug, view)),
        webhookSecretCreatedAt: list.webhookSecretCreatedAt,
      };
    },
  );
}

/** POST /api/v1/orgs/:slug/contacts */
function addContactRoute(
  app: Api,
  { handle, clock, contactDeps: deps, changeDeps: changes }: ContactRoutesDeps,
): void {
  app.post(
    '/api/v1/orgs/:slug/contacts',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'addContact',
        tags,
        summary:
          "Add a contact (the body's security officer; anyone else's is asked, 202, until the body confirms); the body's webhook signing key is shown once when its first webhook contact creates it",
        params: OrgParams,
        body: ContactInput,
        response: answers({
          201: jsonWith(ContactWrittenOut, { location }, 'Added'),
          202: jsonWith(ChangeOut, { location }, 'Asked: the change waits for the body to confirm'),
          409: conflict('a change about this is waiting already, or nobody may confirm it'),
          422: refused(
            'too many contacts; no channel, a time zone or business hours not valid, a webhook URL not usable; asked for a contact with your own e-mail',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const input = request.body;
      // The key is not kept with the idempotent answer: a replay shows the contact without it.
      let webhookSecret: string | undefined;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const proposed = await proposeContact({ unit, actor, slug, input, deps, changes });
        if ('pending' in proposed)
          return {
            status: 202,
            body: presentChange(await changeView(unit.tx, actor, proposed.pending, clock.now())),
          };
        webhookSecret = proposed.done.webhookSecret;
        return { status: 201, body: written(proposed.done, clock.now()) };
      });
      const body = result.body;
      if (result.status === 202) {
        reply.status(202).header('location', `/api/v1/changes/${body.id}`);
        return body;
      }
      reply.status(result.status).header('location', `/api/v1/orgs/${slug}/contacts/${body.id}`);
      return webhookSecret && !result.replayed ? { ...body, webhookSecret } : body;
    },
  );
}

/** PATCH /api/v1/orgs/:slug/contacts/:id */
function changeContactRoute(
  app: Api,
  { handle, clock, contactDeps: deps, changeDeps: changes }: ContactRoutesDeps,
): void {
  app.patch(
    '/api/v1/orgs/:slug/contacts/:id',
    {
      schema: {
        operationId: 'updateContact',
        tags,
        summary:
          'Change a contact, or move it in the escalation order (`order`); asked (202) when not by the body’s security officer',
        params: ContactParams,
        body: ContactChangeInput,
        response: {
          200: ContactWrittenOut,
          202: ChangeOut,
          409: conflict('a change about this is waiting already, or nobody may confirm it'),
          422: refused(
            'no channel, a time zone or business hours not valid, a webhook URL not usable; asked for a contact with your own e-mail',
          ),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug, id } = request.params;
      const input = request.body;
      return inTransaction(handle, async (unit) => {
        const proposed = await proposeContactChange({ unit, actor, slug, id, input, deps, changes });
        if ('pending' in proposed) {
          reply.status(202);
          return presentChange(await changeView(unit.tx, actor, proposed.pending, clock.now()));
        }
        const w = proposed.done;
        return w.webhookSecret
          ? { ...written(w, clock.now()), webhookSecret: w.webhookSecret }
          : written(w, clock.now());
      });
    },
  );
}

/** DELETE /api/v1/orgs/:slug/contacts/:id */
function removeContactRoute(
  app: Api,
  { handle, clock, contactDeps: deps, changeDeps: changes }: ContactRoutesDeps,
): void {
  app.delete(
    '/api/v1/orgs/:slug/contacts/:id',
    {
      schema: {
        operationId: 'removeContact',
        tags,
        summary:
          'Remove a contact; those after it move up. Asked (202) when not by the body’s security officer',
        params: ContactParams,
        response: {
          204: Type.Null(),
          202: ChangeOut,
          409: conflict('a change about this is waiting already, or nobody may confirm it'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug, id } = request.params;
      return inTransaction(handle, async (unit) => {
        const proposed = await proposeContactRemoval({ unit, actor, slug, id, deps, changes });
        if ('pending' in proposed) {
          reply.status(202);
          return presentChange(await changeView(unit.tx, actor, proposed.pending, clock.now()));
        }
        reply.status(204);
        return null;
      });
    },
  );
}

/** POST /api/v1/orgs/:slug/contacts/verify */
function verifyContactsRoute(app: Api, { handle, contactDeps: deps }: ContactRoutesDeps): void {
  app.post(
    '/api/v1/orgs/:slug/contacts/verify',
    {
      schema: {
        operationId: 'verifyContacts',
        tags,
        summary:
          "The body's security officer confirms that its contact structure is current (nobody else may)",
        params: OrgParams,
        response: { 200: VerifyOut, 422: refused('the body has no contacts to confirm') },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      return inTransaction(handle, (unit) => verifyContacts({ unit, actor, slug, deps }));
    },
  );
}

/** POST /api/v1/orgs/:slug/webhook-secret */
function rotateWebhookSecretRoute(app: Api, { handle, contactDeps: deps }: ContactRoutesDeps): void {
  app.post(
    '/api/v1/orgs/:slug/webhook-secret',
    {
      schema: {
        operationId: 'replaceWebhookSecret',
        tags,
        summary:
          "Replace the body's webhook signing key (HMAC-SHA256; its security officer alone); the new key is shown once",
        params: OrgParams,
        response: { 201: WebhookSecretOut },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const rotated = await inTransaction(handle, (unit) => rotateWebhookSecret({ unit, actor, slug, deps }));
      reply.status(201);
      return rotated;
    },
  );
}
