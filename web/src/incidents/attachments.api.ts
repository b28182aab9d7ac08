import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type {
  AttachmentListOut,
  AttachmentOut,
} from '../../../src/features/attachments/attachments.schemas.js';
import { request } from '../api.js';

// The calls of an incident's attachments, typed from the server's schemas (type-only: nothing of the server is
// bundled). Downloads are plain links: the server answers them as files to save.

export type Attachment = Static<typeof AttachmentOut>;

export const attachmentsApi = {
  list: (incidentId: string, signal?: AbortSignal) =>
    request<Static<typeof AttachmentListOut>>('GET', `/api/v1/incidents/${incidentId}/attachments`, {
      ...(signal ? { signal } : {}),
    }),
  /** Withdraws a file attached by mistake, with the reason kept on the record. */
  withdraw: (incidentId: string, attachmentId: string, reason: string) =>
    request<Attachment>('POST', `/api/v1/incidents/${incidentId}/attachments/${attachmentId}/withdraw`, {
      body: { reason },
    }),
  /** Sends the file's bytes as they are, its name in the query string. */
  upload: (incidentId: string, file: File) =>
    request<Attachment>(
      'POST',
      `/api/v1/incidents/${incidentId}/attachments?name=${encodeURIComponent(file.name)}`,
      { file },
    ),
};

/** The incident's attachments: under the incident's key, so that every live event about it makes them stale. */
export const attachmentQueries = {
  list: (incidentId: string) =>
    queryOptions({
      queryKey: ['incidents', incidentId, 'attachments'],
      queryFn: ({ signal }) => attachmentsApi.list(incidentId, signal),
    }),
};

/** A size in bytes as people read it (KB, MB), in the page's language. */
export function formatSize(bytes: number, locale: string): string {
  const units = ['B', 'KB', 'MB', 'GB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  const digits = unit === 0 || value >= 10 ? 0 : 1;
  return `${value.toLocaleString(locale, { maximumFractionDigits: digits })} ${units[unit]}`;
}
