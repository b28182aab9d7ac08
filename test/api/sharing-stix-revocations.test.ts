import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { stixBundleErrors } from '../support/stix-schemas.js';

// Revocations in the STIX and TAXII exports carry no content, reach whoever held what they revoke, and nobody
// learns through them what it was not given: a body removed from a share's audience gets the objects it held
// revoked (not silently dropped) and nothing of the new round; a withdrawn share's revocations tell an earlier
// round's holder nothing of later content; an indicator removed and added again comes back under a new id
// (STIX forbids un-revoking one). An export brings up to date only the shares changed since the last one. Every bundle is checked against the OASIS schemas and pattern grammar.

interface Obj {
  type: string;
  id: string;
  created?: string;
  modified?: string;
  revoked?: boolean;
  name?: string;
  pattern?: string;
  object_refs?: string[];
}

const TAXII = 'application/taxii+json;version=2.1';
const COLLECTION = '6a1f7c52-4d0b-4a8e-9a53-2f1c0b7e9d41';
// What a revoked version may say: who it is and when, nothing of its content (plus what its schema requires).
const STUB_KEYS = new Set([
  'type',
  'spec_version',
  'id',
  'created',
  'modified',
  'revoked',
  'pattern',
  'pattern_type',
  'valid_from',
  'name',
  'published',
  'object_refs',
]);

describe.each(DIALECTS)('STIX revocations on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let kept: { org: TestOrg; user: TestUser };
  let removed: { org: TestOrg; user: TestUser };
  let never: TestUser;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government();
    const a = await t.org('ministry');
    const b = await t.org('ministry');
    kept = { org: a, user: await t.user(a, 'reporter') };
    removed = { org: b, user: await t.user(b, 'reporter') };
    never = await t.user(await t.org('ministry'), 'reporter');
  });
  afterAll(() => t?.close());

  const exportAs = async (u: TestUser, since?: string) => {
    const query = since ? `?added_after=${encodeURIComponent(since)}` : '';
    const res = await t.request(u, { method: 'GET', url: `/api/v1/shares/export.stix${query}` });
    expect(res.statusCode, res.body).toBe(200);
    const bundle = res.json() as { type: string; objects: Obj[] };
    expect(stixBundleErrors(bundle)).toEqual([]);
    return bundle.objects.filter((o) => o.type !== 'identity' && o.type !== 'marking-definition');
  };
  const taxiiAs = async (u: TestUser, since: string) => {
    const res = await t.request(null, {
      method: 'GET',
      url: `/taxii2/api/collections/${COLLECTION}/objects/?added_after=${encodeURIComponent(since)}`,
      headers: { accept: TAXII, authorization: `Bearer ${u.token}` },
    });
    expect(res.statusCode, res.body).toBe(200);
    return (res.json() as { objects: Obj[] }).objects;
  };
  const edit = async (id: string, payload: object) => {
    t.clock.advance(60_000);
    const res = await t.request(gov.analyst, { method: 'PATCH', url: `/api/v1/shares/${id}`, payload });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { status: string }).status).toBe('published');
  };
  const content = (title: string, values: string[]) => ({
    title,
    body: `本文 ${title}`,
    indicators: values.map((value) => ({ type: 'domain-name', value })),
    mitigations: ['遮断する'],
  });
  const stubOnly = (o: Obj) => {
    expect(o.revoked, o.id).toBe(true);
    for (const key of Object.keys(o)) expect(STUB_KEYS.has(key), `${o.id} ${key}`).toBe(true);
    expect(JSON.stringify(o)).not.toMatch(/example|本文|注意喚起/);
  };
  const mark = () => {
    const at = t.clock.now().toISOString();
    t.clock.advance(1_000);
    return at;
  };

  it('revokes what each holder held, with no content, and reissues a re-added indicator', async () => {
    const created = await t.request(gov.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: content('注意喚起 1', ['one.example', 'two.example']),
        audience: { kind: 'orgs', orgs: [kept.org.slug, removed.org.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const shareId = (created.json() as { id: string }).id;
    // A change is noted for the next export, which works through what was noted, not through every share.
    expect(await t.count('share_stix_pending')).toBeGreaterThan(0);
    const first = await exportAs(removed.user);
    expect(await t.count('share_stix_pending')).toBe(0);
    expect(await exportAs(kept.user)).toEqual(first);
    const report = first.find((o) => o.type === 'report') as Obj;
    const heldIds = first.map((o) => o.id).sort();
    expect(heldIds).toHaveLength(4);
    const two = first.find((o) => o.pattern?.includes('two.example')) as Obj;
    const afterFirst = mark();

    // Round 2: the second body is no longer in the audience; two.example goes, three.example comes.
    await edit(shareId, {
      audience: { kind: 'orgs', orgs: [kept.org.slug] },
      content: content('注意喚起 2', ['one.example', 'three.example']),
    });
    expect(await t.count('share_stix_pending')).toBe(1);
    const lost = await exportAs(removed.user, afterFirst);
    expect(lost.map((o) => o.id).sort()).toEqual(heldIds);
    for (const o of lost) stubOnly(o);
    expect((await taxiiAs(removed.user, afterFirst)).map((o) => o.id).sort()).toEqual(heldIds);
    // Nothing more on the next poll, and nothing at all to a body that never held it.
    const afterLost = mark();
    expect(await exportAs(removed.user, afterLost)).toEqual([]);
    expect(await exportAs(never)).toEqual([]);

    const round2 = await exportAs(kept.user, afterFirst);
    const three = round2.find((o) => o.pattern?.includes('three.example')) as Obj;
    expect(three.revoked).toBeUndefined();
    const twoGone = round2.find((o) => o.id === two.id) as Obj;
    stubOnly(twoGone);
    expect(twoGone.created).toBe(two.created);
    const afterRound2 = mark();

    // Round 3: two.example comes back (under a new id: its old one stays revoked), three.example goes.
    await edit(shareId, { content: content('注意喚起 3', ['one.example', 'two.example']) });
    const round3 = await exportAs(kept.user, afterRound2);
    const twoAgain = round3.find((o) => o.pattern?.includes('two.example')) as Obj;
    expect(twoAgain.revoked).toBeUndefined();
    expect(twoAgain.id).not.toBe(two.id);
    expect(round3.find((o) => o.id === two.id)).toBeUndefined();
    const report3 = round3.find((o) => o.id === report.id) as Obj;
    expect(report3.object_refs).toContain(twoAgain.id);
    expect(report3.object_refs).not.toContain(two.id);
    stubOnly(round3.find((o) => o.id === three.id) as Obj);
    // Every version of the reissued indicator, by TAXII: one, live.
    const versions = await t.request(null, {
      method: 'GET',
      url: `/taxii2/api/collections/${COLLECTION}/objects/${twoAgain.id}/versions/`,
      headers: { accept: TAXII, authorization: `Bearer ${kept.user.token}` },
    });
    expect((versions.json() as { versions: string[] }).versions).toHaveLength(1);
    const afterRound3 = mark();

    // Withdrawn: its holder gets every live object revoked, with no content; the earlier round's holder hears
    // nothing more (it was told already, and learns nothing of rounds 2 and 3).
    const withdrawn = await t.request(gov.analyst, {
      method: 'POST',
      url: `/api/v1/shares/${shareId}/withdraw`,
      payload: { reason: '誤報' },
    });
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    const gone = await exportAs(kept.user, afterRound3);
    expect(gone.map((o) => o.id).sort()).toEqual(
      round3
        .filter((o) => !o.revoked)
        .map((o) => o.id)
        .concat(heldIds.filter((id) => id !== two.id && !round3.some((o) => o.id === id)))
        .sort(),
    );
    for (const o of gone) stubOnly(o);
    expect(await exportAs(removed.user, afterLost)).toEqual([]);
    const everything = JSON.stringify(await exportAs(removed.user));
    expect(everything).not.toContain(three.id);
    expect(everything).not.toContain(twoAgain.id);
    expect(await exportAs(never)).toEqual([]);
    // The center still sees the share's own versions, revoked.
    const center = await exportAs(gov.analyst, afterRound3);
    expect(center.find((o) => o.id === report.id)).toMatchObject({ revoked: true });
  });
});
