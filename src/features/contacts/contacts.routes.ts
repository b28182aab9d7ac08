import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../../platform/auth/authenticate.js';
import { inTransaction } from '../../platform/db/transaction.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { problemResponses as errors } from '../../platform/http/schemas.js';
import type { Services } from '../../services.js';
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
import {
  type ContactWritten,
  changeContact,
  contactDepsOf,
  createContact,
  listContacts,
  removeContact,
  verifyContacts,
  withAvailability,
} from './contacts.usecases.js';
import { rotateWebhookSecret } from './contacts.webhook.js';

const tags = ['contacts'];

/** A body's contact structure (連絡体制): read by whom DESIGN §4 lets, changed by its security officer. */
export function contactRoutes(app: FastifyInstance, services: Services): void {
  const { handle, clock } = services;
  const deps = contactDepsOf(services);

  const written = (w: ContactWritten) =>
    presentContact(withAvailability(w.contact, clock.now()), w.org.slug, 'manage');

  app.get(
    '/api/v1/orgs/:slug/contacts',
    {
      schema: {
        tags,
        summary: "A body's contacts in escalation order, with who is available now (or at `at`)",
        params: OrgParams,
        querystring: ContactsQuery,
        response: { 200: ContactListOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params as { slug: string };
      const { at: atText } = request.query as { at?: string };
      const at = atText ? new Date(atText) : clock.now();
      const list = await inTransaction(handle, (unit) => listContacts({ unit, actor, slug, at, deps }));
      const view = list.canManage ? 'manage' : 'read';
      return {
        at: at.toISOString(),
        items: list.contacts.map((c) => presentContact(c, list.org.slug, view)),
        webhookSecretCreatedAt: list.webhookSecretCreatedAt,
      };
    },
  );

  app.post(
    '/api/v1/orgs/:slug/contacts',
    {
      schema: {
        tags,
        summary:
          "Add a contact (the body's security officer); the body's webhook signing key is shown once when its first webhook contact creates it",
        params: OrgParams,
        body: ContactInput,
        response: { 201: ContactWrittenOut, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug } = request.params as { slug: string };
      const input = request.body as ContactInput;
      // The key is not kept with the idempotent answer: a replay shows the contact without it.
      let webhookSecret: string | undefined;
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const w = await createContact({ unit, actor, slug, input, deps });
        webhookSecret = w.webhookSecret;
        return { status: 201, body: written(w) };
      });
      const body = result.body as { id: string };
      reply.status(result.status).header('location', `/api/v1/orgs/${slug}/contacts/${body.id}`);
      return webhookSecret && !result.replayed ? { ...body, webhookSecret } : body;
    },
  );

  app.patch(
    '/api/v1/orgs/:slug/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Change a contact, or move it in the escalation order (`order`)',
        params: ContactParams,
        body: ContactChangeInput,
        response: { 200: ContactWrittenOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug, id } = request.params as { slug: string; id: string };
      const input = request.body as ContactChangeInput;
      const w = await inTransaction(handle, (unit) => changeContact({ unit, actor, slug, id, input, deps }));
      return w.webhookSecret ? { ...written(w), webhookSecret: w.webhookSecret } : written(w);
    },
  );

  app.delete(
    '/api/v1/orgs/:slug/contacts/:id',
    {
      schema: {
        tags,
        summary: 'Remove a contact; those after it move up',
        params: ContactParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug, id } = request.params as { slug: string; id: string };
      await inTransaction(handle, (unit) => removeContact({ unit, actor, slug, id, deps }));
      reply.status(204);
    },
  );

  app.post(
    '/api/v1/orgs/:slug/contacts/verify',
    {
      schema: {
        tags,
        summary: "The body's security officer confirms that its contact structure is current",
        params: OrgParams,
        response: { 200: VerifyOut, ...errors },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params as { slug: string };
      return inTransaction(handle, (unit) => verifyContacts({ unit, actor, slug, deps }));
    },
  );

  app.post(
    '/api/v1/orgs/:slug/webhook-secret',
    {
      schema: {
        tags,
        summary: "Replace the body's webhook signing key (HMAC-SHA256); the new key is shown once",
        params: OrgParams,
        response: { 201: WebhookSecretOut, ...errors },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug } = request.params as { slug: string };
      const rotated = await inTransaction(handle, (unit) => rotateWebhookSecret({ unit, actor, slug, deps }));
      reply.status(201);
      return rotated;
    },
  );
}
