import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { conflict } from '../../platform/http/openapi.js';
import type { ChangeDeps } from '../changes/changes.deps.js';
import { presentChange } from '../changes/changes.presenter.js';
import { ChangeOut } from '../changes/changes.schemas.js';
import { changeView } from '../changes/changes.views.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { acknowledgeInApp } from './notifications.ack.js';
import type { NotificationDeps } from './notifications.deps.js';
import { incidentNotifications } from './notifications.history.js';
import { myNotifications } from './notifications.inbox.js';
import { ackLinkRoutes } from './notifications.link.js';
import { presentNotification } from './notifications.presenter.js';
import {
  IdParams,
  NotificationListOut,
  NotificationListQuery,
  NotificationOut,
  OrgParams,
  RulesInput,
  RulesOut,
  StepListOut,
} from './notifications.schemas.js';
import { effectiveRules, replaceRules, rulesOrg } from './notifications.usecases.js';

const tags = ['notifications'];

/** What the notification routes use (the acknowledgment link's included). */
export interface NotificationRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  notificationDeps: NotificationDeps;
  changeDeps: ChangeDeps;
}

export function notificationRoutes(app: Api, deps: NotificationRoutesDeps): void {
  readRulesRoute(app, deps);
  replaceRulesRoute(app, deps);
  myNotificationsRoute(app, deps);
  acknowledgeNotificationRoute(app, deps);
  incidentNotificationsRoute(app, deps);
  ackLinkRoutes(app, deps);
}

/** GET /api/v1/orgs/:slug/notification-rules */
function readRulesRoute(app: Api, { handle, notificationDeps: deps }: NotificationRoutesDeps): void {
  app.get(
    '/api/v1/orgs/:slug/notification-rules',
    {
      schema: {
        operationId: 'getNotificationRules',
        tags,
        summary: "A body's notification rules, defaults included",
        params: OrgParams,
        response: { 200: RulesOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      const org = await rulesOrg(handle.db, actor, slug);
      return effectiveRules(handle.db, org, deps.escalationMinutes);
    },
  );
}

/** PUT /api/v1/orgs/:slug/notification-rules */
function replaceRulesRoute(
  app: Api,
  { handle, clock, notificationDeps: deps, changeDeps: changes }: NotificationRoutesDeps,
): void {
  app.put(
    '/api/v1/orgs/:slug/notification-rules',
    {
      schema: {
        operationId: 'replaceNotificationRules',
        tags,
        summary:
          "Replace a body's notification rules (its security officer; anyone else's is asked, 202, until the body confirms); unlisted events follow the default",
        params: OrgParams,
        body: RulesInput,
        response: {
          200: RulesOut,
          202: ChangeOut,
          409: conflict('a change about this is waiting already, or nobody may confirm it'),
        },
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { slug } = request.params;
      return inTransaction(handle, async (unit) => {
        const input = request.body;
        const proposed = await replaceRules({ unit, actor, slug, input, deps, changes });
        if ('done' in proposed) return proposed.done;
        reply.status(202);
        return presentChange(await changeView(unit.tx, actor, proposed.pending, clock.now()));
      });
    },
  );
}

/** GET /api/v1/notifications */
function myNotificationsRoute(app: Api, { handle, notificationDeps: deps }: NotificationRoutesDeps): void {
  app.get(
    '/api/v1/notifications',
    {
      schema: {
        operationId: 'listMyNotifications',
        tags,
        summary: "The caller's notifications (to its user or its e-mail address), newest first",
        querystring: NotificationListQuery,
        response: { 200: NotificationListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { status = 'all', limit = 100 } = request.query;
      const openOnly = status === 'open';
      return inTransaction(handle, (unit) => myNotifications({ unit, actor, openOnly, limit, deps }));
    },
  );
}

/** POST /api/v1/notifications/:id/acknowledge */
function acknowledgeNotificationRoute(
  app: Api,
  { handle, notificationDeps: deps }: NotificationRoutesDeps,
): void {
  app.post(
    '/api/v1/notifications/:id/acknowledge',
    {
      schema: {
        operationId: 'acknowledgeNotification',
        tags,
        summary: 'Acknowledge one of my notifications (stops its escalation)',
        params: IdParams,
        response: {
          200: NotificationOut,
          409: conflict('the notification has been acknowledged already'),
        },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      const done = await inTransaction(handle, (unit) => acknowledgeInApp({ unit, actor, id, deps }));
      const orgs = await orgsDirectory.byIds(handle.db, [done.alert_org_id]);
      return presentNotification(done, orgs);
    },
  );
}

/** GET /api/v1/incidents/:id/notifications */
function incidentNotificationsRoute(
  app: Api,
  { handle, notificationDeps: deps }: NotificationRoutesDeps,
): void {
  app.get(
    '/api/v1/incidents/:id/notifications',
    {
      schema: {
        operationId: 'listIncidentNotifications',
        tags,
        summary: 'Who was notified of an incident, deliveries, escalations and acknowledgments (its readers)',
        params: IdParams,
        response: { 200: StepListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id } = request.params;
      return inTransaction(handle, async (unit) => ({
        items: await incidentNotifications({ unit, actor, incidentId: id, deps }),
      }));
    },
  );
}
