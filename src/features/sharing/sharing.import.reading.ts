// What an imported file (a STIX bundle, a MISP event) gives a draft share or a report form: indicators in
// their one canonical form, the text, the mitigations, the TLP, and every part that was not taken, with the id
// of the object it came from and why. Shared by the STIX and MISP readers. Pure.

import { AppError } from '../../platform/errors.js';
import { canonicalIndicator } from '../indicators/indicators.canonical.js';
import type { CanonicalIndicator, IndicatorType } from '../indicators/indicators.types.js';
import { type Tlp, tlpRank } from './sharing.terms.js';

/** An indicator read from a file, in canonical form, with the id of the object that named it. */
export interface ImportedIndicator extends CanonicalIndicator {
  from: string;
  description?: string;
}

/** A part of the file that was not imported, and why (a stable code and a sentence). */
export interface NotImported {
  id: string;
  code: string;
  reason: string;
}

/** What was read of a file. */
export interface Reading {
  title: string | null;
  body: string | null;
  indicators: ImportedIndicator[];
  mitigations: string[];
  /** The strictest TLP marking found, or null when the file has none. */
  tlp: Tlp | null;
  notImported: NotImported[];
}

/** An object of the file that breaks its format: where it is, its id if it has one, and what is wrong. */
export interface Offender {
  index: number | null;
  id: string | null;
  reason: string;
}

/** The most offenders a refusal lists (the rest are counted). */
const OFFENDERS_LISTED = 100;

export const importErrors = {
  invalid: (format: 'stix' | 'misp', offenders: Offender[]) =>
    new AppError(
      422,
      `imports.invalid_${format}`,
      `The ${format === 'stix' ? 'STIX 2.1 bundle' : 'MISP event'} is not valid: ${offenders.length} object(s) break the format (see offenders); nothing was imported.`,
      { offenders: offenders.slice(0, OFFENDERS_LISTED), offenderCount: offenders.length },
    ),
  tooLarge: (format: 'stix' | 'misp', what: string, max: number) =>
    new AppError(
      422,
      'imports.too_large',
      `The ${format === 'stix' ? 'bundle' : 'event'} holds more ${what} than ${max}; nothing was imported.`,
      { offenders: [], offenderCount: 0 },
    ),
};

/** A plain object (not an array, not null) of the parsed JSON. */
export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const hasOwn = (o: object, k: string) => Object.hasOwn(o, k);
/** A property of a parsed object, read only if it is the object's own (never one of Object.prototype). */
export const own = (o: Record<string, unknown>, k: string): unknown => (hasOwn(o, k) ? o[k] : undefined);

/** Collects indicators once per (type, canonical value), and what could not be read. */
export class ReadingBuilder {
  readonly indicators: ImportedIndicator[] = [];
  readonly notImported: NotImported[] = [];
  private readonly seen = new Set<string>();
  private tlps: Tlp[] = [];

  /** Reads one value as an indicator of the given kind; a value that is not one is noted with its reason. */
  indicator(from: string, type: IndicatorType, raw: string, description?: string): void {
    const result = canonicalIndicator(type, raw);
    if (!result.ok) {
      this.skip(from, result.problem.code, `${type} '${clip(raw)}': ${result.problem.message}`);
      return;
    }
    const key = `${result.indicator.type}\u0000${result.indicator.value}`;
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.indicators.push({ ...result.indicator, from, ...(description ? { description } : {}) });
  }

  skip(id: string, code: string, reason: string): void {
    this.notImported.push({ id, code, reason });
  }

  marking(tlp: Tlp): void {
    this.tlps.push(tlp);
  }

  /** The strictest TLP seen: a draft is never less restrictive than any of what it was made from. */
  strictestTlp(): Tlp | null {
    return this.tlps.reduce<Tlp | null>((a, t) => (a === null || tlpRank(t) > tlpRank(a) ? t : a), null);
  }
}

/** A value shortened for a message. */
export const clip = (s: string, n = 80): string => {
  const chars = Array.from(s);
  return chars.length <= n ? s : `${chars.slice(0, n - 1).join('')}…`;
};
