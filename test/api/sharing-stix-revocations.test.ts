import { v5 as uuidv5 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STIX_ID_NAMESPACE, stixId } from '../../src/features/sharing/sharing.stix.js';
import { up as stixIdKeyMigration } from '../../src/platform/db/migrations/0040_stix_id_key.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';
import { stixBundleErrors } from '../support/stix-schemas.js';

// Revocations in the STIX and TAXII exports carry no content, reach whoever held what they revoke, and nobody
// learns through them what it was not given: a body removed from a share's audience gets the objects it held
// revoked (not silently dropped) and nothing of the new round; a withdrawn share's revocations tell an earlier
// round's holder nothing of later content; an indicator removed and added again comes back under a new id
// (STIX forbids un-revoking one). An indicator's id says nothing of its value: it is derived under the
// deployment's secret namespace, not the public one in the source, so a body handed the revocation of an indicator
// removed before it joined cannot find the value by hashing guesses. An export brings up to date only the shares changed since the last one. Every bundle is checked against the OASIS schemas and pattern grammar.

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
  it('gives a body that joined later no way to reverse the ids of indicators removed before it held the share', async () => {
    const late = { org: await t.org('ministry') };
    const lateUser = await t.user(late.org, 'reporter');
    const created = await t.request(gov.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: content('注意喚起 A', ['gone.example', 'stays.example']),
        audience: { kind: 'orgs', orgs: [kept.org.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const shareId = (created.json() as { id: string }).id;
    const first = await exportAs(kept.user);
    const goneId = (first.find((o) => o.pattern?.includes('gone.example')) as Obj).id;
    await edit(shareId, { content: content('注意喚起 B', ['stays.example']) });
    await exportAs(kept.user);
    // Round 3 adds the late body: it is handed the share's versions, the early round's revocation among them.
    await edit(shareId, { audience: { kind: 'orgs', orgs: [kept.org.slug, late.org.slug] } });
    const seen = (await exportAs(lateUser)).filter((o) => o.type === 'indicator');
    expect(seen.map((o) => o.id)).toContain(goneId);
    stubOnly(seen.find((o) => o.id === goneId) as Obj);
    // The attacker hashes candidate values (the true one among them) the way the public source names ids, with
    // every spelling of the name it could try: none of them gives an id it holds.
    const candidates = ['gone.example', 'stays.example', 'other.example'];
    const guesses = new Set(
      candidates.flatMap((value) => [
        stixId('indicator', shareId, 'domain-name', value),
        `indicator--${uuidv5(JSON.stringify(['indicator', shareId, 'domain-name', value]), STIX_ID_NAMESPACE)}`,
        `indicator--${uuidv5(JSON.stringify(['domain-name', value]), STIX_ID_NAMESPACE)}`,
        `indicator--${uuidv5(value, STIX_ID_NAMESPACE)}`,
      ]),
    );
    for (const o of seen) expect(guesses.has(o.id), o.id).toBe(false);
    // Nor is the secret anywhere in what it was given.
    const key = await t.handle.db.selectFrom('stix_id_keys').select('key').executeTakeFirstOrThrow();
    expect(JSON.stringify(await exportAs(lateUser))).not.toContain(key.key);
  });

  it('issues new ids under a new key (the upgrade to secret ids) and revokes the ids issued before', async () => {
    const created = await t.request(gov.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [],
        content: content('注意喚起 K', ['keyed.example']),
        audience: { kind: 'orgs', orgs: [kept.org.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const shareId = (created.json() as { id: string }).id;
    const before = (await exportAs(kept.user)).find((o) => o.pattern?.includes('keyed.example')) as Obj;
    const since = mark();
    // The database as it was before migration 0040, with the share exported under other ids; then the migration.
    await t.handle.db.schema.dropTable('stix_id_keys').execute();
    await stixIdKeyMigration(t.handle.db as never, dialect);
    expect(await t.count('stix_id_keys')).toBe(1);
    expect(await t.count('share_stix_pending')).toBeGreaterThan(0);
    const after = await exportAs(kept.user, since);
    stubOnly(after.find((o) => o.id === before.id) as Obj);
    const reissued = after.find((o) => o.pattern?.includes('keyed.example') && !o.revoked) as Obj;
    expect(reissued.revoked).toBeUndefined();
    expect(reissued.id).not.toBe(before.id);
    const report = after.find((o) => o.id === stixId('report', shareId)) as Obj;
    expect(report.object_refs).toContain(reissued.id);
    expect(report.object_refs).not.toContain(before.id);
  });
});
