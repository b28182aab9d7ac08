// A minimal Server-Sent Events reader over real HTTP, for checking what the live stream delivers to whom.

export interface SseEvent {
  id: number;
  type: string;
  data: Record<string, unknown>;
}

export interface SseStream {
  readonly events: SseEvent[];
  /** Incident ids of the events received from position `from` on. */
  incidentIds(from?: number): Set<string>;
  /** Resolves once `done(events)` holds; rejects after `timeoutMs` with what was received. */
  waitFor(done: (events: SseEvent[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): void;
}

function parseFrame(frame: string): SseEvent | null {
  let id = Number.NaN;
  let type = 'message';
  const data: string[] = [];
  for (const line of frame.split('\n')) {
    if (line.startsWith('id: ')) id = Number(line.slice(4));
    else if (line.startsWith('event: ')) type = line.slice(7);
    else if (line.startsWith('data: ')) data.push(line.slice(6));
  }
  if (data.length === 0) return null;
  return { id, type, data: JSON.parse(data.join('\n')) as Record<string, unknown> };
}

/** Opens `GET /api/v1/events`; throws unless the server answers 200 with an event stream. */
export async function openStream(baseUrl: string, headers: Record<string, string>): Promise<SseStream> {
  const abort = new AbortController();
  const res = await fetch(`${baseUrl}/api/v1/events`, { headers, signal: abort.signal });
  if (res.status !== 200 || !res.body) {
    abort.abort();
    throw new Error(`event stream refused: ${res.status}`);
  }
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  void (async () => {
    let buffer = '';
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const event = parseFrame(buffer.slice(0, end));
          buffer = buffer.slice(end + 2);
          if (event) events.push(event);
          end = buffer.indexOf('\n\n');
        }
        for (const wake of waiters) wake();
      }
    } catch {
      // Aborted by close().
    }
  })();

  return {
    events,
    incidentIds: (from = 0) =>
      new Set(
        events.slice(from).flatMap((e) => (typeof e.data.incidentId === 'string' ? [e.data.incidentId] : [])),
      ),
    waitFor(done, timeoutMs = 5_000) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!done(events)) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve();
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`timed out waiting for events; got ${JSON.stringify(events.map((e) => e.type))}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    close: () => abort.abort(),
  };
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
