import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import writeXlsxFile from 'write-excel-file/node';
import { offsetMinutes } from '../calendar.js';
import { commonErrors } from '../errors.js';
import { CSV_BOM, csvLine } from './csv.js';

// What a reader takes away to a spreadsheet or a meeting: an incident, a share, a contact structure, as XLSX
// or CSV. A feature builds its sheets from what it presents on screen (never more), in the reader's language
// and time zone; this module writes them and answers with an attachment.

export type Cell = string | number | null;

/** One table: an XLSX sheet, or a section of the CSV file. */
export interface Sheet {
  name: string;
  header: string[];
  rows: Cell[][];
}

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const ExportQuery = Type.Object(
  {
    format: Type.Union([Type.Literal('csv'), Type.Literal('xlsx')]),
    lang: Type.Optional(
      Type.Union([Type.Literal('ja'), Type.Literal('en')], {
        description: 'Headers and labels; ja by default',
      }),
    ),
    tz: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        pattern: '^[A-Za-z][A-Za-z0-9_+\\-]*(/[A-Za-z0-9_+\\-]+)*$',
        description: "An IANA time zone for the times (Asia/Tokyo); the server's zone by default",
      }),
    ),
  },
  { additionalProperties: false },
);

/** The answer of an export route: a file to save, never to show. */
export const exportAnswer = (description: string) => ({
  description,
  headers: {
    'content-disposition': { type: 'string', description: 'attachment, with a file name' },
    'cache-control': { type: 'string', const: 'no-store' },
  },
  content: {
    'text/csv': {
      schema: { type: 'string', description: 'UTF-8 with a byte-order mark; one section a table' },
    },
    [XLSX_MEDIA_TYPE]: { schema: { type: 'string', format: 'binary', description: 'One sheet a table' } },
  },
});

export interface ExportOptions {
  format: 'csv' | 'xlsx';
  lang: 'ja' | 'en';
  timeZone: string;
}

/** The options an export query asks for; an unknown time zone is refused. */
export function exportOptions(
  query: { format: 'csv' | 'xlsx'; lang?: 'ja' | 'en' | undefined; tz?: string | undefined },
  defaultTimeZone: string,
): ExportOptions {
  return {
    format: query.format,
    lang: query.lang ?? 'ja',
    timeZone: knownTimeZone(query.tz ?? defaultTimeZone),
  };
}

/** The zone's canonical name, or a 400 `export.unknown_time_zone`. */
export function knownTimeZone(name: string): string {
  try {
    return new Intl.DateTimeFormat('en', { timeZone: name }).resolvedOptions().timeZone;
  } catch {
    throw commonErrors.badRequest(
      'export.unknown_time_zone',
      `${name} is not a time zone this server knows.`,
      {
        tz: name,
      },
    );
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the zone's wall clock with its offset (2026-11-25T21:00:00+09:00); '' for none. */
export function localTime(iso: string | null | undefined, timeZone: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  const offset = offsetMinutes(at, timeZone);
  const wall = new Date(at.getTime() + offset * 60_000).toISOString().slice(0, 19);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return `${wall}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** Sheets as one CSV file: each table under a line with its name, a blank line between them. */
export function sheetsToCsv(sheets: Sheet[]): string {
  const parts = sheets.map((s) => csvLine([s.name]) + csvLine(s.header) + s.rows.map(csvLine).join(''));
  return CSV_BOM + parts.join('\r\n');
}

/** Sheets as one XLSX workbook. Every cell is written as text or a number: never as a formula. */
export function sheetsToXlsx(sheets: Sheet[]): Promise<Buffer> {
  const cell = (value: Cell) =>
    value === null ? null : typeof value === 'number' ? { value, type: Number } : { value, type: String };
  return writeXlsxFile(
    sheets.map((s) => ({
      sheet: s.name.slice(0, 31),
      stickyRowsCount: 1,
      data: [
        s.header.map((h) => ({ value: h, type: String, fontWeight: 'bold' as const })),
        ...s.rows.map((r) => r.map(cell)),
      ],
      columns: s.header.map((_, i) => ({
        width: Math.min(60, Math.max(10, ...s.rows.map((r) => String(r[i] ?? '').length + 2))),
      })),
    })),
  ).toBuffer();
}

/** Answers with the sheets as an attachment named `baseName`.csv or .xlsx. */
export async function sendSheets(
  reply: FastifyReply,
  format: 'csv' | 'xlsx',
  baseName: string,
  sheets: Sheet[],
) {
  // Only characters that need no quoting in any file system or header.
  const name = `${baseName.replace(/[^A-Za-z0-9_.-]/g, '')}.${format}`;
  reply
    .header('content-disposition', `attachment; filename="${name}"`)
    .header('cache-control', 'no-store')
    .header('x-content-type-options', 'nosniff');
  if (format === 'csv') return reply.type('text/csv; charset=utf-8').send(sheetsToCsv(sheets));
  return reply.type(XLSX_MEDIA_TYPE).send(await sheetsToXlsx(sheets));
}
