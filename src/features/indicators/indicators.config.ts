import { integer, type Setting } from '../../platform/config.js';

/** The bulk import's limits: what one STIX bundle imported into an incident may hold. */
export const indicatorsSettings = {
  bulkImportMaxBytes: integer(
    'RENRAKU_BULK_IMPORT_MAX_BYTES',
    64 * 1_048_576,
    'Largest STIX bundle imported into an incident’s indicators (POST /api/v1/incidents/{id}/reports/import.stix), in bytes: a larger one is refused with 413 request.body_too_large. This route only; other bodies keep their own limits.',
    1_048_576,
    512 * 1_048_576,
  ),
  bulkImportMaxObjects: integer(
    'RENRAKU_BULK_IMPORT_MAX_OBJECTS',
    200_000,
    'Most objects one STIX bundle imported into an incident’s indicators may hold: more are refused with 422 imports.too_large, nothing imported.',
    1,
    1_000_000,
  ),
} satisfies Record<string, Setting<unknown>>;
