import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { receivedId } from '../../src/features/taxii/taxii.received.js';
import { DIALECTS } from '../support/databases.js';
import { declareExerciseSituation, insertExercise } from '../support/exercises.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { stixBundle, stixIndicator } from '../support/stix-bundles.js';
import { stixBundleErrors } from '../support/stix-schemas.js';

// The center's TAXII collection "indicators received": the indicators on the reports delivered to the center,
// as STIX 2.1 indicators with stable ids, paged by `next` and `added_after`, filtered by match[...], with a
// manifest and versions — and for nobody else. Attacks: the collection as a ministry, an agency and the center's
// administrator (absent from their list, 404 as an unknown id); a TLP:RED incident's indicator asked for by id
// (404 exactly as a made-up one); Basic with another person's address; a forged `next`.

const TAXII = 'application/taxii+json;version=2.1';
const RECEIVED = '3f0e9a86-1c7b-4f0e-8b3d-5a2c6e9d7f14';
const BASE = `/taxii2/api/collections/${RECEIVED}`;

interface Obj {
  id: string;
  type: string;
  pattern: string;
  modified: string;
  object_marking_refs: string[];
  x_renraku_incident_id: string;
}

describe.each(DIALECTS)('TAXII "indicators received" on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let admin: TestUser;
  const tokens = new Map<string, string>();
  let filed: { id: string }; // the ministry's, TLP:AMBER
  let red: { id: string };
  let agencyIncident: { id: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government();
    admin = await t.user(gov.center, 'admin');
    for (const u of [gov.analyst, admin, gov.ministryReporter, gov.ministryOfficer, gov.agencyReporter])
      tokens.set(u.id, (await t.tokenFor(u)).secret);
    filed = await t.fileIncident(gov.ministryReporter, {
      tlp: 'TLP:AMBER',
      indicators: [
        { type: 'url', value: "https://evil.example/パス?q=日本語 space&x='a]b\\c" },
        { type: 'email', value: '担当者@例え.jp' },
        { type: 'domain', value: '例え.jp' },
        { type: 'ipv6', value: '2001:DB8::1' },
        { type: 'cidr', value: '198.51.100.0/24' },
        { type: 'sha512', value: 'a'.repeat(128) },
        { type: 'filename', value: "inv'oice.exe" },
        { type: 'asn', value: 'AS64496' },
        { type: 'user-agent', value: 'Mozilla/5.0 (evil)' },
        { type: 'cve', value: 'CVE-2024-3400' },
        { type: 'other', value: 'mutex Global\\x' },
        { type: 'ipv4', value: '203.0.113.9' },
      ],
    });
    red = await t.fileIncident(gov.agencyReporter, {
      tlp: 'TLP:RED',
      indicators: [{ type: 'ipv4', value: '192.0.2.77' }],
    });
    agencyIncident = await t.fileIncident(gov.agencyReporter, {
      indicators: [{ type: 'domain', value: 'c2.evil.example' }],
    });
  });
  afterAll(() => t?.close());

  const get = (u: TestUser | null, url: string, headers: Record<string, string> = {}) =>
    t.request(null, {
      method: 'GET',
      url,
      headers: { accept: TAXII, ...(u ? { authorization: `Bearer ${tokens.get(u.id)}` } : {}), ...headers },
    });

  async function walk(u: TestUser, query: string) {
    const objects: Obj[] = [];
    let next: string | undefined;
    for (let pages = 0; pages < 50; pages++) {
      const params = [query, next ? `next=${encodeURIComponent(next)}` : ''].filter(Boolean).join('&');
      const res = await get(u, `${BASE}/objects/?${params}`);
      expect(res.statusCode, res.body).toBe(200);
      const envelope = res.json() as { more: boolean; next?: string; objects: Obj[] };
      objects.push(...envelope.objects);
      if (!envelope.more) return objects;
      next = envelope.next;
    }
    throw new Error('more than 50 pages');
  }

  it('gives the center every patterned indicator of its real, non-RED incidents, once, valid STIX', async () => {
    const listed = await get(gov.analyst, '/taxii2/api/collections/');
    expect(listed.json().collections.map((c: { id: string }) => c.id)).toContain(RECEIVED);
    const objects = await walk(gov.analyst, 'limit=3');
    expect(
      stixBundleErrors({ type: 'bundle', id: 'bundle--0c1b7a2e-8d7b-4d6e-9f1a-3c5e2b1a0d9f', objects }),
    ).toEqual([]);
    const ids = objects.map((o) => o.id);
    expect(new Set(ids).size).toBe(ids.length);
    // Eleven of the ministry's twelve (no CVE id: a vulnerability, not an indicator), the agency's one; nothing
    // of TLP:RED. A user agent and a free observable by the patterns shares export them with.
    expect(objects.filter((o) => o.x_renraku_incident_id === filed.id)).toHaveLength(11);
    expect(JSON.stringify(objects)).not.toMatch(/CVE-2024-3400/);
    const patterns = objects.map((o) => o.pattern);
    expect(patterns).toContain(
      "[network-traffic:extensions.'http-request-ext'.request_header.'User-Agent' = 'Mozilla/5.0 (evil)']",
    );
    expect(patterns).toContain("[x-renraku-observable:value = 'mutex Global\\\\x']");
    expect(objects.filter((o) => o.x_renraku_incident_id === agencyIncident.id)).toHaveLength(1);
    expect(objects.some((o) => o.x_renraku_incident_id === red.id)).toBe(false);
    expect(JSON.stringify(objects)).not.toContain('192.0.2.77');
    expect(ids).toContain(receivedId(agencyIncident.id, 'domain', 'c2.evil.example'));
    // Stable: the same ids on a second read.
    expect((await walk(gov.analyst, 'limit=1000')).map((o) => o.id)).toEqual(ids);
  });

  it('pages by added_after and counts a value repeated in an update once', async () => {
    const first = await get(gov.analyst, `${BASE}/objects/`);
    const last = first.headers['x-taxii-date-added-last'] as string;
    expect(last).toMatch(/Z$/);
    t.clock.advance(60_000);
    const update = await t.request(gov.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${filed.id}/reports`,
      payload: {
        kind: 'update',
        text: '続報',
        indicators: [
          { type: 'ipv4', value: '203.0.113.9' },
          { type: 'ipv4', value: '203.0.113.10' },
        ],
      },
    });
    expect(update.statusCode, update.body).toBe(201);
    const after = await walk(gov.analyst, `added_after=${encodeURIComponent(last)}`);
    expect(after.map((o) => o.id)).toEqual([receivedId(filed.id, 'ipv4', '203.0.113.10')]);
    const all = await walk(gov.analyst, 'limit=1000');
    expect(all.filter((o) => o.pattern === "[ipv4-addr:value = '203.0.113.9']")).toHaveLength(1);
  });

  it('adds a reviewed incident’s indicators when the ministry forwards it, dated then, not before', async () => {
    const reviewing = await t.org('ministry', { reviewMode: true });
    const officer = await t.user(reviewing, 'security-officer');
    const reporter = await t.user(await t.org('agency', { parent: reviewing }), 'reporter');
    const held = await t.fileIncident(reporter, { indicators: [{ type: 'ipv4', value: '198.51.100.200' }] });
    const id = receivedId(held.id, 'ipv4', '198.51.100.200');
    // Waiting for its ministry: not in the collection, by a walk or by id.
    expect((await walk(gov.analyst, 'limit=1000')).map((o) => o.id)).not.toContain(id);
    expect((await get(gov.analyst, `${BASE}/objects/${id}/`)).statusCode).toBe(404);
    t.clock.advance(3_600_000);
    const before = (await get(gov.analyst, `${BASE}/objects/`)).headers['x-taxii-date-added-last'] as string;
    const res = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/incidents/${held.id}/forward`,
      payload: {},
    });
    expect(res.statusCode, res.body).toBe(200);
    const forwarded = t.clock.now().toISOString();
    const after = await get(gov.analyst, `${BASE}/objects/?added_after=${encodeURIComponent(before)}`);
    expect(after.json().objects.map((o: Obj) => o.id)).toEqual([id]);
    expect(after.headers['x-taxii-date-added-first']).toBe(forwarded);
    // Its `created` stays its report's time, an hour earlier.
    expect(new Date(after.json().objects[0].created).getTime()).toBe(t.clock.now().getTime() - 3_600_000);
    const byId = await get(gov.analyst, `${BASE}/objects/${id}/`);
    expect(byId.statusCode).toBe(200);
  });

  it('filters by match[type], match[id], match[version]; serves one object, its versions, the manifest', async () => {
    const id = receivedId(agencyIncident.id, 'domain', 'c2.evil.example');
    expect((await walk(gov.analyst, 'match[type]=report')).length).toBe(0);
    expect((await walk(gov.analyst, 'match[type]=indicator')).length).toBeGreaterThan(10);
    const byId = await walk(gov.analyst, `match[id]=${id}`);
    expect(byId.map((o) => o.id)).toEqual([id]);
    const modified = byId[0]?.modified as string;
    expect((await walk(gov.analyst, `match[id]=${id}&match[version]=${modified}`)).length).toBe(1);
    expect((await walk(gov.analyst, `match[id]=${id}&match[version]=2001-01-01T00:00:00.000Z`)).length).toBe(
      0,
    );
    const one = await get(gov.analyst, `${BASE}/objects/${id}/`);
    expect(one.statusCode).toBe(200);
    expect(one.json().objects[0].pattern).toBe("[domain-name:value = 'c2.evil.example']");
    const versions = await get(gov.analyst, `${BASE}/objects/${id}/versions/`);
    expect(versions.json().versions).toEqual([modified]);
    const manifest = await get(gov.analyst, `${BASE}/manifest/?match[id]=${id}`);
    expect(manifest.json().objects).toEqual([
      expect.objectContaining({ id, version: modified, media_type: 'application/stix+json;version=2.1' }),
    ]);
  });

  it('dates a quick report’s indicators at its filing when the center reads it from then, its own included', async () => {
    t.clock.advance(60_000);
    const before = (await get(gov.analyst, `${BASE}/objects/`)).headers['x-taxii-date-added-last'] as string;
    t.clock.advance(60_000);
    const own = await t.fileIncident(await t.user(gov.center, 'reporter'), {
      indicators: [
        { type: 'ipv4', value: '198.51.100.31' },
        { type: 'domain', value: 'own.evil.example' },
      ],
    });
    const ministry = await t.fileIncident(gov.ministryReporter, {
      indicators: [{ type: 'ipv4', value: '198.51.100.31' }],
    });
    const filedAt = t.clock.now().toISOString();
    const after = await get(gov.analyst, `${BASE}/objects/?added_after=${encodeURIComponent(before)}`);
    expect(after.statusCode, after.body).toBe(200);
    expect(new Set(after.json().objects.map((o: Obj) => o.id))).toEqual(
      new Set([
        receivedId(own.id, 'ipv4', '198.51.100.31'),
        receivedId(own.id, 'domain', 'own.evil.example'),
        receivedId(ministry.id, 'ipv4', '198.51.100.31'),
      ]),
    );
    expect(after.headers['x-taxii-date-added-first']).toBe(filedAt);
    expect(after.headers['x-taxii-date-added-last']).toBe(filedAt);
  });

  it('dates a bulk import’s new values at the import when the center reads the incident, a reviewed one’s when forwarded', async () => {
    // The bulk import stores its values dated at insert (each is new to the incident: no UPDATE afterwards); the
    // collection must hold what dating them afterwards gave: the new values once, at the import's time, and a
    // value the incident carried already under its first report's date.
    const importInto = (u: TestUser, id: string, values: string[]) =>
      t.request(u, {
        method: 'POST',
        url: `/api/v1/incidents/${id}/reports/import.stix`,
        headers: { 'content-type': 'application/stix+json;version=2.1' },
        payload: JSON.stringify(stixBundle(values.map((v) => stixIndicator(`[ipv4-addr:value = '${v}']`)))),
      });
    t.clock.advance(60_000);
    const carried = await t.fileIncident(gov.ministryReporter, {
      indicators: [{ type: 'ipv4', value: '198.51.100.41' }],
    });
    t.clock.advance(60_000);
    const before = (await get(gov.analyst, `${BASE}/objects/`)).headers['x-taxii-date-added-last'] as string;
    t.clock.advance(60_000);
    const imported = await importInto(gov.ministryReporter, carried.id, [
      '198.51.100.41',
      '198.51.100.42',
      '198.51.100.43',
    ]);
    expect(imported.statusCode, imported.body).toBe(201);
    expect(imported.json()).toMatchObject({ added: 2, already: 1 });
    const importedAt = t.clock.now().toISOString();
    const after = await get(gov.analyst, `${BASE}/objects/?added_after=${encodeURIComponent(before)}`);
    expect(new Set(after.json().objects.map((o: Obj) => o.id))).toEqual(
      new Set([
        receivedId(carried.id, 'ipv4', '198.51.100.42'),
        receivedId(carried.id, 'ipv4', '198.51.100.43'),
      ]),
    );
    expect(after.headers['x-taxii-date-added-first']).toBe(importedAt);
    expect(after.headers['x-taxii-date-added-last']).toBe(importedAt);
    // An agency's incident in its ministry's review: imported undated, not served until forwarded, then dated then.
    const reviewing = await t.org('ministry', { reviewMode: true });
    const officer = await t.user(reviewing, 'security-officer');
    const reporter = await t.user(await t.org('agency', { parent: reviewing }), 'reporter');
    const held = await t.fileIncident(reporter, {});
    expect((await importInto(reporter, held.id, ['198.51.100.44'])).statusCode).toBe(201);
    const id = receivedId(held.id, 'ipv4', '198.51.100.44');
    expect((await get(gov.analyst, `${BASE}/objects/${id}/`)).statusCode).toBe(404);
    t.clock.advance(3_600_000);
    const forward = await t.request(officer, {
      method: 'POST',
      url: `/api/v1/incidents/${held.id}/forward`,
      payload: {},
    });
    expect(forward.statusCode, forward.body).toBe(200);
    const forwarded = t.clock.now().toISOString();
    const since = await get(gov.analyst, `${BASE}/objects/?added_after=${encodeURIComponent(importedAt)}`);
    expect(since.json().objects.map((o: Obj) => o.id)).toEqual([id]);
    expect(since.headers['x-taxii-date-added-first']).toBe(forwarded);
  });

  it('pages by added_after and next together as both say, whichever bound is the later', async () => {
    // Three more dates, two incidents filed at the same time (ties on date_added, ordered by incident).
    for (const [k, at] of [0, 60_000, 0, 60_000].entries()) {
      t.clock.advance(at);
      await t.fileIncident(k % 2 ? gov.agencyReporter : gov.ministryReporter, {
        indicators: [
          { type: 'ipv4', value: `198.51.100.${100 + k}` },
          { type: 'domain', value: `tie${k}.evil.example` },
          { type: 'sha256', value: String(k).repeat(64) },
        ],
      });
    }
    // The model: the manifest, in the collection's order, with each object's date_added.
    const manifest = await get(gov.analyst, `${BASE}/manifest/?limit=1000`);
    expect(manifest.json().more).toBe(false);
    const model = (manifest.json().objects as { id: string; date_added: string }[]).map((o) => ({
      id: o.id,
      dateAdded: o.date_added,
    }));
    const dates = [...new Set(model.map((o) => o.dateAdded))].sort();
    expect(dates.length).toBeGreaterThanOrEqual(5);
    const bounds = ['2000-01-01T00:00:00.000Z', ...dates];
    for (const bound of bounds) {
      const walked = await walk(gov.analyst, `added_after=${encodeURIComponent(bound)}&limit=2`);
      expect(
        walked.map((o) => o.id),
        bound,
      ).toEqual(model.filter((o) => o.dateAdded > bound).map((o) => o.id));
    }
    // Every `next` of a walk without added_after, asked again with each added_after: the objects after it that
    // were added after the time, whether the time is before, at or after the cursor's.
    let next: string | undefined;
    let seen = 0;
    do {
      const page = await get(
        gov.analyst,
        `${BASE}/objects/?limit=3${next ? `&next=${encodeURIComponent(next)}` : ''}`,
      );
      const envelope = page.json() as { more: boolean; next?: string; objects: Obj[] };
      seen += envelope.objects.length;
      next = envelope.more ? envelope.next : undefined;
      if (!next) break;
      for (const bound of bounds) {
        const res = await get(
          gov.analyst,
          `${BASE}/objects/?limit=1000&next=${encodeURIComponent(next)}&added_after=${encodeURIComponent(bound)}`,
        );
        expect(res.statusCode, res.body).toBe(200);
        expect(
          res.json().objects.map((o: Obj) => o.id),
          `${seen} ${bound}`,
        ).toEqual(
          model
            .slice(seen)
            .filter((o) => o.dateAdded > bound)
            .map((o) => o.id),
        );
      }
    } while (next);
    expect(seen).toBe(model.length);
  });

  it('leaves out an exercise’s incidents, which the center reads: by a walk, by id and by added_after', async () => {
    const control = await t.user(gov.center, 'center-coordinator');
    const exercise = await insertExercise(t, control);
    await declareExerciseSituation(t, control, exercise.id, [gov.ministry]);
    const before = (await get(gov.analyst, `${BASE}/objects/`)).headers['x-taxii-date-added-last'] as string;
    t.clock.advance(60_000);
    const drill = await t.request(gov.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents?exercise=${exercise.id}`,
      payload: t.quickReport({ indicators: [{ type: 'ipv4', value: '198.51.100.250' }] }),
    });
    expect(drill.statusCode, drill.body).toBe(201);
    const drillId = (drill.json() as { id: string }).id;
    // The center reads the drill (it is no secret from it), but a feed of real indicators never carries it.
    expect(
      (await t.request(gov.analyst, { method: 'GET', url: `/api/v1/incidents/${drillId}` })).statusCode,
    ).toBe(200);
    const id = receivedId(drillId, 'ipv4', '198.51.100.250');
    expect((await walk(gov.analyst, 'limit=2')).map((o) => o.id)).not.toContain(id);
    expect((await get(gov.analyst, `${BASE}/objects/${id}/`)).statusCode).toBe(404);
    const after = await get(gov.analyst, `${BASE}/objects/?added_after=${encodeURIComponent(before)}`);
    expect(after.json().objects ?? []).toEqual([]);
    expect(after.body).not.toContain('198.51.100.250');
  });

  it('answers a TLP:RED incident’s indicator exactly as a made-up one', async () => {
    const hidden = await get(gov.analyst, `${BASE}/objects/${receivedId(red.id, 'ipv4', '192.0.2.77')}/`);
    const none = await get(gov.analyst, `${BASE}/objects/indicator--00000000-0000-5000-8000-000000000000/`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.body).toBe(none.body);
  });

  it('is absent for ministries, agencies and the center’s administrator: 404 as an unknown collection', async () => {
    const unknown = await get(gov.analyst, '/taxii2/api/collections/7b6a1d3e-0000-4000-8000-000000000000/');
    expect(unknown.statusCode).toBe(404);
    for (const u of [gov.ministryReporter, gov.ministryOfficer, gov.agencyReporter, admin]) {
      const listed = await get(u, '/taxii2/api/collections/');
      expect(listed.statusCode).toBe(200);
      expect(listed.body).not.toContain(RECEIVED);
      for (const path of ['/', '/objects/', '/manifest/']) {
        const res = await get(u, `${BASE}${path}`);
        expect(res.statusCode, `${u.email} ${path}`).toBe(404);
        expect(res.body).toBe(unknown.body);
      }
    }
  });

  it('refuses Basic with another person’s address and a forged next', async () => {
    const basic = (email: string) =>
      `Basic ${Buffer.from(`${email}:${tokens.get(gov.analyst.id)}`).toString('base64')}`;
    expect(
      (await get(null, `${BASE}/objects/`, { authorization: basic(gov.analyst.email) })).statusCode,
    ).toBe(200);
    const wrong = await get(null, `${BASE}/objects/`, { authorization: basic(gov.ministryReporter.email) });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.body).not.toContain('indicator--');
    const forged = Buffer.from(JSON.stringify(['r', 'x', 'y', 1, 1])).toString('base64url');
    const bad = await get(gov.analyst, `${BASE}/objects/?next=${forged}`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error_code).toBe('taxii.invalid_filter');
  });
});
