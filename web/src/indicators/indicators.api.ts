import { queryOptions } from '@tanstack/react-query';
import type { Static } from 'typebox';
import type { IncidentIndicatorsPageOut } from '../../../src/features/incidents/incidents.schemas.js';
import type { ExtractOut } from '../../../src/features/indicators/indicators.schemas.js';
import {
  DETAIL_INDICATORS,
  INDICATOR_TYPES,
  type IndicatorType,
} from '../../../src/features/indicators/indicators.types.js';
import { request } from '../api.js';

export type Extracted = Static<typeof ExtractOut>;
export type IndicatorPage = Static<typeof IncidentIndicatorsPageOut>;

/** Which of an incident's indicators a page shows: `size` after `cursor`, of one type, holding a text. */
export interface IndicatorPageFilter {
  size: number;
  cursor: string | null;
  type: IndicatorType | '';
  q: string;
}
export { DETAIL_INDICATORS, INDICATOR_TYPES, type IndicatorType };

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

export const indicatorQueries = {
  /** A page of an incident's indicators (under the incident's key: its page refreshes them with it). */
  page: (incidentId: string, f: IndicatorPageFilter) =>
    queryOptions({
      queryKey: ['incidents', incidentId, 'indicators', f],
      queryFn: () => {
        const query = new URLSearchParams({ limit: String(f.size) });
        if (f.cursor) query.set('cursor', f.cursor);
        if (f.type) query.set('type', f.type);
        if (f.q.trim()) query.set('q', f.q.trim());
        return request<IndicatorPage>(
          'GET',
          `/api/v1/incidents/${encodeURIComponent(incidentId)}/indicators?${query}`,
        );
      },
    }),
};

export const indicatorsApi = {
  /** The typed indicators in pasted text, for the reporter to confirm; the server stores nothing. */
  extract: (text: string) => request<Extracted>('POST', '/api/v1/indicators/extract', { body: { text } }),
};
