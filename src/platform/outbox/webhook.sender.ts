import { createHmac } from 'node:crypto';
import { type LookupAddress, lookup as resolve } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { Clock } from '../clock.js';
import { bareHost, isLoopbackHost, isPublicAddress, portOf } from '../net/addresses.js';
import type { SendResult, WebhookSender } from './outbox.types.js';

const TIMEOUT_MS = 15_000;

/** `sha256=` and the hex HMAC-SHA256, keyed with the body's secret, of `<timestamp>.<body>`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

class AddressRefused extends Error {}

/**
 * POSTs the JSON body, signed (X-Renraku-Signature over X-Renraku-Timestamp and the body) and named by its
 * stable delivery id (X-Renraku-Delivery), so that a receiver can check it and drop a repeat. 2xx is sent;
 * a 4xx other than 408 and 429 is permanent, and so is a redirect (not followed: the signed body goes only
 * where the body's security officer pointed it); anything else is retried. Only global unicast addresses are
 * called, checked on the address actually connected to (a public name may come to resolve into a private
 * network), on port 443 or another allowed one; loopback too, on any port, where the deployment allows it
 * (tests).
 */
export function createWebhookSender(options: {
  clock: Clock;
  allowLoopback: boolean;
  /** Ports a webhook may use (RENRAKU_WEBHOOK_PORTS); 443 when not given. */
  ports?: readonly number[];
}): WebhookSender {
  const ports = options.ports ?? [443];
  const allowed = (ip: string) => isPublicAddress(ip) || (options.allowLoopback && isLoopbackHost(ip));
  const lookup: LookupFunction = (hostname, lookupOptions, callback) => {
    resolve(hostname, { ...lookupOptions, all: true }, (err, addresses: LookupAddress[]) => {
      const usable = err ? [] : addresses.filter((a) => allowed(a.address));
      const first = usable[0];
      if (err || !first) {
        callback(err ?? new AddressRefused(`${hostname} resolves to no public address`), '', 0);
      } else if (lookupOptions.all) {
        (callback as unknown as (e: null, all: LookupAddress[]) => void)(null, usable);
      } else {
        callback(null, first.address, first.family);
      }
    });
  };

  return {
    configured: true,
    async send(payload, signal): Promise<SendResult> {
      let url: URL;
      try {
        url = new URL(payload.url);
      } catch {
        return { ok: false, permanent: true, error: 'not a URL' };
      }
      const host = bareHost(url.hostname);
      if (isIP(host) !== 0 && !allowed(host))
        return { ok: false, permanent: true, error: `${host} is not a public address` };
      const loopback = options.allowLoopback && isLoopbackHost(host);
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
        return { ok: false, permanent: true, error: 'webhook URLs must be https://' };
      if (!loopback && !ports.includes(portOf(url)))
        return { ok: false, permanent: true, error: `port ${portOf(url)} is not allowed for webhooks` };
      const timestamp = String(Math.floor(options.clock.now().getTime() / 1000));
      const headers = {
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(payload.body)),
        'user-agent': 'Renraku-Webhook/1',
        'x-renraku-delivery': payload.id,
        'x-renraku-timestamp': timestamp,
        'x-renraku-signature': signWebhook(payload.secret, timestamp, payload.body),
      };
      try {
        const status = await post(url, headers, payload.body, {
          lookup,
          signal: AbortSignal.any([signal, AbortSignal.timeout(TIMEOUT_MS)]),
        });
        if (status >= 200 && status < 300) return { ok: true };
        const permanent = status >= 300 && status < 500 && status !== 408 && status !== 429;
        return {
          ok: false,
          permanent,
          error: `HTTP ${status}${status < 400 ? ' (redirects are not followed)' : ''}`,
        };
      } catch (e) {
        const err = e as { message?: string; code?: string };
        const error = `${err.code ? `${err.code}: ` : ''}${err.message ?? String(e)}`.slice(0, 1000);
        return { ok: false, permanent: e instanceof AddressRefused, error };
      }
    },
    async close() {},
  };
}

function post(
  url: URL,
  headers: Record<string, string>,
  body: string,
  options: { lookup: LookupFunction; signal: AbortSignal },
): Promise<number> {
  return new Promise((done, fail) => {
    const request = (url.protocol === 'https:' ? https : http).request(
      url,
      { method: 'POST', headers, ...options },
      (response) => {
        // Only the status counts; the rest of the answer is read and dropped so that the connection is freed.
        response.resume();
        done(response.statusCode ?? 0);
      },
    );
    request.on('error', fail);
    request.end(body);
  });
}
