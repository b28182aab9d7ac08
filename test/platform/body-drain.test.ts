import { Agent as HttpAgent, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BODY_DRAIN_MAX_BYTES } from '../../src/platform/http/drain.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/harness.js';

// A body over the limit is refused with 413 — and the refusal must reach the client. Fastify answers as soon as
// it sees the size and closes the connection; a client, or nginx (which buffers the body and then writes all of
// it), still sending got a reset instead of the answer (nginx: 502). The server now reads the rest first, up to
// BODY_DRAIN_MAX_BYTES, and keeps the connection; only a body declared larger than that is answered and cut.

interface Sent {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  socket: Socket;
}

describe.each(DIALECTS)('a refused body on %s', (dialect) => {
  let t: TestApp;
  let origin: string;
  const agent = new HttpAgent({ keepAlive: true, maxSockets: 1 });

  beforeAll(async () => {
    t = await startTestApp(dialect);
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    origin = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    agent.destroy();
    await t.close();
  });

  const send = (path: string, method: string, body?: Buffer, headers: Record<string, string> = {}) =>
    new Promise<Sent>((resolve, reject) => {
      const req = httpRequest(`${origin}${path}`, { method, agent, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, socket: req.socket as Socket }),
        );
      });
      req.on('error', reject);
      req.end(body);
    });

  it('a JSON body of 2 MiB gets the 413 problem, and the same connection serves the next request', async () => {
    const body = Buffer.from(JSON.stringify({ email: 'a@b.test', password: 'x'.repeat(2 * 1024 * 1024) }));
    const refused = await send('/api/v1/session', 'POST', body, { 'content-type': 'application/json' });
    expect(refused.status).toBe(413);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(JSON.parse(refused.text)).toMatchObject({ code: 'request.body_too_large' });
    expect(refused.headers.connection).not.toBe('close');
    const next = await send('/healthz', 'GET');
    expect(next.status).toBe(200);
    expect(next.socket).toBe(refused.socket);
  });

  it('a body declared larger than the server ever reads is answered 413 and the connection closed', async () => {
    const huge = BODY_DRAIN_MAX_BYTES + 1;
    const answer = await new Promise<{ status: number; connection: string | undefined }>(
      (resolve, reject) => {
        const req = httpRequest(
          `${origin}/api/v1/session`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'content-length': String(huge) },
          },
          (res) => {
            res.resume();
            resolve({ status: res.statusCode ?? 0, connection: res.headers.connection });
          },
        );
        req.on('error', reject);
        // Only the start of the body: the server answers without waiting for the rest.
        req.write('{"email":"');
      },
    );
    expect(answer).toEqual({ status: 413, connection: 'close' });
  });
});
