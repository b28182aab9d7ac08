import { integer, type Setting } from '../../platform/config.js';

/** The TAXII inbox's limits: what one POST of objects may hold. */
export const taxiiSettings = {
  taxiiInboxMaxBytes: integer(
    'RENRAKU_TAXII_INBOX_MAX_BYTES',
    1_048_576,
    'Largest TAXII inbox POST (an envelope or bundle), in bytes: a larger one is refused with 413 taxii.too_large; also the API root’s max_content_length.',
    1024,
    100 * 1_048_576,
  ),
  taxiiInboxMaxObjects: integer(
    'RENRAKU_TAXII_INBOX_MAX_OBJECTS',
    1000,
    'Most objects one TAXII inbox POST may hold: more are refused with 413 taxii.too_many_objects, nothing taken.',
    1,
    10_000,
  ),
} satisfies Record<string, Setting<unknown>>;
