import type { FastifyReply } from 'fastify';
import { answers, media, problemResponse } from '../../platform/http/openapi.js';
import { dispositionOf } from './attachments.names.js';

/** The answer of every download, whichever route serves it (an incident's readers, a share's recipients). */
export const fileAnswer = media(
  'application/octet-stream',
  { type: 'string', format: 'binary' },
  'The file',
  {
    'content-disposition': {
      type: 'string',
      description: "attachment, with the file's name (RFC 6266; UTF-8 in filename*, RFC 8187)",
    },
    'x-content-sha256': { type: 'string', description: "The file's SHA-256, hex" },
  },
);

/** What a download route answers: the file, or 410 once the incident's body has withdrawn it. */
export const downloadAnswers = answers({
  200: fileAnswer,
  410: problemResponse("Withdrawn by the incident's body: its bytes are gone (attachments.withdrawn)"),
});

/**
 * Sends a file so that it is never rendered: whatever the uploader declared, the browser is told to save opaque
 * bytes, to sniff nothing, and to run nothing should it open them anyway; no cache keeps a copy.
 */
export function sendAttachment(
  reply: FastifyReply,
  file: { file_name: string; sha256: string; content: Buffer },
): Buffer {
  reply
    .header('content-type', 'application/octet-stream')
    .header('content-disposition', dispositionOf(file.file_name))
    .header('x-content-type-options', 'nosniff')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cache-control', 'private, no-store')
    .header('x-content-sha256', file.sha256);
  return Buffer.from(file.content);
}
