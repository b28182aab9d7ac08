// A Server-Sent Events reader over real HTTP, for checking what the live stream delivers to whom.

export interface SseFrame {
  id: number;
  /** The id as sent: an opaque place in the stream (`txid.seq` on PostgreSQL), what Last-Event-ID gives back. */
  lastEventId: string;
  event: string;
  data: Record<string, unknown>;
}

export interface SseStream {
  status: number;
  contentType: string | null;
  /** The answer's headers (a proxy may say which node serves the stream). */
  headers: Headers;
  readonly frames: SseFrame[];
  /** Settles when the server ends the stream (or it is closed here). */
  ended: Promise<void>;
  /** Incident ids of the frames received from position `from` on. */
  incidentIds(from?: number): Set<string>;
  /** The first frame that matches; rejects after `timeoutMs` with what was received. */
  waitFor(predicate: (frame: SseFrame) => boolean, timeoutMs?: number): Promise<SseFrame>;
  /** Resolves once `done(frames)` holds; rejects after `timeoutMs`. */
  waitUntil(done: (frames: SseFrame[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

function parseFrame(block: string): SseFrame | null {
  let id = Number.NaN;
  let lastEventId = '';
  let event = 'message';
  const data: string[] = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('id: ')) {
      lastEventId = line.slice(4);
      id = Number(lastEventId);
    } else if (line.startsWith('event: ')) event = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return null;
  return { id, lastEventId, event, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Opens an event stream at `url`; throws unless the server answers 2xx with a body. */
export async function openStream(
  url: string,
  headers: Record<string, string>,
  fetchImpl: (url: string, init: RequestInit) => Promise<Response> = fetch,
): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetchImpl(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: abort.signal,
  });
  if (!res.ok || !res.body) {
    abort.abort();
    throw new Error(`event stream refused: ${res.status}`);
  }
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const ended = (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const frame = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (frame) frames.push(frame);
          end = buffer.indexOf('\n\n');
        }
        for (const wake of waiters) wake();
      }
    } catch {
      // Aborted by close().
    }
  })();

  const waitUntil = (done: (all: SseFrame[]) => boolean, timeoutMs = 5_000) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!done(frames)) return;
        clearTimeout(timer);
        waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        reject(new Error(`timed out waiting for events; got ${JSON.stringify(frames)}`));
      }, timeoutMs);
      waiters.add(check);
      check();
    });

  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    headers: res.headers,
    frames,
    ended,
    incidentIds: (from = 0) =>
      new Set(
        frames.slice(from).flatMap((e) => (typeof e.data.incidentId === 'string' ? [e.data.incidentId] : [])),
      ),
    async waitFor(predicate, timeoutMs) {
      await waitUntil((all) => all.some(predicate), timeoutMs);
      return frames.find(predicate) as SseFrame;
    },
    waitUntil,
    async close() {
      abort.abort();
      await ended;
    },
  };
}
