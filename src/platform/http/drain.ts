import type { IncomingMessage } from 'node:http';

/**
 * The most of a refused body the server reads and throws away so that the refusal reaches the client (see
 * drainBody): above the largest upload it takes (attachments, 20 MiB by default) and a reverse proxy's limit.
 */
export const BODY_DRAIN_MAX_BYTES = 64 * 1024 * 1024;

/**
 * Reads and discards what is left of a request's body, up to `max` bytes; resolves true once it has all been
 * read, false when there is more than that (or the client went away). A server that answers a body too large
 * and closes the connection at once makes the client, or a reverse proxy still sending the body (nginx buffers
 * it and then writes it all), fail with a reset instead of reading the answer: nginx turns it into a 502.
 */
export function drainBody(raw: IncomingMessage, max = BODY_DRAIN_MAX_BYTES): Promise<boolean> {
  if (raw.complete || raw.readableEnded) return Promise.resolve(true);
  const declared = Number(raw.headers['content-length']);
  if (Number.isFinite(declared) && declared > max) return Promise.resolve(false);
  return new Promise((resolve) => {
    let read = 0;
    const done = (drained: boolean) => {
      raw.off('data', onData);
      raw.off('end', onEnd);
      raw.off('error', onFail);
      raw.off('close', onClose);
      if (!drained) raw.pause();
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      read += chunk.length;
      if (read > max) done(false);
    };
    const onEnd = () => done(true);
    const onFail = () => done(false);
    const onClose = () => done(raw.complete);
    raw.on('data', onData);
    raw.on('end', onEnd);
    raw.on('error', onFail);
    raw.on('close', onClose);
    raw.resume();
  });
}
