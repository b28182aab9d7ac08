import type { TestApp, TestUser } from './harness.js';

// Steps of a notice's life through the API, as the body's people take them: the access and public-site tests
// share them.

/** A notice's text in Japanese and English, every field from `tag`. */
export const noticeContent = (tag: string, withEnglish = true) => {
  const ja = {
    title: `${tag} に関するお知らせ`,
    body: `${tag} 概要`,
    happened: `${tag} 発生`,
    impact: `${tag} 影響`,
    response: `${tag} 対応`,
    contact: `${tag} 問い合わせ`,
  };
  const en = {
    title: `Notice about ${tag}`,
    body: `${tag} summary`,
    happened: `${tag} happened`,
    impact: `${tag} impact`,
    response: `${tag} response`,
    contact: `${tag} contact`,
  };
  return withEnglish ? { ja, en } : { ja };
};

export interface NoticeVersionOut {
  seq: number;
  status: string;
  revision: number;
}

/** The notice as its body reads it. */
export async function readNotice(t: TestApp, u: TestUser, id: string) {
  const res = await t.request(u, { method: 'GET', url: `/api/v1/notices/${id}` });
  if (res.statusCode !== 200) throw new Error(`read failed: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; status: string; versions: NoticeVersionOut[] };
}

const ok = (what: string, res: { statusCode: number; body: string }) => {
  if (res.statusCode >= 300) throw new Error(`${what} failed: ${res.statusCode} ${res.body}`);
  return JSON.parse(res.body) as Record<string, unknown>;
};

/** Opens the incident's track (as the drafter) and decides to publish (as the approver). */
export async function openAndDecide(t: TestApp, drafter: TestUser, approver: TestUser, incidentId: string) {
  const track = ok(
    'open',
    await t.request(drafter, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/accountability`,
      payload: { reason: '個人情報の漏えいのおそれ' },
    }),
  );
  ok(
    'decide',
    await t.request(approver, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/accountability/decision`,
      payload: { revision: track.revision, decision: 'publish', reason: '国民の権利利益の侵害のおそれ' },
    }),
  );
}

/** Drafts a notice with this content; its id. */
export async function draftNotice(t: TestApp, drafter: TestUser, incidentId: string, content: unknown) {
  const n = ok(
    'draft',
    await t.request(drafter, {
      method: 'POST',
      url: `/api/v1/incidents/${incidentId}/notices`,
      payload: { kind: 'notice', content },
    }),
  );
  return n.id as string;
}

/** Approves and publishes the notice's version `seq` as the approver. */
export async function approveAndPublish(t: TestApp, approver: TestUser, id: string, seq: number) {
  const v = (await readNotice(t, approver, id)).versions.find((x) => x.seq === seq);
  const approved = ok(
    'approve',
    await t.request(approver, {
      method: 'POST',
      url: `/api/v1/notices/${id}/versions/${seq}/approve`,
      payload: { revision: v?.revision },
    }),
  ) as { versions: NoticeVersionOut[] };
  const after = approved.versions.find((x) => x.seq === seq);
  ok(
    'publish',
    await t.request(approver, {
      method: 'POST',
      url: `/api/v1/notices/${id}/versions/${seq}/publish`,
      payload: { revision: after?.revision },
    }),
  );
}
