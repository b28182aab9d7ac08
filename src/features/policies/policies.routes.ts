import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Actor } from '../../platform/access/roles.js';
import { requireActor } from '../../platform/auth/authenticate.js';
import type { DatabaseHandle, Executor } from '../../platform/db/database.js';
import { inTransaction } from '../../platform/db/transaction.js';
import type { Api } from '../../platform/http/api.js';
import { idempotentTransaction } from '../../platform/http/idempotency.js';
import {
  answers,
  conflict,
  jsonWith,
  location,
  problemResponse,
  refused,
} from '../../platform/http/openapi.js';
import { fileAnswer, sendAttachment } from '../attachments/attachments.send.js';
import { uploadParser } from '../attachments/attachments.upload.js';
import type { Upload } from '../attachments/attachments.usecases.js';
import {
  confirmClause,
  downloadExcerpt,
  readClause,
  readRegister,
  recordClause,
  reviseClause,
  uploadExcerpt,
} from './policies.clauses.js';
import { coverageFor, fiscalYearAsked } from './policies.coverage.js';
import type { PolicyDeps } from './policies.deps.js';
import { policyErrors } from './policies.errors.js';
import { presentClause, presentRequest } from './policies.presenter.js';
import {
  answerRequest,
  closeRequest,
  listRequests,
  type RequestView,
  readRequest,
  sendRequest,
} from './policies.requests.js';
import {
  AnswerInput,
  ClauseInput,
  ClauseOut,
  ClauseRevisionInput,
  CoverageOut,
  ExcerptQuery,
  FiscalYearQuery,
  IdParams,
  RegisterOut,
  RequestInput,
  RequestListOut,
  RequestOut,
  RevisionInput,
  SlugParams,
} from './policies.schemas.js';

const tags = ['policies'];

/** What the policy register's routes use. */
export interface PolicyRoutesDeps {
  handle: DatabaseHandle;
  policyDeps: PolicyDeps;
}

const BAD_TEXT =
  '400 when a text is empty, too long, or holds control, bidirectional or invisible characters (text.*), or a date is not a calendar date (policies.invalid_date)';

/** The policy clause register (ポリシーへの記載), the requests (要請) of ministries to their agencies, coverage. */
export function policyRoutes(app: Api, deps: PolicyRoutesDeps): void {
  // The excerpt takes a PDF as raw bytes: its own scope, so that no other route parses them.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(
      '*',
      uploadParser(deps.policyDeps.excerptMaxBytes, policyErrors.excerptTooLarge),
    );
    excerptUploadRoute(scope.withTypeProvider<TypeBoxTypeProvider>(), deps);
  });
  clauseRoutes(app, deps);
  requestRoutes(app, deps);
  coverageRoute(app, deps);
}

const clauseAnswer = async (db: Executor, actor: Actor, id: string) => {
  const { clause, org } = await readClause(db, actor, id);
  return presentClause(clause, org);
};

function clauseRoutes(app: Api, { handle, policyDeps: deps }: PolicyRoutesDeps): void {
  app.get(
    '/api/v1/orgs/:slug/policy-clauses',
    {
      schema: {
        operationId: 'getPolicyRegister',
        tags,
        summary:
          'A body’s policy clause register, newest first, history included: the body, its supervising ministry, the center, administrators and auditors (read only)',
        params: SlugParams,
        response: { 200: RegisterOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const { org, mayRecord, items } = await readRegister(handle.db, actor, request.params.slug);
      return {
        org: { slug: org.slug, nameJa: org.name_ja, nameEn: org.name_en, kind: org.kind },
        mayRecord,
        items: items.map((c) => presentClause(c, org)),
      };
    },
  );
  app.post(
    '/api/v1/orgs/:slug/policy-clauses',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'recordPolicyClause',
        tags,
        summary: `Record that a version of the body’s information security policy holds the reporting clause, not yet confirmed (the body’s security officer; audited). ${BAD_TEXT}`,
        params: SlugParams,
        body: ClauseInput,
        response: answers({ 201: jsonWith(ClauseOut, { location }, 'Recorded') }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, deps.clock.now, async (unit) => {
        const { clause, org } = await recordClause({
          unit,
          actor,
          slug: request.params.slug,
          input: request.body,
          deps,
        });
        return { status: 201, body: presentClause(clause, org) };
      });
      reply.status(result.status).header('location', `/api/v1/policy-clauses/${result.body.id}`);
      return result.body;
    },
  );
  app.get(
    '/api/v1/policy-clauses/:id',
    {
      schema: {
        operationId: 'getPolicyClause',
        tags,
        summary:
          'A clause record: whoever reads the body’s register; anyone else is answered as for a missing one',
        params: IdParams,
        response: { 200: ClauseOut },
      },
    },
    async (request) => clauseAnswer(handle.db, requireActor(request), request.params.id),
  );
  app.post(
    '/api/v1/policy-clauses/:id/revisions',
    {
      schema: {
        operationId: 'revisePolicyClause',
        tags,
        summary:
          'A new revision of a clause record, on the revision read: a new record to be confirmed again; the one revised stays as history (the body’s security officer; audited)',
        params: IdParams,
        body: ClauseRevisionInput,
        response: answers({
          201: jsonWith(ClauseOut, { location }, 'Revised: the new record'),
          409: conflict(
            'the record changed since the revision given (a replay or a racing edit), or is superseded (policies.stale, policies.not_recorded)',
          ),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const { revision, documentName, documentVersion, inForceOn, clauseText } = request.body;
      // Answered after the commit: a reader told of the new record finds it and the old one's new state.
      const body = await inTransaction(handle, async (unit) => {
        const { clause, org } = await reviseClause({
          unit,
          actor,
          id: request.params.id,
          input: { revision, documentName, documentVersion, inForceOn, clauseText },
          deps,
        });
        return presentClause(clause, org);
      });
      reply.status(201).header('location', `/api/v1/policy-clauses/${body.id}`);
      return body;
    },
  );
  app.post(
    '/api/v1/policy-clauses/:id/confirm',
    {
      schema: {
        operationId: 'confirmPolicyClause',
        tags,
        summary:
          'Confirm a clause record as read (its revision): it becomes the body’s clause in force and the one before it history (the body’s security officer; audited)',
        params: IdParams,
        body: RevisionInput,
        response: answers({
          200: ClauseOut,
          409: conflict(
            'the record changed since the revision given, or is confirmed already (a replay) or superseded (policies.stale, policies.not_recorded)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const { clause, org } = await confirmClause({
          unit,
          actor,
          id: request.params.id,
          revision: request.body.revision,
          deps,
        });
        return presentClause(clause, org);
      });
    },
  );
  app.get(
    '/api/v1/policy-clauses/:id/excerpt',
    {
      schema: {
        operationId: 'downloadPolicyExcerpt',
        tags,
        summary:
          'Download a record’s excerpt: always as a file to save (Content-Disposition: attachment, nosniff, a sandboxing CSP), never shown in the browser (audited)',
        params: IdParams,
        response: answers({ 200: fileAnswer }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const file = await inTransaction(handle, (unit) =>
        downloadExcerpt({ unit, actor, id: request.params.id, deps }),
      );
      return sendAttachment(reply, file);
    },
  );
}

const pdf = { description: 'The excerpt’s bytes: a PDF, sent as application/pdf' };

function excerptUploadRoute(app: Api, { handle, policyDeps: deps }: PolicyRoutesDeps): void {
  app.put(
    '/api/v1/policy-clauses/:id/excerpt',
    {
      schema: {
        operationId: 'uploadPolicyExcerpt',
        tags,
        summary:
          'Keep the policy’s excerpt (a PDF) with a record not yet confirmed, on the revision read, with its SHA-256 (the body’s security officer; audited). 400 policies.not_pdf when the bytes are not a PDF (nothing may come before %PDF-), 415 policies.not_pdf_type when not sent as application/pdf',
        params: IdParams,
        querystring: ExcerptQuery,
        body: { content: { 'application/pdf': { schema: pdf } } },
        response: answers({
          200: ClauseOut,
          409: conflict(
            'the record changed since the revision given, or is confirmed (policies.stale, policies.not_recorded)',
          ),
          413: problemResponse(
            'The excerpt is larger than RENRAKU_POLICY_EXCERPT_MAX_BYTES (policies.excerpt_too_large)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) => {
        const { clause, org } = await uploadExcerpt({
          unit,
          actor,
          id: request.params.id,
          input: { ...request.query, mediaType: request.headers['content-type'] },
          upload: request.body as Upload | undefined,
          deps,
        });
        return presentClause(clause, org);
      });
    },
  );
}

function requestRoutes(app: Api, { handle, policyDeps: deps }: PolicyRoutesDeps): void {
  const present = (v: RequestView) => presentRequest(v.request, v.targets, v.orgs, deps.clock.now());
  app.get(
    '/api/v1/policy-requests',
    {
      schema: {
        operationId: 'listPolicyRequests',
        tags,
        summary:
          'The fiscal year’s policy requests the caller sees: those its body sent (every body asked) or was asked (its own part only); all for the center',
        querystring: FiscalYearQuery,
        response: { 200: RequestListOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const fiscalYear = fiscalYearAsked(request.query.fiscalYear, deps.clock.now(), deps.timeZone);
      return { fiscalYear, items: (await listRequests(handle.db, actor, fiscalYear)).map(present) };
    },
  );
  app.post(
    '/api/v1/policy-requests',
    {
      config: { idempotent: true },
      schema: {
        operationId: 'sendPolicyRequest',
        tags,
        summary: `Ask bodies (a ministry its agencies, all or those named; the center the ministries) to add the reporting clause to their policy and to confirm their contact structures by a due date; mailed to their officers, reminded before and escalated after the due date (a ministry’s security officer, the center’s coordinators; audited). A body the sender may not ask is answered as unknown (orgs.not_found); a due date past answers 400 policies.due_in_past. ${BAD_TEXT}`,
        body: RequestInput,
        response: answers({
          201: jsonWith(RequestOut, { location }, 'Sent'),
          422: refused('the sender has no body to ask (policies.no_bodies)'),
        }),
      },
    },
    async (request, reply) => {
      const actor = requireActor(request);
      const result = await idempotentTransaction(handle, request, actor, deps.clock.now, async (unit) => ({
        status: 201,
        body: present(await sendRequest({ unit, actor, input: request.body, deps })),
      }));
      reply.status(result.status).header('location', `/api/v1/policy-requests/${result.body.id}`);
      return result.body;
    },
  );
  app.get(
    '/api/v1/policy-requests/:id',
    {
      schema: {
        operationId: 'getPolicyRequest',
        tags,
        summary:
          'A policy request with the asked bodies’ status (open, answered, overdue, closed): every body for the sender and the center, its own for an asked body',
        params: IdParams,
        response: { 200: RequestOut },
      },
    },
    async (request) => present(await readRequest(handle.db, requireActor(request), request.params.id)),
  );
  app.post(
    '/api/v1/policy-requests/:id/answer',
    {
      schema: {
        operationId: 'answerPolicyRequest',
        tags,
        summary:
          'Answer a request for the caller’s body: with its own confirmed clause record (another body’s is unknown: policies.clause_not_found), that its contact structure is confirmed, or both (the asked body’s security officer; audited)',
        params: IdParams,
        body: AnswerInput,
        response: answers({
          200: RequestOut,
          409: conflict(
            'answered already (a replay), the request closed, the record not confirmed, or a concurrent answer (policies.already_answered, policies.request_closed, policies.clause_not_confirmed, policies.stale)',
          ),
        }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) =>
        present(await answerRequest({ unit, actor, id: request.params.id, input: request.body, deps })),
      );
    },
  );
  app.post(
    '/api/v1/policy-requests/:id/close',
    {
      schema: {
        operationId: 'closePolicyRequest',
        tags,
        summary: 'Close a request: nobody is chased on it any more (the sending body; audited)',
        params: IdParams,
        response: answers({ 200: RequestOut, 409: conflict('closed already (policies.request_closed)') }),
      },
    },
    async (request) => {
      const actor = requireActor(request);
      return inTransaction(handle, async (unit) =>
        present(await closeRequest({ unit, actor, id: request.params.id, deps })),
      );
    },
  );
}

function coverageRoute(app: Api, { handle, policyDeps: deps }: PolicyRoutesDeps): void {
  app.get(
    '/api/v1/policy-coverage',
    {
      schema: {
        operationId: 'getPolicyCoverage',
        tags,
        summary:
          'The fiscal year’s coverage per body, in tree order: clause confirmed (version, when), contact structure confirmed, requests open and overdue. The center: the whole government; a ministry: itself and its agencies; an agency: itself. A year not yet begun answers 400 policies.future_fiscal_year',
        querystring: FiscalYearQuery,
        response: { 200: CoverageOut },
      },
    },
    async (request) => {
      const actor = requireActor(request);
      const now = deps.clock.now();
      const fiscalYear = fiscalYearAsked(request.query.fiscalYear, now, deps.timeZone);
      return { fiscalYear, items: await coverageFor(handle.db, actor, fiscalYear, now) };
    },
  );
}
