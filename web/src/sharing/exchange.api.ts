import { request } from '../api.js';
import type { IndicatorType } from '../indicators/indicators.api.js';
import type { Share } from './sharing.api.js';

// The calls of exchange with other tools: a file (STIX bundle, MISP event) into a draft share, or into a report
// form's indicators. The file is sent as it is: the server checks it and names every offending object.

export type ImportFormat = 'stix' | 'misp';
export interface NotImported {
  id: string;
  code: string;
  reason: string;
}
export interface Imported {
  created: boolean;
  tlpAssumed: boolean;
  notImported: NotImported[];
  share: Share;
}
export interface Offender {
  index: number | null;
  id: string | null;
  reason: string;
}
export interface StixCandidates {
  candidates: { type: IndicatorType; value: string; display: string; from: string }[];
  notImported: NotImported[];
}

const asJson = (file: Blob) => new Blob([file], { type: 'application/json' });

export const exchangeApi = {
  /** A draft share of the file (center); the same file again answers its earlier draft. */
  importShare: (format: ImportFormat, file: Blob) =>
    request<Imported>('POST', `/api/v1/shares/import.${format}`, { file: asJson(file) }),
  /** The typed indicators of a STIX bundle, for the reporter to confirm; the server stores nothing. */
  stixIndicators: (file: Blob) =>
    request<StixCandidates>('POST', '/api/v1/indicators/import.stix', { file: asJson(file) }),
};
