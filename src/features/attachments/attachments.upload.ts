import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyRequest } from 'fastify';
import { attachmentErrors } from './attachments.errors.js';
import type { Upload } from './attachments.usecases.js';

/**
 * A content-type parser that reads an upload as it streams in, hashing each chunk, and stops at `maxBytes`:
 * a larger file (by its Content-Length, or by what arrives) answers 413 without being held in memory. Another
 * feature that takes files the same way (the policy register's excerpts) gives its own 413.
 */
export function uploadParser(
  maxBytes: number,
  tooLarge: (maxBytes: number) => Error = attachmentErrors.tooLarge,
) {
  return (
    request: FastifyRequest,
    payload: IncomingMessage,
    done: (error: Error | null, body?: Upload) => void,
  ) => {
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      payload.resume();
      done(tooLarge(maxBytes));
      return;
    }
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    let finished = false;
    const finish = (error: Error | null, body?: Upload) => {
      if (finished) return;
      finished = true;
      done(error, body);
    };
    payload.on('data', (chunk: Buffer) => {
      if (finished) return;
      size += chunk.length;
      if (size > maxBytes) {
        chunks.length = 0;
        finish(tooLarge(maxBytes));
        return;
      }
      hash.update(chunk);
      chunks.push(chunk);
    });
    payload.on('end', () =>
      finish(null, { content: Buffer.concat(chunks, size), size, sha256: hash.digest('hex') }),
    );
    payload.on('error', (e) => finish(e));
  };
}
