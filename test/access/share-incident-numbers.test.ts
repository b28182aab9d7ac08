import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { stixErrors } from '../support/stix-schemas.js';

// A share derived from an incident names the incident by its number only to bodies that read the incident
// anyway. Attempts: a sibling agency and another ministry receiving the share, by its page, its list, its
// sheet export and its STIX bundle (one and all); the number must appear nowhere in what they get.

interface ShareOut {
  id: string;
  view: string;
  revision?: number;
  sources?: { id: string; number: string | null }[];
  sourceIncidents?: { id: string; number: string }[];
}
interface StixObject {
  type: string;
  external_references?: { source_name: string; external_id: string }[];
}

describe.each(DIALECTS)('incident numbers on shares on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  let sibling: TestUser;
  let stranger: TestUser;
  let incident: { id: string; number: string };
  let shareId: string;

  beforeAll(async () => {
    t = await startTestApp(dialect, { config: { incidentNumberPrefix: 'NISC-' } });
    g = await t.government();
    const siblingAgency = await t.org('agency', { parent: g.ministry });
    sibling = await t.user(siblingAgency, 'reporter');
    const other = await t.org('ministry');
    stranger = await t.user(other, 'reporter');
    const filed = await t.fileIncident(g.agencyReporter, { title: '番号付きの事案', tlp: 'TLP:AMBER' });
    incident = { id: filed.id, number: filed.number as string };
    const created = await t.request(g.analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [incident.id],
        content: {
          title: '不審な通信先',
          body: '203.0.113.9 への通信を観測した。',
          indicators: [{ type: 'ipv4-addr', value: '203.0.113.9' }],
          mitigations: ['遮断する'],
        },
        audience: { kind: 'orgs', orgs: [g.ministry.slug, other.slug] },
        tlp: 'TLP:AMBER',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const share = created.json() as ShareOut;
    shareId = share.id;
    const pending = await t.request(g.ministryOfficer, { method: 'GET', url: '/api/v1/consent-requests' });
    const request = (pending.json() as { items: { id: string; share: { id: string } }[] }).items.find(
      (i) => i.share.id === shareId,
    );
    const decided = await t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/consent-requests/${request?.id}/decision`,
      payload: { decision: 'approve', revision: share.revision },
    });
    expect(decided.statusCode, decided.body).toBe(200);
  });
  afterAll(async () => t?.close());

  const get = (u: TestUser, url: string) => t.request(u, { method: 'GET', url });
  const stixReport = async (u: TestUser) => {
    const res = await get(u, `/api/v1/shares/${shareId}/stix`);
    expect(res.statusCode, res.body).toBe(200);
    const report = (res.json() as { objects: StixObject[] }).objects.find((o) => o.type === 'report');
    if (!report) throw new Error('no report');
    expect(stixErrors(report)).toEqual([]);
    return report;
  };

  it('names the source by its number, as configured, for the center, which reads the incident', async () => {
    expect(incident.number).toMatch(/^NISC-\d{4}-\d{6}$/);
    const share = (await get(g.analyst, `/api/v1/shares/${shareId}`)).json() as ShareOut;
    expect(share.view).toBe('manage');
    expect(share.sources?.[0]).toMatchObject({ id: incident.id, number: incident.number });
    expect(share.sourceIncidents).toEqual([{ id: incident.id, number: incident.number }]);
    expect((await stixReport(g.analyst)).external_references).toEqual([
      { source_name: 'renraku', external_id: incident.number },
    ]);
    const sheet = await get(g.analyst, `/api/v1/shares/${shareId}/export?format=csv`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.body).toContain(`${incident.number} ${g.agency.slug}:`);
  });

  it('tells a recipient that reads the incident (its own body) the number, on the page and in STIX', async () => {
    const share = (await get(g.agencyReporter, `/api/v1/shares/${shareId}`)).json() as ShareOut;
    expect(share.view).toBe('recipient');
    expect(share.sourceIncidents).toEqual([{ id: incident.id, number: incident.number }]);
    expect((await stixReport(g.agencyReporter)).external_references).toEqual([
      { source_name: 'renraku', external_id: incident.number },
    ]);
    // Its export names the number too, and nothing else of the sources.
    const sheet = await get(g.agencyReporter, `/api/v1/shares/${shareId}/export?format=csv&lang=en`);
    expect(sheet.statusCode).toBe(200);
    expect(sheet.body).toContain('Source incident numbers');
    expect(sheet.body).toContain(incident.number);
    expect(sheet.body).not.toContain('Source incidents"');
  });

  it('never tells a recipient that may not read the incident its number or id, by any read path', async () => {
    const digits = incident.number.replace(/^NISC-/, '');
    for (const u of [sibling, stranger]) {
      const page = await get(u, `/api/v1/shares/${shareId}`);
      expect(page.statusCode, page.body).toBe(200);
      expect((page.json() as ShareOut).sourceIncidents).toEqual([]);
      const answers = [
        page,
        await get(u, '/api/v1/shares?box=inbox'),
        await get(u, `/api/v1/shares/${shareId}/stix`),
        await get(u, '/api/v1/shares/export.stix'),
        await get(u, `/api/v1/shares/${shareId}/export?format=csv`),
      ];
      for (const a of answers) {
        expect(a.body).not.toContain(digits);
        expect(a.body).not.toContain(incident.id);
      }
      expect((await stixReport(u)).external_references).toBeUndefined();
      // Nor does the number open the incident.
      expect((await get(u, `/api/v1/incidents/${incident.id}`)).statusCode).toBe(404);
    }
  });
});
