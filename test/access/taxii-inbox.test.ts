import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';

// Who may post to a TAXII inbox and read its statuses, and what a post may touch. Attacks: another body's status
// id and another body's inbox (404 exactly as unknown ones), people who may not report (auditor, center analyst,
// administrator: no inbox listed, 404 everywhere), Basic with another person's address, a read-only token, the
// incident of a sibling agency, of the ministry above and of an agency below (the ministry reads it, but it is
// not its own) — each failing as "not found" exactly as a number that does not exist, with nothing written —,
// an object id another body posted (not "received before": that would tell of the other's post), and TLP:RED.

const TAXII = 'application/taxii+json;version=2.1';
const RECEIVED = '3f0e9a86-1c7b-4f0e-8b3d-5a2c6e9d7f14';
const TS = '2026-11-20T01:02:03.000Z';
const UNKNOWN = '0f0e0d0c-0b0a-4909-8807-060504030201';

interface Status {
  id: string;
  success_count: number;
  failure_count: number;
  successes: { id: string; message?: string }[];
  failures: { id: string; message: string }[];
}
interface Collection {
  id: string;
  can_write: boolean;
}

let seq = 0;
const indicator = (value: string, incident: string, extra: Record<string, unknown> = {}) => {
  seq += 1;
  return {
    type: 'indicator',
    spec_version: '2.1',
    id: `indicator--00000000-0000-4000-9000-${String(seq).padStart(12, '0')}`,
    created: TS,
    modified: TS,
    pattern: `[ipv4-addr:value = '${value}']`,
    pattern_type: 'stix',
    valid_from: TS,
    x_renraku_incident: incident,
    ...extra,
  };
};

describe.each(DIALECTS)('TAXII inbox access on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let sibling: TestUser;
  let auditor: TestUser;
  let admin: TestUser;
  const tokens = new Map<string, string>();
  const inboxes = new Map<string, string | undefined>();
  let ministryIncident: { id: string; number: string };
  let agencyIncident: { id: string; number: string };
  let siblingIncident: { id: string; number: string };

  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government();
    sibling = await t.user(await t.org('agency', { parent: gov.ministry }), 'reporter');
    auditor = await t.user(gov.center, 'auditor');
    admin = await t.user(gov.center, 'admin');
    for (const u of everyone()) {
      tokens.set(u.id, (await t.tokenFor(u)).secret);
      const res = await get(u, '/taxii2/api/collections/');
      expect(res.statusCode).toBe(200);
      inboxes.set(
        u.id,
        (res.json() as { collections: Collection[] }).collections.find((c) => c.can_write)?.id,
      );
    }
    ministryIncident = (await t.fileIncident(gov.ministryReporter)) as typeof ministryIncident;
    agencyIncident = (await t.fileIncident(gov.agencyReporter)) as typeof agencyIncident;
    siblingIncident = (await t.fileIncident(sibling)) as typeof siblingIncident;
  });
  afterAll(() => t?.close());

  const everyone = () => [
    gov.ministryReporter,
    gov.ministryOfficer,
    gov.agencyReporter,
    gov.agencyOfficer,
    sibling,
    gov.analyst,
    auditor,
    admin,
  ];
  const bearer = (u: TestUser) => `Bearer ${tokens.get(u.id)}`;
  const get = (u: TestUser, url: string) =>
    t.request(null, { method: 'GET', url, headers: { accept: TAXII, authorization: bearer(u) } });
  const post = (authorization: string, collection: string, objects: unknown[]) =>
    t.request(null, {
      method: 'POST',
      url: `/taxii2/api/collections/${collection}/objects/`,
      headers: { accept: TAXII, authorization, 'content-type': TAXII },
      payload: JSON.stringify({ objects }),
    });
  const written = async () =>
    Promise.all([
      t.count('incident_reports'),
      t.count('incident_indicators'),
      t.count('taxii_inbox_objects'),
    ]);

  it('gives an inbox to the people who file reports, one per body, and to nobody else', () => {
    const [mr, mo, ar, ao, sr, ...others] = everyone().map((u) => inboxes.get(u.id));
    expect(mr).toBeDefined();
    expect(mo).toBe(mr);
    expect(ar).toBeDefined();
    expect(ao).toBe(ar);
    expect(new Set([mr, ar, sr]).size).toBe(3);
    expect(others).toEqual([undefined, undefined, undefined]);
  });

  it('answers another body’s inbox, and any inbox to those without one, exactly as an unknown collection', async () => {
    const unknown = await post(bearer(gov.agencyReporter), UNKNOWN, []);
    expect(unknown.statusCode).toBe(404);
    const ministryInbox = inboxes.get(gov.ministryReporter.id) as string;
    const before = await written();
    for (const u of [gov.agencyReporter, sibling, gov.analyst, auditor, admin]) {
      const objects = [indicator('192.0.2.10', ministryIncident.number)];
      const res = await post(bearer(u), ministryInbox, objects);
      expect(res.statusCode, u.role).toBe(404);
      expect(res.body, u.role).toBe(unknown.body);
      const read = await get(u, `/taxii2/api/collections/${ministryInbox}/`);
      expect(read.statusCode, u.role).toBe(404);
    }
    expect(await written()).toEqual(before);
  });

  it('shows a status to the posting body’s people only; anyone else gets the 404 of an unknown id', async () => {
    const res = await post(bearer(gov.ministryReporter), inboxes.get(gov.ministryReporter.id) as string, [
      indicator('192.0.2.20', ministryIncident.number),
    ]);
    expect(res.statusCode, res.body).toBe(202);
    const status = res.json() as Status;
    expect((await get(gov.ministryOfficer, `/taxii2/api/status/${status.id}/`)).statusCode).toBe(200);
    const unknown = await get(gov.agencyReporter, `/taxii2/api/status/${UNKNOWN}/`);
    expect(unknown.statusCode).toBe(404);
    for (const u of [gov.agencyReporter, gov.agencyOfficer, sibling, gov.analyst, auditor, admin]) {
      const theirs = await get(u, `/taxii2/api/status/${status.id}/`);
      expect(theirs.statusCode, u.role).toBe(404);
      expect(theirs.body, u.role).toBe(unknown.body);
    }
  });

  it('refuses Basic with another person’s address, and a read-only token; takes Basic with one’s own', async () => {
    const u = gov.agencyReporter;
    const inbox = inboxes.get(u.id) as string;
    const token = tokens.get(u.id) as string;
    const basic = (email: string) => `Basic ${Buffer.from(`${email}:${token}`).toString('base64')}`;
    const before = await written();
    const stolen = await post(basic(gov.ministryReporter.email), inbox, [
      indicator('192.0.2.30', agencyIncident.number),
    ]);
    expect(stolen.statusCode).toBe(401);
    const readOnly = (await t.tokenFor(u, { readOnly: true })).secret;
    const ro = await post(`Bearer ${readOnly}`, inbox, [indicator('192.0.2.31', agencyIncident.number)]);
    expect(ro.statusCode).toBe(403);
    expect(await written()).toEqual(before);
    const own = await post(basic(u.email), inbox, [indicator('192.0.2.32', agencyIncident.number)]);
    expect(own.statusCode, own.body).toBe(202);
    expect(own.json()).toMatchObject({ success_count: 1, failure_count: 0 });
  });

  it('fails an incident that is not the body’s own exactly as one that does not exist, writing nothing', async () => {
    const cases: [TestUser, { number: string }][] = [
      [gov.agencyReporter, siblingIncident], // a sibling agency's
      [gov.agencyReporter, ministryIncident], // the ministry's above
      [gov.ministryOfficer, agencyIncident], // an agency's below: the ministry reads it, but it is not its own
      [sibling, agencyIncident],
    ];
    const before = await written();
    const normal = (s: Status, number: string) =>
      s.failures.map((f) => f.message.replace(number, 'N')).concat(String(s.success_count));
    for (const [u, incident] of cases) {
      const inbox = inboxes.get(u.id) as string;
      const made = `${incident.number.slice(0, 5)}99${incident.number.slice(7)}`;
      const theirs = await post(bearer(u), inbox, [indicator('192.0.2.40', incident.number)]);
      const none = await post(bearer(u), inbox, [indicator('192.0.2.40', made)]);
      expect(theirs.statusCode).toBe(202);
      expect(none.statusCode).toBe(202);
      expect(normal(theirs.json() as Status, incident.number)).toEqual(normal(none.json() as Status, made));
      expect((theirs.json() as Status).failures[0]?.message).toBe(`incident ${incident.number} not found`);
      // Through a report object too.
      const ind = indicator('192.0.2.41', '');
      delete (ind as Record<string, unknown>).x_renraku_incident;
      seq += 1;
      const report = {
        type: 'report',
        spec_version: '2.1',
        id: `report--00000000-0000-4000-a000-${String(seq).padStart(12, '0')}`,
        created: TS,
        modified: TS,
        name: 'r',
        published: TS,
        object_refs: [ind.id],
        external_references: [{ source_name: 'renraku', external_id: incident.number }],
      };
      const viaReport = await post(bearer(u), inbox, [report, ind]);
      expect(viaReport.json()).toMatchObject({ success_count: 0, failure_count: 2 });
    }
    expect(await written()).toEqual(before);
  });

  it('treats an object id another body posted as new (no hint of the other’s post)', async () => {
    const object = indicator('192.0.2.50', ministryIncident.number);
    const first = await post(bearer(gov.ministryReporter), inboxes.get(gov.ministryReporter.id) as string, [
      object,
    ]);
    expect(first.json()).toMatchObject({ success_count: 1 });
    const mine = { ...object, x_renraku_incident: siblingIncident.number };
    const res = await post(bearer(sibling), inboxes.get(sibling.id) as string, [mine]);
    const status = res.json() as Status;
    expect(status).toMatchObject({ success_count: 1, failure_count: 0 });
    expect(status.successes[0]?.message).toBeUndefined();
  });

  it('leaves TLP:RED as it is: a TLP:RED incident’s posted indicators and a TLP:RED marking never reach the center’s feed', async () => {
    const red = (await t.fileIncident(gov.agencyReporter, { tlp: 'TLP:RED' })) as {
      id: string;
      number: string;
    };
    const amber = (await t.fileIncident(gov.agencyReporter, { tlp: 'TLP:AMBER' })) as {
      id: string;
      number: string;
    };
    const inbox = inboxes.get(gov.agencyReporter.id) as string;
    const RED_MARKING = 'marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1';
    const res = await post(bearer(gov.agencyReporter), inbox, [
      indicator('198.51.100.61', red.number),
      indicator('198.51.100.62', amber.number, { object_marking_refs: [RED_MARKING] }),
      indicator('198.51.100.63', amber.number),
    ]);
    expect(res.json()).toMatchObject({ success_count: 3, failure_count: 0 });
    const view = await t.request(gov.agencyReporter, { method: 'GET', url: `/api/v1/incidents/${amber.id}` });
    expect((view.json() as { tlp: string }).tlp).toBe('TLP:RED');
    const received = await get(gov.analyst, `/taxii2/api/collections/${RECEIVED}/objects/?limit=1000`);
    expect(received.statusCode).toBe(200);
    expect(received.body).not.toContain('198.51.100.6');
    // What the agency posted earlier to its TLP:AMBER incident does reach it: the feed is not simply empty.
    expect(received.body).toContain('192.0.2.32');
  });
});
