import type { LightMyRequestResponse } from 'fastify';
import type { TestOrg, TestUser } from '../support/harness.js';

// Warning lists' and sightings' operations as the OpenAPI contract test runs them (openapi-contract.test.ts):
// each success and its main refusals, every answer held against the document there.

type Call = (
  u: TestUser | null,
  method: string,
  url: string,
  payload?: unknown,
) => Promise<LightMyRequestResponse>;
type Ok = (res: LightMyRequestResponse, status: number) => Record<string, unknown> & { id: string };
type Refused = (res: LightMyRequestResponse, status: number) => void;

export async function exerciseWarninglists(
  { call, ok, refused }: { call: Call; ok: Ok; refused: Refused },
  who: { analyst: TestUser; ministryReporter: TestUser; agencyReporter: TestUser; ministry: TestOrg },
): Promise<void> {
  const { analyst, ministryReporter, agencyReporter, ministry } = who;
  ok(await call(analyst, 'GET', '/api/v1/warninglists'), 200);
  refused(await call(agencyReporter, 'GET', '/api/v1/warninglists'), 403);
  const made = ok(
    await call(analyst, 'POST', '/api/v1/warninglists', {
      name: 'Contract list',
      description: '',
      source: '',
      matchType: 'hostname',
      appliesTo: ['domain'],
      entries: ['example.org'],
    }),
    201,
  );
  refused(
    await call(analyst, 'POST', '/api/v1/warninglists', {
      name: 'Contract list',
      description: '',
      source: '',
      matchType: 'hostname',
      appliesTo: [],
      entries: [],
    }),
    409,
  );
  refused(
    await call(analyst, 'POST', '/api/v1/warninglists', {
      name: 'Other',
      description: '',
      source: '',
      matchType: 'cidr',
      appliesTo: [],
      entries: ['not an address'],
    }),
    422,
  );
  ok(await call(analyst, 'GET', `/api/v1/warninglists/${made.id}`), 200);
  refused(await call(analyst, 'GET', '/api/v1/warninglists/no-such-list'), 404);
  ok(
    await call(analyst, 'PATCH', `/api/v1/warninglists/${made.id}`, { revision: 1, add: ['example.net'] }),
    200,
  );
  refused(
    await call(analyst, 'PATCH', `/api/v1/warninglists/${made.id}`, { revision: 1, enabled: false }),
    409,
  );
  const misp = {
    name: 'Contract MISP list',
    version: 2,
    description: '',
    type: 'string',
    list: ['a.example'],
  };
  ok(await call(analyst, 'POST', '/api/v1/warninglists/import', misp), 201);
  ok(await call(analyst, 'POST', '/api/v1/warninglists/import', misp), 200);
  refused(await call(analyst, 'POST', '/api/v1/warninglists/import', { ...misp, version: 1 }), 409);
  refused(await call(analyst, 'POST', '/api/v1/warninglists/import', { ...misp, type: 'regex' }), 422);
  refused(await call(agencyReporter, 'POST', '/api/v1/warninglists/import', misp), 403);

  const share = ok(
    await call(analyst, 'POST', '/api/v1/shares', {
      sourceIncidentIds: [],
      content: {
        title: '注意喚起',
        body: '確認',
        indicators: [{ type: 'domain-name', value: 'evil.example' }],
      },
      audience: { kind: 'orgs', orgs: [ministry.slug] },
      tlp: 'TLP:AMBER+STRICT',
    }),
    201,
  );
  const sighting = {
    type: 'domain-name',
    value: 'evil.example',
    seenAt: '2026-11-25T02:00:00.000Z',
    count: 2,
  };
  ok(await call(ministryReporter, 'POST', `/api/v1/shares/${share.id}/sightings`, sighting), 201);
  refused(
    await call(ministryReporter, 'POST', `/api/v1/shares/${share.id}/sightings`, {
      ...sighting,
      value: 'x.example',
    }),
    422,
  );
  refused(await call(agencyReporter, 'POST', `/api/v1/shares/${share.id}/sightings`, sighting), 404);
  ok(await call(ministryReporter, 'GET', `/api/v1/shares/${share.id}/sightings`), 200);
  ok(await call(analyst, 'GET', `/api/v1/shares/${share.id}/sightings`), 200);
  refused(await call(agencyReporter, 'GET', `/api/v1/shares/${share.id}/sightings`), 404);
  ok(await call(ministryReporter, 'GET', `/api/v1/shares/${share.id}/sightings.stix`), 200);
  refused(await call(agencyReporter, 'GET', `/api/v1/shares/${share.id}/sightings.stix`), 404);
}
