import type { LightMyRequestResponse } from 'fastify';
import type { TestUser } from '../support/harness.js';
import { TINY_PDF } from '../support/policies.js';

// The policy register's operations as the OpenAPI contract test runs them (openapi-contract.test.ts): each
// success and its main refusals, every answer held against the document there.

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

export async function exercisePolicies(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  who: { agencyOfficer: TestUser; ministryOfficer: TestUser; stranger: TestUser; dueDate: string },
): Promise<void> {
  const { agencyOfficer, ministryOfficer, stranger, dueDate } = who;
  const register = `/api/v1/orgs/${agencyOfficer.org.slug}/policy-clauses`;
  ok(await call(ministryOfficer, 'GET', register), 200);
  refused(await call(stranger, 'GET', register), 404);
  const input = {
    documentName: '情報セキュリティポリシー',
    documentVersion: '第1版',
    inForceOn: '2026-04-01',
    clauseText: '速やかに報告する。',
  };
  refused(await call(agencyOfficer, 'POST', register, { ...input, clauseText: '報告\u200b' }), 400);
  refused(await call(ministryOfficer, 'POST', register, input), 403);
  const clause = ok(await call(agencyOfficer, 'POST', register, input), 201);
  const c = `/api/v1/policy-clauses/${clause.id}`;
  ok(await call(agencyOfficer, 'GET', c), 200);
  refused(await call(stranger, 'GET', c), 404);
  const pdf = { 'content-type': 'application/pdf' };
  refused(await call(agencyOfficer, 'PUT', `${c}/excerpt?revision=1&name=a.pdf`, 'not a pdf', pdf), 400);
  refused(
    await call(agencyOfficer, 'PUT', `${c}/excerpt?revision=1&name=a.pdf`, TINY_PDF, {
      'content-type': 'text/html',
    }),
    415,
  );
  refused(await call(agencyOfficer, 'PUT', `${c}/excerpt?revision=9&name=a.pdf`, TINY_PDF, pdf), 409);
  ok(await call(agencyOfficer, 'PUT', `${c}/excerpt?revision=1&name=a.pdf`, TINY_PDF, pdf), 200);
  ok(await call(ministryOfficer, 'GET', `${c}/excerpt`), 200);
  refused(await call(stranger, 'GET', `${c}/excerpt`), 404);
  refused(await call(agencyOfficer, 'POST', `${c}/confirm`, { revision: 1 }), 409);
  ok(await call(agencyOfficer, 'POST', `${c}/confirm`, { revision: 2 }), 200);
  const revision = { ...input, revision: 3, documentVersion: '第2版' };
  refused(await call(stranger, 'POST', `${c}/revisions`, revision), 404);
  refused(await call(ministryOfficer, 'POST', `${c}/revisions`, revision), 403);
  refused(await call(agencyOfficer, 'POST', `${c}/revisions`, { ...revision, clauseText: '\u200b' }), 400);
  ok(await call(agencyOfficer, 'POST', `${c}/revisions`, revision), 201);
  refused(await call(agencyOfficer, 'POST', `${c}/revisions`, revision), 409);

  refused(await call(ministryOfficer, 'POST', '/api/v1/policy-requests', { dueDate: '2000-01-01' }), 400);
  refused(await call(agencyOfficer, 'POST', '/api/v1/policy-requests', { dueDate }), 403);
  const request = ok(await call(ministryOfficer, 'POST', '/api/v1/policy-requests', { dueDate }), 201);
  const r = `/api/v1/policy-requests/${request.id}`;
  ok(await call(ministryOfficer, 'GET', '/api/v1/policy-requests'), 200);
  refused(await call(ministryOfficer, 'GET', '/api/v1/policy-requests?fiscalYear=2199'), 400);
  ok(await call(agencyOfficer, 'GET', r), 200);
  refused(await call(stranger, 'GET', r), 404);
  refused(await call(agencyOfficer, 'POST', `${r}/answer`, {}), 400);
  ok(await call(agencyOfficer, 'POST', `${r}/answer`, { clauseId: clause.id }), 200);
  refused(await call(agencyOfficer, 'POST', `${r}/answer`, { clauseId: clause.id }), 409);
  refused(await call(agencyOfficer, 'POST', `${r}/close`), 403);
  ok(await call(ministryOfficer, 'POST', `${r}/close`), 200);
  refused(await call(ministryOfficer, 'POST', `${r}/close`), 409);

  ok(await call(ministryOfficer, 'GET', '/api/v1/policy-coverage'), 200);
  refused(await call(ministryOfficer, 'GET', '/api/v1/policy-coverage?fiscalYear=2199'), 400);
}
