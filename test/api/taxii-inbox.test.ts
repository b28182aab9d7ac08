import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// The TAXII 2.1 inbox: a body's reporter posts STIX objects naming its incident, and they become an update of it
// (indicators in canonical form), answered by a complete status that the body reads back. Replay, mixed valid and
// invalid objects, limits, media types, a collection that is not the caller's, and the inbox's objects unread.

const TAXII = 'application/taxii+json;version=2.1';
const STIX = 'application/stix+json;version=2.1';
const SHARES_FOR_ME = '6a1f7c52-4d0b-4a8e-9a53-2f1c0b7e9d41';
const TS = '2026-11-20T01:02:03.000Z';

interface Status {
  id: string;
  status: string;
  request_timestamp: string;
  total_count: number;
  success_count: number;
  failure_count: number;
  pending_count: number;
  successes: { id: string; version: string; message?: string }[];
  failures: { id: string; version: string; message: string }[];
  pendings: unknown[];
}
interface Collection {
  id: string;
  title: string;
  can_read: boolean;
  can_write: boolean;
}

let seq = 0;
const uuid = () => {
  seq += 1;
  return `00000000-0000-4000-8000-${String(seq).padStart(12, '0')}`;
};
const indicator = (pattern: string, extra: Record<string, unknown> = {}) => ({
  type: 'indicator',
  spec_version: '2.1',
  id: `indicator--${uuid()}`,
  created: TS,
  modified: TS,
  pattern,
  pattern_type: 'stix',
  valid_from: TS,
  ...extra,
});
const report = (number: string, refs: string[]) => ({
  type: 'report',
  spec_version: '2.1',
  id: `report--${uuid()}`,
  created: TS,
  modified: TS,
  name: 'Indicators seen',
  published: TS,
  object_refs: refs,
  external_references: [{ source_name: 'renraku', external_id: number }],
});

describe.each(DIALECTS)('TAXII inbox on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let reporter: TestUser;
  let bearer: string;
  let incident: { id: string; number: string };
  let inbox: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { taxiiInboxMaxBytes: 8192, taxiiInboxMaxObjects: 12 } });
    gov = await t.government();
    reporter = gov.ministryReporter;
    bearer = `Bearer ${(await t.tokenFor(reporter)).secret}`;
    incident = (await t.fileIncident(reporter, { tlp: 'TLP:AMBER' })) as { id: string; number: string };
    const res = await get('/taxii2/api/collections/');
    const collections = (res.json() as { collections: Collection[] }).collections;
    inbox = (collections.find((c) => c.can_write) as Collection).id;
  });
  afterAll(() => t?.close());

  function get(url: string) {
    return t.request(null, { method: 'GET', url, headers: { accept: TAXII, authorization: bearer } });
  }
  function post(body: unknown, contentType = TAXII, collection = inbox) {
    return t.request(null, {
      method: 'POST',
      url: `/taxii2/api/collections/${collection}/objects/`,
      headers: { accept: TAXII, authorization: bearer, 'content-type': contentType },
      payload: typeof body === 'string' ? body : JSON.stringify(body),
    });
  }
  async function indicatorsOf(id: string) {
    const res = await t.request(reporter, { method: 'GET', url: `/api/v1/incidents/${id}` });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as {
      reportCount?: number;
      reports: unknown[];
      indicators: { type: string; value: string; display: string; reportSeq: number }[];
    };
  }

  it('lists the inbox as write-only and refuses to read its objects (403, as TAXII says)', async () => {
    const res = await get('/taxii2/api/collections/');
    const collections = (res.json() as { collections: Collection[] }).collections;
    expect(collections.map((c) => [c.title, c.can_read, c.can_write])).toEqual([
      ['Shares for me', true, false],
      ['報告の受付 / Inbox to the center', false, true],
    ]);
    const one = await get(`/taxii2/api/collections/${inbox}/`);
    expect(one.statusCode).toBe(200);
    const objects = await get(`/taxii2/api/collections/${inbox}/objects/`);
    expect(objects.statusCode).toBe(403);
    expect(objects.json()).toMatchObject({ error_code: 'taxii.collection_not_readable' });
    const manifest = await get(`/taxii2/api/collections/${inbox}/manifest/`);
    expect(manifest.statusCode).toBe(403);
  });

  it('takes an envelope naming the incident through a report: an update with the indicators, a complete status', async () => {
    const a = indicator("[domain-name:value = 'evil.例え.jp'] OR [ipv4-addr:value = '203.0.113.5']");
    const b = indicator("[url:value = 'hxxp://evil.example/パス?q=1']");
    const obs = {
      type: 'ipv6-addr',
      spec_version: '2.1',
      id: `ipv6-addr--${uuid()}`,
      value: '2001:DB8::0:1',
    };
    const r = report(incident.number, [a.id, b.id, obs.id]);
    const envelope = { objects: [r, a, b, obs] };
    const lastSeq = async () =>
      Number(
        (
          await t.handle.db
            .selectFrom('audit_log')
            .select((eb) => eb.fn.max('seq').as('n'))
            .executeTakeFirstOrThrow()
        ).n ?? 0,
      );
    const audited = await lastSeq();
    const res = await post(envelope);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.headers['content-type']).toBe(TAXII);
    const status = res.json() as Status;
    expect(status).toMatchObject({
      status: 'complete',
      total_count: 4,
      success_count: 4,
      failure_count: 0,
      pending_count: 0,
      failures: [],
      pendings: [],
    });
    expect(status.successes.map((s) => [s.id, s.version]).sort()).toEqual(
      [
        [r.id, TS],
        [a.id, TS],
        [b.id, TS],
        [obs.id, status.request_timestamp],
      ].sort(),
    );
    const again = await get(`/taxii2/api/status/${status.id}/`);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(status);

    // One update, audited as any report added on the web (incident.add_report); reading it back audits a read.
    const actions = await t.handle.db
      .selectFrom('audit_log')
      .select('action')
      .where('seq', '>', audited)
      .orderBy('seq')
      .execute();
    expect(actions.map((x) => x.action)).toEqual(['incident.add_report']);
    const after = await indicatorsOf(incident.id);
    expect(after.reports).toHaveLength(2);
    expect(after.indicators.map((i) => [i.type, i.value, i.reportSeq]).sort()).toEqual(
      [
        ['domain', 'evil.xn--r8jz45g.jp', 2],
        ['ipv4', '203.0.113.5', 2],
        ['ipv6', '2001:db8::1', 2],
        ['url', 'http://evil.example/%E3%83%91%E3%82%B9?q=1', 2],
      ].sort(),
    );

    // The same envelope again: every object a success, nothing written.
    const reports = await t.count('incident_reports');
    const stored = await t.count('incident_indicators');
    const auditRows = await t.count('audit_log');
    const replay = await post(envelope);
    expect(replay.statusCode).toBe(202);
    const second = replay.json() as Status;
    expect(second.id).not.toBe(status.id);
    expect(second).toMatchObject({ success_count: 4, failure_count: 0 });
    expect(second.successes.every((s) => s.message === 'received before; nothing added')).toBe(true);
    expect(await t.count('incident_reports')).toBe(reports);
    expect(await t.count('incident_indicators')).toBe(stored);
    expect(await t.count('audit_log')).toBe(auditRows);
  });

  it('takes the same envelope posted twice at once only once (the incident is locked, then what was taken read)', async () => {
    const a = indicator("[ipv4-addr:value = '203.0.113.150']", { x_renraku_incident: incident.number });
    const reports = await t.count('incident_reports');
    const [one, two] = await Promise.all([post({ objects: [a] }), post({ objects: [a] })]);
    expect([one.statusCode, two.statusCode]).toEqual([202, 202]);
    const messages = [one, two].map((r) => (r.json() as Status).successes[0]?.message ?? 'taken').sort();
    expect(messages).toEqual(['received before; nothing added', 'taken']);
    expect(await t.count('incident_reports')).toBe(reports + 1);
  });

  it('lists each object it cannot take in failures with a message, and takes the rest', async () => {
    const good = indicator("[file:hashes.'SHA-256' = '" + 'ab'.repeat(32) + "']", {
      x_renraku_incident: `２０${incident.number.slice(2)}`,
    });
    const noPattern = { ...indicator("[ipv4-addr:value = '198.51.100.1']"), pattern: undefined };
    const malware = {
      type: 'malware',
      spec_version: '2.1',
      id: `malware--${uuid()}`,
      created: TS,
      modified: TS,
      name: 'x',
      is_family: false,
      x_renraku_incident: incident.number,
    };
    const unnamed = indicator("[ipv4-addr:value = '198.51.100.2']");
    const unknown = indicator("[ipv4-addr:value = '198.51.100.3']", { x_renraku_incident: '2026-999999' });
    const zeroWidth = indicator("[ipv4-addr:value = '198.51.100.4']", {
      x_renraku_incident: `${incident.number.slice(0, 4)}\u200b${incident.number.slice(4)}`,
    });
    const badValue = indicator("[ipv4-addr:value = '999.1.1.1']", { x_renraku_incident: incident.number });
    const marking = {
      type: 'marking-definition',
      spec_version: '2.1',
      id: 'marking-definition--f88d31f6-486f-44da-b317-01333bde0b82',
      created: '2017-01-20T00:00:00.000Z',
      definition_type: 'tlp',
      definition: { tlp: 'amber' },
    };
    const before = await t.count('incident_indicators');
    const res = await post({
      objects: [good, noPattern, malware, unnamed, unknown, zeroWidth, badValue, marking, 7],
    });
    expect(res.statusCode, res.body).toBe(202);
    const status = res.json() as Status;
    expect(status).toMatchObject({ total_count: 9, success_count: 2, failure_count: 7 });
    expect(status.successes.map((s) => s.id).sort()).toEqual([good.id, marking.id].sort());
    const why = new Map(status.failures.map((f) => [f.id, f.message]));
    expect(why.get(noPattern.id)).toMatch(/^not valid STIX 2.1: pattern: missing/);
    expect(why.get(malware.id)).toBe('objects of type malware are not taken by the inbox');
    expect(why.get(unnamed.id)).toMatch(/^names no incident/);
    expect(why.get(unknown.id)).toBe('incident 2026-999999 not found');
    expect(why.get(zeroWidth.id)).toMatch(/^incident .* not found$/);
    expect(why.get(badValue.id)).toMatch(/^indicators\.invalid_/);
    expect(why.get('objects[8]')).toMatch(/^not valid STIX 2.1/);
    expect(await t.count('incident_indicators')).toBe(before + 1);
  });

  it('takes a STIX bundle as application/stix+json;version=2.1', async () => {
    const a = indicator("[email-addr:value = '担当者@例え.jp']", { x_renraku_incident: incident.number });
    const res = await post({ type: 'bundle', id: `bundle--${uuid()}`, objects: [a] }, STIX);
    expect(res.statusCode, res.body).toBe(202);
    expect(res.json()).toMatchObject({ success_count: 1, failure_count: 0 });
    const after = await indicatorsOf(incident.id);
    expect(after.indicators.some((i) => i.type === 'email' && i.value === '担当者@xn--r8jz45g.jp')).toBe(
      true,
    );
  });

  it('refuses what is too large, of another media type or not an envelope, taking nothing', async () => {
    const reports = await t.count('incident_reports');
    const many = Array.from({ length: 13 }, () =>
      indicator("[ipv4-addr:value = '192.0.2.1']", { x_renraku_incident: incident.number }),
    );
    const tooMany = await post({ objects: many });
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ error_code: 'taxii.too_many_objects' });
    const big = await post({
      objects: [indicator("[ipv4-addr:value = '192.0.2.1']", { description: 'x'.repeat(9000) })],
    });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ error_code: 'taxii.too_large' });
    for (const type of ['application/json', 'application/taxii+json;version=2.0', 'text/plain']) {
      const res = await post({ objects: [] }, type);
      expect(res.statusCode, type).toBe(415);
      expect(res.json(), type).toMatchObject({ error_code: 'taxii.unsupported_media_type' });
    }
    for (const body of ['[]', '{"objects": 3}', 'not json']) {
      const res = await post(body);
      expect(res.statusCode, body).toBe(400);
    }
    const notBundle = await post({ objects: [] }, STIX);
    expect(notBundle.statusCode).toBe(400);
    expect(notBundle.json()).toMatchObject({ error_code: 'taxii.invalid_envelope' });
    expect(await t.count('incident_reports')).toBe(reports);
  });

  it('answers a collection of another body as an unknown one, and a read-only one with 403', async () => {
    const other = await t.user(gov.agency, 'reporter');
    const otherInbox = (
      (
        await t.request(null, {
          method: 'GET',
          url: '/taxii2/api/collections/',
          headers: { accept: TAXII, authorization: `Bearer ${(await t.tokenFor(other)).secret}` },
        })
      ).json() as { collections: Collection[] }
    ).collections.find((c) => c.can_write) as Collection;
    expect(otherInbox.id).not.toBe(inbox);
    const theirs = await post({ objects: [] }, TAXII, otherInbox.id);
    const none = await post({ objects: [] }, TAXII, '0f0e0d0c-0b0a-4909-8807-060504030201');
    expect(theirs.statusCode).toBe(404);
    expect(theirs.body).toBe(none.body);
    const readOnly = await post({ objects: [] }, TAXII, SHARES_FOR_ME);
    expect(readOnly.statusCode).toBe(403);
    expect(readOnly.json()).toMatchObject({ error_code: 'taxii.collection_not_writable' });
  });

  it('fails every object of an incident that has its final report, adding nothing', async () => {
    const closed = (await t.fileIncident(reporter)) as { id: string; number: string };
    const fin = await t.request(reporter, {
      method: 'POST',
      url: `/api/v1/incidents/${closed.id}/reports`,
      payload: { kind: 'final', text: '確報' },
    });
    expect(fin.statusCode, fin.body).toBe(201);
    const a = indicator("[ipv4-addr:value = '192.0.2.44']", { x_renraku_incident: closed.number });
    const res = await post({ objects: [a] });
    expect(res.json()).toMatchObject({ success_count: 0, failure_count: 1 });
    expect((res.json() as Status).failures[0]?.message).toMatch(/^incidents\.already_final/);
    expect((await indicatorsOf(closed.id)).indicators).toEqual([]);
  });
});
