import type { OrgRef, Share } from './sharing.api.js';

// Builders of shares as the API presents them to a consenting body (manage view), for the unit tests.

export const orgRef = (slug: string, kind = 'ministry'): OrgRef => ({
  slug,
  kind,
  nameJa: `${slug}省`,
  nameEn: `Ministry ${slug}`,
});

/** A share awaiting consent, to the bodies named (slugs), under TLP:AMBER unless told otherwise. */
export function buildShare(
  overrides: Partial<Share> = {},
  orgs: OrgRef[] = [orgRef('m1'), orgRef('m2')],
): Share {
  return {
    id: 'share-1',
    kind: 'share',
    status: 'awaiting-consent',
    view: 'manage',
    tlp: 'TLP:AMBER',
    title: '不審な通信を検知',
    body: '職員山田太郎の端末が 203.0.113.10 と通信した。',
    indicators: [
      { type: 'ipv4-addr', value: '203.0.113.10', description: 'C2サーバー' },
      { type: 'domain-name', value: 'evil.example' },
    ],
    mitigations: ['203.0.113.10 との通信を遮断する。', 'パスワードを変更する。'],
    createdAt: '2026-11-25T03:00:00.000Z',
    updatedAt: '2026-11-25T03:00:00.000Z',
    publishedAt: null,
    audience: { kind: 'orgs', orgs: orgs.map((o) => o.slug) },
    acknowledgment: null,
    revision: 3,
    round: 1,
    recipients: { orgs, users: [] },
    consents: [],
    ...overrides,
  };
}

/** A TLP:RED share to the people named (e-mail → their body's slug). */
export const buildRedShare = (people: Record<string, string>, overrides: Partial<Share> = {}): Share =>
  buildShare({
    tlp: 'TLP:RED',
    audience: { kind: 'users', users: Object.keys(people) },
    recipients: {
      orgs: [...new Set(Object.values(people))].map((slug) => orgRef(slug)),
      users: Object.entries(people).map(([email, orgSlug]) => ({ email, orgSlug })),
    },
    ...overrides,
  });
