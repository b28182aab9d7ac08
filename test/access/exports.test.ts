import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../src/platform/access/roles.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// An export passes on what a reader reads: it must answer exactly where reading answers, and show nothing
// more. Every role at every kind of body asks for every incident, share and contact structure, by reading and
// by exporting; then the ways around it: ids in another width or with zero-width characters, another body's
// id, the center's administrator and auditor, and a recipient of a withdrawn share.

const KINDS_AT_CENTER: Role[] = [
  'reporter',
  'security-officer',
  'center-analyst',
  'center-coordinator',
  'admin',
  'auditor',
];

describe.each(DIALECTS)('who may export on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  const people: { name: string; user: TestUser }[] = [];
  const bodies: TestOrg[] = [];
  const incidents: { name: string; id: string }[] = [];
  const shares: { name: string; id: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government({ reviewMode: true });
    const sibling = await t.org('agency', { parent: g.ministry });
    const other = await t.org('ministry');
    const otherAgency = await t.org('agency', { parent: other });
    bodies.push(g.center, g.ministry, g.agency, sibling, other, otherAgency);
    for (const role of KINDS_AT_CENTER)
      people.push({ name: `center ${role}`, user: await t.user(g.center, role) });
    for (const [name, body] of [
      ['ministry', g.ministry],
      ['agency', g.agency],
      ['sibling', sibling],
      ['other ministry', other],
      ['other agency', otherAgency],
    ] as const)
      for (const role of ['reporter', 'security-officer'] as const)
        people.push({ name: `${name} ${role}`, user: await t.user(body, role) });

    // One awaiting the ministry's review (the center does not read it yet), one forwarded, one of another ministry.
    incidents.push({
      name: 'waiting',
      id: (await t.fileIncident(g.agencyReporter, { title: '審査待ち' })).id,
    });
    const forwarded = (await t.fileIncident(g.agencyReporter, { title: '転送済み' })).id;
    const fwd = await t.request(g.ministryOfficer, {
      method: 'POST',
      url: `/api/v1/incidents/${forwarded}/forward`,
      payload: {},
    });
    expect(fwd.statusCode, fwd.body).toBe(200);
    incidents.push({ name: 'forwarded', id: forwarded });
    const otherReporter = people.find((p) => p.name === 'other ministry reporter')?.user as TestUser;
    incidents.push({ name: 'other', id: (await t.fileIncident(otherReporter, { title: '他省' })).id });

    const advisory = async (orgs: string[]) => {
      const res = await t.request(g.analyst, {
        method: 'POST',
        url: '/api/v1/shares',
        payload: {
          sourceIncidentIds: [],
          content: { title: '注意喚起', body: '本文' },
          audience: { kind: 'orgs', orgs },
          tlp: 'TLP:AMBER+STRICT',
        },
      });
      expect(res.json()).toMatchObject({ status: 'published' });
      return res.json().id as string;
    };
    shares.push({ name: 'to the other ministry', id: await advisory([other.slug]) });
    const withdrawn = await advisory([g.ministry.slug]);
    const w = await t.request(g.analyst, {
      method: 'POST',
      url: `/api/v1/shares/${withdrawn}/withdraw`,
      payload: { reason: '誤送信' },
    });
    expect(w.statusCode, w.body).toBe(200);
    shares.push({ name: 'withdrawn', id: withdrawn });
    for (const body of bodies)
      await t.contact(body, {
        name: `当番 ${body.slug}`,
        role: 'duty-officer',
        email: `duty@${body.slug}.example`,
        availability: '24/7',
      });
  });
  afterAll(async () => t?.close());

  const status = async (u: TestUser, url: string) => (await t.request(u, { method: 'GET', url })).statusCode;

  it('an incident is exported by exactly those who read it', async () => {
    let exported = 0;
    for (const { name, user } of people)
      for (const incident of incidents) {
        const read = await status(user, `/api/v1/incidents/${incident.id}`);
        const res = await t.request(user, {
          method: 'GET',
          url: `/api/v1/incidents/${incident.id}/export?format=csv`,
        });
        expect(res.statusCode, `${name} exporting ${incident.name}`).toBe(read === 200 ? 200 : 404);
        if (res.statusCode === 200) exported++;
        else expect(res.json().code).toBe('incidents.not_found');
      }
    // Not a vacuous agreement: some do, and the center's administrator, auditor and the review's waiting do not.
    expect(exported).toBeGreaterThan(5);
    for (const role of ['admin', 'auditor', 'center-analyst']) {
      const u = people.find((p) => p.name === `center ${role}`)?.user as TestUser;
      expect(await status(u, `/api/v1/incidents/${incidents[0]?.id}/export?format=xlsx`), role).toBe(404);
    }
  });

  it('a share is exported by exactly those who read its content; a retraction notice exports nothing', async () => {
    let exported = 0;
    for (const { name, user } of people)
      for (const share of shares) {
        const read = await t.request(user, { method: 'GET', url: `/api/v1/shares/${share.id}` });
        const readable = read.statusCode === 200 && read.json().view !== 'retracted';
        const res = await status(user, `/api/v1/shares/${share.id}/export?format=csv`);
        expect(res, `${name} exporting the share ${share.name}`).toBe(readable ? 200 : 404);
        if (res === 200) exported++;
      }
    expect(exported).toBeGreaterThan(3);
    const ministryReporter = people.find((p) => p.name === 'ministry reporter')?.user as TestUser;
    expect(await status(ministryReporter, `/api/v1/shares/${shares[1]?.id}/export?format=csv`)).toBe(404);
  });

  it('a contact structure is exported by exactly those who read it', async () => {
    let exported = 0;
    for (const { name, user } of people)
      for (const body of bodies) {
        const read = await status(user, `/api/v1/orgs/${body.slug}/contacts`);
        const res = await status(user, `/api/v1/orgs/${body.slug}/contacts/export?format=xlsx`);
        expect(res, `${name} exporting the contacts of ${body.slug}`).toBe(read === 200 ? 200 : 404);
        if (res === 200) exported++;
      }
    expect(exported).toBeGreaterThan(10);
  });

  it('an id in another width, with a zero-width character or another case names nothing', async () => {
    const agencyReporter = g.agencyReporter;
    const id = incidents[0]?.id as string;
    const fullWidth = id.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    for (const variant of [fullWidth, `${id}\u200b`, `\u200b${id}`, id.toUpperCase(), `${id} `, `${id}%00`]) {
      const url = `/api/v1/incidents/${encodeURIComponent(variant)}/export?format=csv`;
      expect(await status(agencyReporter, url), JSON.stringify(variant)).toBe(404);
    }
    const slug = g.ministry.slug;
    const officer = g.ministryOfficer;
    for (const variant of [
      slug.toUpperCase(),
      `${slug}\u200b`,
      slug.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    ]) {
      const url = `/api/v1/orgs/${encodeURIComponent(variant)}/contacts/export?format=csv`;
      expect(await status(officer, url), JSON.stringify(variant)).toBe(404);
    }
  });
});
