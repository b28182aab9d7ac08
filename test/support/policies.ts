import type { TestApp, TestUser } from './harness.js';

// Steps of the policy register through the API, as a body's people take them: the API, access and browser
// tests share them.

/** The smallest file that passes as a PDF: its header first, %%EOF last. */
export const TINY_PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');

export interface ClauseOut {
  id: string;
  status: string;
  revision: number;
  documentVersion: string;
  clauseText: string;
  excerpt: { name: string; size: number; sha256: string; href: string } | null;
  confirmedAt: string | null;
  supersededBy: string | null;
}

const ok = <T>(what: string, res: { statusCode: number; body: string }): T => {
  if (res.statusCode >= 300) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as T;
};

/** Records a clause of the body's policy as its security officer. */
export const recordClause = async (t: TestApp, officer: TestUser, version = '第1版') =>
  ok<ClauseOut>(
    'record',
    await t.request(officer, {
      method: 'POST',
      url: `/api/v1/orgs/${officer.org.slug}/policy-clauses`,
      payload: {
        documentName: '情報セキュリティポリシー',
        documentVersion: version,
        inForceOn: '2026-04-01',
        clauseText: 'サイバー攻撃を受けた場合は、速やかに所管府省庁に報告する。',
      },
    }),
  );

/** Uploads an excerpt (a PDF by default) on the revision given; the raw answer. */
export const putExcerpt = (
  t: TestApp,
  u: TestUser,
  id: string,
  revision: number,
  content: Buffer = TINY_PDF,
  type = 'application/pdf',
) =>
  t.request(u, {
    method: 'PUT',
    url: `/api/v1/policy-clauses/${id}/excerpt?revision=${revision}&name=${encodeURIComponent('抜粋.pdf')}`,
    headers: { 'content-type': type },
    payload: content,
  });

/** Confirms a record on the revision given; the raw answer. */
export const confirm = (t: TestApp, u: TestUser, id: string, revision: number) =>
  t.request(u, { method: 'POST', url: `/api/v1/policy-clauses/${id}/confirm`, payload: { revision } });

/** Records and confirms a clause as the body's officer. */
export async function confirmedClause(t: TestApp, officer: TestUser, version = '第1版') {
  const c = await recordClause(t, officer, version);
  return ok<ClauseOut>('confirm', await confirm(t, officer, c.id, c.revision));
}

/** Sends a request as the ministry's officer (to all its agencies unless named); its JSON. */
export const sendRequest = async (t: TestApp, u: TestUser, payload: Record<string, unknown>) =>
  ok<{ id: string; dueAt: string; targets: { org: { slug: string }; status: string }[] }>(
    'send',
    await t.request(u, { method: 'POST', url: '/api/v1/policy-requests', payload }),
  );
