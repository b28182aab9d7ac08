import type { Actor } from '../../platform/access/roles.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { Clock } from '../../platform/clock.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import { answers, conflict, jsonWith, location, refused } from '../../platform/http/openapi.js';
import { presentNotice, presentNoticeSummary, presentTrack } from './notices.presenter.js';
import {
  AccountabilityOut,
  CommentInput,
  DecisionInput,
  DraftNoticeInput,
  EditVersionInput,
  IncidentIdParams,
  NewVersionInput,
  NoticeIdParams,
  NoticeOut,
  OpenTrackInput,
  RevisionInput,
  TrackOut,
  VersionParams,
} from './notices.schemas.js';
import {
  decidePublicExplanation,
  type NoticeDeps,
  openTrackByBody,
  readAccountability,
} from './notices.track.js';
import {
  addVersion,
  approveVersion,
  commentOnNotice,
  draftNotice,
  editVersion,
  publishVersion,
  readNotice,
  withdrawNotice,
} from './notices.usecases.js';

const tags = ['notices'];

/** What the accountability and notice routes use. */
export interface NoticeRoutesDeps {
  handle: DatabaseHandle;
  clock: Clock;
  noticeDeps: NoticeDeps;
}

const BAD_TEXT =
  'a text is empty, too long, or holds control, bidirectional or invisible characters (text.*), answered 400';

/** An incident's accountability track and its public notices, before and through publication. */
export function noticeRoutes(app: Api, deps: NoticeRoutesDeps): void {
  trackRoutes(app, deps);
  draftRoutes(app, deps);
  versionRoutes(app, deps);
}

const noticeAnswer = async (db: Executor, actor: Actor, id: string) => {
  const { notice, versions, comments } = await readNotice(db, actor, id);
  return presentNotice(notice, versions, comments);
};

function trackRoutes(app: Api, { handle, clock, noticeDeps }: NoticeRoutesDeps): void {
  app.get(
    '/api/v1/incidents/:id/accountability',
    {
      schema: {
        operationId: 'getAccountability',
        tags,
        summary:
          'The incident’s accountability track (公表要否) and its notices: the body, its supervising ministry and the center',
        params: IncidentIdParams,
        response: { 200: AccountabilityOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { track, notices } = await readAccountability(handle.db, actor, request.params.id);
      return {
        track: presentTrack(track, clock.now()),
        notices: notices.map((n) => presentNoticeSummary(n.notice, n.versions)),
      };
    },
  );
  app.post(
    '/api/v1/incidents/:id/accountability',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'openAccountability',
        tags,
        summary:
          'Open the incident’s accountability track: the body decides by the due time whether the public is told (the body’s reporters and security officers; audited)',
        params: IncidentIdParams,
        body: OpenTrackInput,
        response: answers({
          201: jsonWith(TrackOut, { location }, 'Opened'),
          409: conflict('the incident has a track already (notices.track_exists)'),
          422: refused('an exercise incident is never explained to the public (notices.exercise)'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const track = await openTrackByBody({
          unit,
          actor,
          incidentId: request.params.id,
          reason: request.body.reason,
          deps: noticeDeps,
        });
        return { status: 201, body: presentTrack(track, clock.now()) };
      });
      reply.status(result.status).header('location', `/api/v1/incidents/${request.params.id}/accountability`);
      return result.body;
    },
  );
  app.post(
    '/api/v1/incidents/:id/accountability/decision',
    {
      schema: {
        operationId: 'decideAccountability',
        tags,
        summary:
          'Record the decision whether to explain the incident to the public (publish / not needed) with its reason, on the revision read (the body’s security officer; audited)',
        params: IncidentIdParams,
        body: DecisionInput,
        response: answers({
          200: TrackOut,
          409: conflict('the track has changed since the revision given (notices.stale)'),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const track = await decidePublicExplanation({
          unit,
          actor,
          incidentId: request.params.id,
          input: request.body,
          deps: noticeDeps,
        });
        return presentTrack(track, clock.now());
      });
    },
  );
}

function draftRoutes(app: Api, { handle, clock, noticeDeps }: NoticeRoutesDeps): void {
  app.post(
    '/api/v1/incidents/:id/notices',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'draftNotice',
        tags,
        summary: `Draft a public notice (お知らせ / 報道発表) on the incident, its 第1報, from the template unless text is given (the body's reporters and security officers; audited). Nothing of the incident is copied into it. 400 when ${BAD_TEXT}`,
        params: IncidentIdParams,
        body: DraftNoticeInput,
        response: answers({ 201: jsonWith(NoticeOut, { location }, 'Drafted') }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, clock.now, async (unit) => {
        const id = await draftNotice({
          unit,
          actor,
          incidentId: request.params.id,
          input: request.body,
          deps: noticeDeps,
        });
        return { status: 201, body: await noticeAnswer(unit.tx, actor, id) };
      });
      reply.status(result.status).header('location', `/api/v1/notices/${result.body.id}`);
      return result.body;
    },
  );
  app.get(
    '/api/v1/notices/:id',
    {
      schema: {
        operationId: 'getNotice',
        tags,
        summary: 'A notice with its versions and comments: the body, its supervising ministry and the center',
        params: NoticeIdParams,
        response: { 200: NoticeOut },
      },
    },
    async (request) => noticeAnswer(handle.db, requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/notices/:id/comments',
    {
      schema: {
        operationId: 'commentOnNotice',
        tags,
        summary: `Comment on a version before it is published: the body, its supervising ministry, the center (audited). 400 when ${BAD_TEXT}`,
        params: NoticeIdParams,
        body: CommentInput,
        response: answers({
          201: NoticeOut,
          409: conflict(
            'the version is published or the notice withdrawn (notices.not_draft, notices.withdrawn)',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const out = await inTransaction(handle, async (unit) => {
        await commentOnNotice({ unit, actor, id: request.params.id, input: request.body, deps: noticeDeps });
        return noticeAnswer(unit.tx, actor, request.params.id);
      });
      reply.status(201);
      return out;
    },
  );
  app.post(
    '/api/v1/notices/:id/withdraw',
    {
      schema: {
        operationId: 'withdrawNotice',
        tags,
        summary:
          'Withdraw a published notice: the public site keeps a dated tombstone, and open drafts are discarded (the body’s security officer; audited)',
        params: NoticeIdParams,
        response: answers({
          200: NoticeOut,
          409: conflict(
            'the notice is not published, or withdrawn already (notices.not_published, notices.withdrawn)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        await withdrawNotice({ unit, actor, id: request.params.id, deps: noticeDeps });
        return noticeAnswer(unit.tx, actor, request.params.id);
      });
    },
  );
}

function versionRoutes(app: Api, { handle, noticeDeps }: NoticeRoutesDeps): void {
  app.post(
    '/api/v1/notices/:id/versions',
    {
      schema: {
        operationId: 'addNoticeVersion',
        tags,
        summary: `Start the next version of a published notice (第N報, or a correction 訂正), from the text last published unless given (the body's reporters and security officers; audited). 400 when ${BAD_TEXT}`,
        params: NoticeIdParams,
        body: NewVersionInput,
        response: answers({
          201: NoticeOut,
          409: conflict(
            'the notice is not published, is withdrawn, or has a version not yet published (notices.not_published, notices.withdrawn, notices.open_version)',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const out = await inTransaction(handle, async (unit) => {
        await addVersion({ unit, actor, id: request.params.id, input: request.body, deps: noticeDeps });
        return noticeAnswer(unit.tx, actor, request.params.id);
      });
      reply.status(201);
      return out;
    },
  );
  app.patch(
    '/api/v1/notices/:id/versions/:seq',
    {
      schema: {
        operationId: 'editNoticeVersion',
        tags,
        summary: `Change a version's text on the revision read: it goes back to draft and needs approval again (the body's reporters and security officers; audited). 400 when ${BAD_TEXT}`,
        params: VersionParams,
        body: EditVersionInput,
        response: answers({
          200: NoticeOut,
          409: conflict(
            'the version changed since the revision given, is published, or the notice is withdrawn (notices.stale, notices.not_draft, notices.withdrawn)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, seq } = request.params;
      return inTransaction(handle, async (unit) => {
        await editVersion({ unit, actor, id, seq, input: request.body, deps: noticeDeps });
        return noticeAnswer(unit.tx, actor, id);
      });
    },
  );
  app.post(
    '/api/v1/notices/:id/versions/:seq/approve',
    {
      schema: {
        operationId: 'approveNoticeVersion',
        tags,
        summary:
          'Approve a draft as read (its revision): the body’s designated approver (its security officer), who neither wrote nor changed it — four eyes (audited). 403 notices.own_draft for an author',
        params: VersionParams,
        body: RevisionInput,
        response: answers({
          200: NoticeOut,
          409: conflict(
            'the version changed since the revision given, is not a draft (approved already: a replay), or the notice is withdrawn (notices.stale, notices.not_draft, notices.withdrawn)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, seq } = request.params;
      return inTransaction(handle, async (unit) => {
        await approveVersion({ unit, actor, id, seq, revision: request.body.revision, deps: noticeDeps });
        return noticeAnswer(unit.tx, actor, id);
      });
    },
  );
  app.post(
    '/api/v1/notices/:id/versions/:seq/publish',
    {
      schema: {
        operationId: 'publishNoticeVersion',
        tags,
        summary:
          'Publish an approved version, as approved (its revision), on the public site; the body must have decided to publish (the body’s security officer; audited)',
        params: VersionParams,
        body: RevisionInput,
        response: answers({
          200: NoticeOut,
          409: conflict(
            'not approved, changed since the revision given, published already, the notice withdrawn, or no decision to publish (notices.not_approved, notices.stale, notices.not_draft, notices.withdrawn, notices.not_decided)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { id, seq } = request.params;
      return inTransaction(handle, async (unit) => {
        await publishVersion({ unit, actor, id, seq, revision: request.body.revision, deps: noticeDeps });
        return noticeAnswer(unit.tx, actor, id);
      });
    },
  );
}
