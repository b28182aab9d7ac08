import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createWebhookSender } from '../../src/platform/outbox/webhook.sender.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, T0, type TestApp } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// A body's security officer chooses where its webhooks go; Renraku makes the request. Only global unicast
// destinations on port 443 (or a port the deployment allows) are accepted, at registration and at each send.

const HIDDEN_HERE = [
  'https://[::7f00:1]/hook',
  'https://[::127.0.0.1]/hook',
  'https://[::ffff:7f00:1]/hook',
  'https://[::ffff:127.0.0.1]/hook',
  'https://[::ffff:a00:1]/hook',
  'https://[0:0:0:0:0:ffff:a9fe:a9fe]/latest/meta-data',
  'https://[fec0::1]/hook',
  'https://[64:ff9b::a00:1]/hook',
  'https://[2002:a00:1::1]/hook',
  'https://[2001::1]/hook',
  'https://[2001:db8::1]/hook',
  'https://[::]/hook',
  'https://[ff02::1]/hook',
  'https://192.0.0.170/hook',
  'https://198.18.0.1/hook',
  'https://255.255.255.255/hook',
  'https://224.0.0.1/hook',
];

describe.each(DIALECTS)('webhook destinations on %s', (dialect) => {
  let t: TestApp;
  let g: Awaited<ReturnType<TestApp['government']>>;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    g = await t.government();
  });
  afterAll(async () => t?.close());

  const url = `/api/v1/orgs/__/contacts`;
  const add = (webhookUrl: string) =>
    t.request(g.ministryOfficer, {
      method: 'POST',
      url: url.replace('__', g.ministry.slug),
      payload: { name: 'SOC', role: 'other', webhookUrl },
    });

  it('refuses any address that is not global unicast, however it is spelled, and writes nothing', async () => {
    const before = { contacts: await t.count('contacts'), audit: await t.count('audit_log') };
    for (const target of HIDDEN_HERE)
      expectProblem(await add(target), 422, 'contacts.webhook_url_private_address');
    expect({ contacts: await t.count('contacts'), audit: await t.count('audit_log') }).toEqual(before);
  });

  it('refuses a port other than 443, on creation and on change', async () => {
    for (const target of [
      'https://hooks.example.jp:8443/in',
      'https://hooks.example.jp:22/in',
      'https://[2606:4700:4700::1111]:25/in',
      'https://8.8.8.8:6379/in',
    ]) {
      const res = await add(target);
      expectProblem(res, 422, 'contacts.webhook_url_port_not_allowed');
      expect(res.json().detail).toBe('A webhook URL must use port 443.');
    }
    const created = await add('https://hooks.example.jp:443/in');
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().webhookUrl).toBe('https://hooks.example.jp/in');
    const change = await t.request(g.ministryOfficer, {
      method: 'PATCH',
      url: `${url.replace('__', g.ministry.slug)}/${created.json().id}`,
      payload: { webhookUrl: 'https://hooks.example.jp:9000/in' },
    });
    expectProblem(change, 422, 'contacts.webhook_url_port_not_allowed');
  });

  it('accepts the ports the deployment allows (RENRAKU_WEBHOOK_PORTS), and 443 still', async () => {
    const other = await startTestApp(dialect, { config: { webhookPorts: [443, 8443] } });
    try {
      const og = await other.government();
      const post = (webhookUrl: string) =>
        other.request(og.ministryOfficer, {
          method: 'POST',
          url: `/api/v1/orgs/${og.ministry.slug}/contacts`,
          payload: { name: 'SOC', role: 'other', webhookUrl },
        });
      expect((await post('https://hooks.example.jp:8443/in')).statusCode).toBe(201);
      expect((await post('https://hooks.example.jp/in')).statusCode).toBe(201);
      expectProblem(
        await post('https://hooks.example.jp:8444/in'),
        422,
        'contacts.webhook_url_port_not_allowed',
      );
    } finally {
      await other.close();
    }
  });
});

describe('webhook sender', () => {
  const payload = (url: string) => ({ url, body: '{}', secret: 'whsec', id: 'delivery-1' });
  const sender = (ports?: number[]) =>
    createWebhookSender({ clock: fixedClock(T0), allowLoopback: false, ...(ports ? { ports } : {}) });

  it.each(HIDDEN_HERE)('does not call %s, a permanent failure', async (url) => {
    const result = await sender().send(payload(url), new AbortController().signal);
    expect(result).toMatchObject({ ok: false, permanent: true });
    expect(result.ok || result.error).toMatch(/is not a public address$/);
  });

  it('does not call a port that is not allowed, without connecting', async () => {
    const result = await sender().send(payload('https://8.8.8.8:8443/in'), new AbortController().signal);
    expect(result).toEqual({ ok: false, permanent: true, error: 'port 8443 is not allowed for webhooks' });
  });

  it('settings: RENRAKU_WEBHOOK_PORTS adds to 443 and refuses what is not a port', async () => {
    const { loadConfig } = await import('../../src/config.js');
    expect(loadConfig({}).webhookPorts).toEqual([443]);
    expect(loadConfig({ RENRAKU_WEBHOOK_PORTS: '8443, 9443' }).webhookPorts).toEqual([443, 8443, 9443]);
    for (const bad of ['http', '0', '65536', '443;80'])
      expect(() => loadConfig({ RENRAKU_WEBHOOK_PORTS: bad }), bad).toThrow(/RENRAKU_WEBHOOK_PORTS/);
  });
});
