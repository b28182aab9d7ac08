import { performance } from 'node:perf_hooks';
import { Client } from 'undici';

export interface LiveFrame {
  type: string;
  data: { incidentId?: string; [k: string]: unknown };
  /** performance.now() when the chunk carrying the frame arrived. */
  receivedAt: number;
}

/**
 * One live-stream subscriber on its own connection. Resolves once the server has sent its first bytes, by
 * which time the subscription is in place. `localAddress` (a loopback address such as 127.0.1.1) makes it
 * another client address: the server holds at most RENRAKU_SSE_MAX_PER_ADDRESS streams per address.
 */
export async function subscribe(
  origin: string,
  token: string,
  onFrame: (frame: LiveFrame) => void,
  localAddress?: string,
): Promise<{ close(): Promise<void> }> {
  const client = new Client(origin, {
    bodyTimeout: 0,
    headersTimeout: 10_000,
    ...(localAddress ? { localAddress } : {}),
  });
  const res = await client.request({
    method: 'GET',
    path: '/api/v1/events',
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
  });
  if (res.statusCode !== 200)
    throw new Error(`subscribing failed: ${res.statusCode} ${await res.body.text()}`);
  res.body.setEncoding('utf8');
  let buffered = '';
  let opened!: () => void;
  const ready = new Promise<void>((resolve) => {
    opened = resolve;
  });
  res.body.on('data', (chunk: string) => {
    const receivedAt = performance.now();
    opened();
    buffered += chunk;
    let end = buffered.indexOf('\n\n');
    while (end !== -1) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      end = buffered.indexOf('\n\n');
      let type = 'message';
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) type = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      if (data) onFrame({ type, data: JSON.parse(data) as LiveFrame['data'], receivedAt });
    }
  });
  res.body.on('error', () => {});
  await ready;
  return {
    async close() {
      await client.destroy();
    },
  };
}

// Fewer than RENRAKU_SSE_MAX_PER_ADDRESS (default 200) streams from each loopback address.
const STREAMS_PER_ADDRESS = 150;
const OPENING_AT_ONCE = 50;

/**
 * A live stream for each token, opened `OPENING_AT_ONCE` at a time; many streams come from several loopback
 * addresses (127.0.1.1, 127.0.1.2, …), as many bodies' streams would come from many clients. `onFrame` is told
 * which token's stream the frame came on.
 */
export async function subscribeAll(
  origin: string,
  tokens: readonly string[],
  onFrame: (index: number, frame: LiveFrame) => void,
): Promise<{ close(): Promise<void> }> {
  const streams: { close(): Promise<void> }[] = [];
  try {
    for (let start = 0; start < tokens.length; start += OPENING_AT_ONCE) {
      const batch = tokens.slice(start, start + OPENING_AT_ONCE).map((token, k) => {
        const i = start + k;
        const address =
          tokens.length > STREAMS_PER_ADDRESS
            ? `127.0.1.${1 + Math.floor(i / STREAMS_PER_ADDRESS)}`
            : undefined;
        return subscribe(origin, token, (frame) => onFrame(i, frame), address);
      });
      const opened = await Promise.allSettled(batch);
      for (const o of opened) if (o.status === 'fulfilled') streams.push(o.value);
      const failed = opened.find((o) => o.status === 'rejected');
      if (failed) throw failed.reason;
    }
  } catch (e) {
    await Promise.all(streams.map((s) => s.close()));
    throw e;
  }
  return {
    async close() {
      await Promise.all(streams.map((s) => s.close()));
    },
  };
}
