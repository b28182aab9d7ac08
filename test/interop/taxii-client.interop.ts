import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/harness.js';

// The OASIS TAXII 2.1 client (../shared/interop/taxii2-client, beside the checkout; not copied here) against a
// real Renraku server on loopback: discovery, collections, paging with next and added_after, manifest, and posting
// to a body's inbox (add_objects, then the status service).
// Needs Python 3 with python3-requests, python3-six and python3-tz.

const ROOT = resolve(import.meta.dirname, '..', '..');
const CLIENT = resolve(ROOT, '..', 'shared', 'interop', 'taxii2-client');
// Debian's Python, which has python3-requests, python3-six and python3-tz (a python3 earlier on PATH may not).
const PYTHON = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';

describe('the OASIS TAXII 2.1 client', () => {
  let t: TestApp;
  beforeAll(async () => {
    if (!existsSync(join(CLIENT, 'taxii2client')))
      throw new Error(
        `The OASIS TAXII client is not at ${CLIENT}: put github.com/oasis-open/cti-taxii-client (the taxii2client package) in ../shared/interop/taxii2-client beside the checkout.`,
      );
    t = await startTestApp('sqlite');
  });
  afterAll(() => t?.close());
  let address: string | undefined;
  /** The server on a loopback port, for the client in another process (listening once for the file). */
  const listening = async () => {
    address ??= await t.app.listen({ port: 0, host: '127.0.0.1' });
    return address;
  };
  // Asynchronously: the server answering the client runs in this process.
  const runClient = async (script: string, args: string[]) => {
    const { stdout } = await promisify(execFile)(PYTHON, [join(import.meta.dirname, script), ...args], {
      env: { ...process.env, PYTHONPATH: CLIENT },
      encoding: 'utf8',
      timeout: 60_000,
    });
    return JSON.parse(stdout.trim().split('\n').pop() as string) as Record<string, number>;
  };

  it('reads the shares a body receives through discovery, collections, pages, added_after and the manifest', async () => {
    const gov = await t.government();
    const share = (n: number) =>
      t.request(gov.analyst, {
        method: 'POST',
        url: '/api/v1/shares',
        payload: {
          sourceIncidentIds: [],
          content: {
            title: `注意喚起 ${n}`,
            body: '以下の指標を観測しました。',
            indicators: [
              { type: 'url', value: `https://evil.example/パス/${n}?q=日本語 space` },
              { type: 'vulnerability', value: `CVE-2026-${1000 + n}` },
              { type: 'user-agent', value: `Mozilla/5.0 'Bot\\${n}' ]「検査」` },
              { type: 'observable', value: `保守用アカウント ']' OR [x:y = 'z' ${n}` },
            ],
            mitigations: ['遮断する'],
          },
          audience: { kind: 'orgs', orgs: [gov.ministry.slug] },
          tlp: 'TLP:AMBER',
        },
      });
    for (const n of [1, 2]) expect((await share(n)).statusCode).toBe(201);
    // A first poll stores the versions; what comes after is what added_after must find.
    expect(
      (await t.request(gov.ministryReporter, { method: 'GET', url: '/api/v1/shares/export.stix' }))
        .statusCode,
    ).toBe(200);
    t.clock.advance(60_000);
    const since = t.clock.now().toISOString();
    t.clock.advance(60_000);
    expect((await share(3)).statusCode).toBe(201);
    const token = (await t.tokenFor(gov.ministryReporter)).secret;
    const out = await runClient('taxii_client_check.py', [
      `${await listening()}/taxii2/`,
      gov.ministryReporter.email,
      token,
      '3',
      since,
    ]);
    // Each share's CVE id as a vulnerability, its user agent and free observable as indicators.
    expect(out).toMatchObject({ reports: 3, vulnerabilities: 3, userAgents: 3, observables: 3 });
  });

  it('reads the center’s indicators received, paged, with added_after and the manifest', async () => {
    const gov = await t.government();
    await t.fileIncident(gov.ministryReporter, {
      indicators: [
        { type: 'ipv4', value: '203.0.113.9' },
        { type: 'domain', value: '例え.jp' },
        { type: 'url', value: 'https://evil.example/パス?q=日本語 space' },
      ],
    });
    t.clock.advance(60_000);
    const since = t.clock.now().toISOString();
    t.clock.advance(60_000);
    await t.fileIncident(gov.agencyReporter, { indicators: [{ type: 'sha256', value: 'b'.repeat(64) }] });
    const token = (await t.tokenFor(gov.analyst)).secret;
    const out = await runClient('taxii_received_check.py', [
      `${await listening()}/taxii2/`,
      gov.analyst.email,
      token,
      '4',
      since,
    ]);
    expect(out).toMatchObject({ objects: 4, later: 1 });
  });

  it('posts to a body’s inbox with Collection.add_objects and reads the status back, twice', async () => {
    const gov = await t.government();
    const incident = (await t.fileIncident(gov.agencyReporter)) as { id: string; number: string };
    const token = (await t.tokenFor(gov.agencyReporter)).secret;
    const out = await runClient('taxii_inbox_check.py', [
      `${await listening()}/taxii2/`,
      gov.agencyReporter.email,
      token,
      incident.number,
    ]);
    expect(out).toMatchObject({ successes: 3, failures: 1, replayed: 3 });
    const res = await t.request(gov.agencyReporter, {
      method: 'GET',
      url: `/api/v1/incidents/${incident.id}`,
    });
    const body = res.json() as { reports: unknown[]; indicators: { type: string; value: string }[] };
    expect(body.reports).toHaveLength(2);
    expect(body.indicators.map((i) => `${i.type} ${i.value}`).sort()).toEqual([
      'domain c2.xn--r8jz45g.jp',
      'ipv4 203.0.113.77',
    ]);
  });
});
