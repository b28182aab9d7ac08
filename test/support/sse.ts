export interface SseFrame {
  id?: string;
  event?: string;
  data: Record<string, unknown>;
}

/** A live-stream client over real HTTP that collects frames; `waitFor` is bounded by a deadline. */
export async function openStream(url: string, headers: Record<string, string>) {
  const controller = new AbortController();
  const res = await fetch(url, {
    headers: { accept: 'text/event-stream', ...headers },
    signal: controller.signal,
  });
  if (!res.ok || !res.body) throw new Error(`stream refused: ${res.status}`);
  const frames: SseFrame[] = [];
  const waiters = new Set<() => void>();
  const decoder = new TextDecoder();
  let buffer = '';
  const pump = (async () => {
    const reader = res.body?.getReader();
    if (!reader) return;
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end = buffer.indexOf('\n\n');
        while (end >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const frame: Partial<SseFrame> = {};
          for (const line of block.split('\n')) {
            const [field, ...rest] = line.split(': ');
            const value = rest.join(': ');
            if (field === 'id') frame.id = value;
            else if (field === 'event') frame.event = value;
            else if (field === 'data') frame.data = JSON.parse(value) as Record<string, unknown>;
          }
          if (frame.data) frames.push(frame as SseFrame);
          for (const w of waiters) w();
          end = buffer.indexOf('\n\n');
        }
      }
    } catch {
      // aborted
    }
  })();
  return {
    /** Settles when the server ends the stream (or it is closed here). */
    ended: pump,
    status: res.status,
    contentType: res.headers.get('content-type'),
    frames,
    async waitFor(predicate: (f: SseFrame) => boolean, timeoutMs = 5000): Promise<SseFrame> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = frames.find(predicate);
        if (hit) return hit;
        const left = deadline - Date.now();
        if (left <= 0)
          throw new Error(`no matching event within ${timeoutMs} ms; got ${JSON.stringify(frames)}`);
        await new Promise<void>((resolve) => {
          const done = () => {
            waiters.delete(done);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(done, left);
          waiters.add(done);
        });
      }
    },
    async close() {
      controller.abort();
      await pump;
    },
  };
}
