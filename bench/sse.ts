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
 * which time the subscription is in place.
 */
export async function subscribe(
  origin: string,
  token: string,
  onFrame: (frame: LiveFrame) => void,
): Promise<{ close(): Promise<void> }> {
  const client = new Client(origin, { bodyTimeout: 0, headersTimeout: 10_000 });
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
