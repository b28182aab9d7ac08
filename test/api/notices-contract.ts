import type { LightMyRequestResponse } from 'fastify';
import type { TestUser } from '../support/harness.js';

// The accountability track's, notices' and public site's operations as the OpenAPI contract test runs them
// (openapi-contract.test.ts): each success and its main refusals, every answer held against the document there.

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
  headers?: Record<string, string>,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

const content = (tag: string) => ({
  ja: {
    title: `${tag}について`,
    body: '概要',
    happened: '発生',
    impact: '影響',
    response: '対応',
    contact: '窓口',
  },
});

export async function exerciseNotices(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  who: { drafter: TestUser; approver: TestUser; stranger: TestUser },
): Promise<void> {
  const { drafter, approver, stranger } = who;
  const incident = ok(
    await call(drafter, 'POST', '/api/v1/incidents', {
      title: '公表の検討',
      summary: '個人情報の漏えいのおそれ',
      detectedAt: new Date(Date.now() - 60_000).toISOString(),
    }),
    201,
  );
  const base = `/api/v1/incidents/${incident.id}`;
  refused(await call(drafter, 'GET', `${base}/accountability`), 404);
  const track = ok(await call(drafter, 'POST', `${base}/accountability`, { reason: '漏えいのおそれ' }), 201);
  refused(await call(drafter, 'POST', `${base}/accountability`, { reason: 'もう一度' }), 409);
  ok(await call(drafter, 'GET', `${base}/accountability`), 200);
  refused(await call(stranger, 'GET', `${base}/accountability`), 404);
  const decision = { decision: 'publish', reason: '権利利益の侵害' };
  refused(await call(approver, 'POST', `${base}/accountability/decision`, { ...decision, revision: 9 }), 409);
  ok(
    await call(approver, 'POST', `${base}/accountability/decision`, {
      ...decision,
      revision: track.revision,
    }),
    200,
  );

  const notice = ok(await call(drafter, 'POST', `${base}/notices`, { kind: 'press' }), 201);
  const n = `/api/v1/notices/${notice.id}`;
  refused(
    await call(drafter, 'POST', `${base}/notices`, { kind: 'notice', content: content('\u200B') }),
    400,
  );
  ok(await call(drafter, 'GET', n), 200);
  refused(await call(stranger, 'GET', n), 404);
  ok(await call(approver, 'POST', `${n}/comments`, { seq: 1, body: '確認しました' }), 201);
  const edited = ok(
    await call(drafter, 'PATCH', `${n}/versions/1`, { revision: 1, content: content('不正アクセス') }),
    200,
  );
  const revision = (edited.versions as { revision: number }[])[0]?.revision ?? 0;
  refused(await call(drafter, 'PATCH', `${n}/versions/1`, { revision: 1, content: content('古い版') }), 409);
  refused(await call(drafter, 'POST', `${n}/versions/1/approve`, { revision }), 403);
  refused(await call(approver, 'POST', `${n}/versions/1/publish`, { revision }), 409);
  ok(await call(approver, 'POST', `${n}/versions/1/approve`, { revision }), 200);
  ok(await call(approver, 'POST', `${n}/versions/1/publish`, { revision: revision + 1 }), 200);
  ok(await call(drafter, 'POST', `${n}/versions`, { kind: 'correction' }), 201);
  refused(await call(drafter, 'POST', `${n}/versions`, { kind: 'report' }), 409);

  const index = await call(null, 'GET', '/public');
  ok(index, 200);
  refused(
    await call(null, 'GET', '/public', undefined, { 'if-none-match': String(index.headers.etag) }),
    304,
  );
  ok(await call(null, 'GET', `/public/notices/${notice.id}`), 200);
  refused(await call(null, 'GET', `/public/notices/${incident.id}`), 404);
  ok(
    await call(
      null,
      'GET',
      `/public/bodies/${String((await call(drafter, 'GET', '/api/v1/me')).json().org.slug)}`,
    ),
    200,
  );
  refused(await call(null, 'GET', '/public/bodies/no-such-body'), 404);
  ok(await call(null, 'GET', '/public/feed.atom'), 200);
  ok(await call(null, 'GET', '/public/feed.json'), 200);
  ok(await call(null, 'GET', '/public/style.css'), 200);

  ok(await call(approver, 'POST', `${n}/withdraw`), 200);
  refused(await call(approver, 'POST', `${n}/withdraw`), 409);
}
