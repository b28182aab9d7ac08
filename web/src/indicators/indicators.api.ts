import type { Static } from 'typebox';
import type { ExtractOut } from '../../../src/features/indicators/indicators.schemas.js';
import { INDICATOR_TYPES, type IndicatorType } from '../../../src/features/indicators/indicators.types.js';
import { request } from '../api.js';

export type Extracted = Static<typeof ExtractOut>;
export { INDICATOR_TYPES, type IndicatorType };

/** One row of the form's indicator list, as typed. */
export interface IndicatorRow {
  type: IndicatorType;
  value: string;
  note: string;
}

export const emptyRow = (): IndicatorRow => ({ type: 'ipv4', value: '', note: '' });

/** The rows worth sending: those with a value (the server checks and canonicalises each). */
export const indicatorsBody = (rows: readonly IndicatorRow[] | undefined) =>
  (rows ?? [])
    .filter((r) => r.value.trim() !== '')
    .map((r) => ({ type: r.type, value: r.value.trim(), ...(r.note.trim() ? { note: r.note.trim() } : {}) }));

export const indicatorsApi = {
  /** The typed indicators in pasted text, for the reporter to confirm; the server stores nothing. */
  extract: (text: string) => request<Extracted>('POST', '/api/v1/indicators/extract', { body: { text } }),
};
