import { anonymousName, type SourceName } from './sharing.redaction.js';
import type { Indicator, IndicatorType } from './sharing.terms.js';

// How content is put into its stored form before redaction, shared by the server and the composer's preview so
// that the preview is the text that will be stored. Pure: the web app imports it.

/** A body as anonymisation needs it: its names, its slug and its other usual names (METI, 経産省). */
export interface NamedBody {
  kind: string;
  nameJa: string;
  nameEn: string;
  slug: string;
  aliases: readonly string[];
}

const kindOf = (kind: string) => (kind === 'center' || kind === 'agency' ? kind : 'ministry');
const JAPANESE = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** Every name a body goes by: what anonymity must hide. */
export const everyNameOf = (o: NamedBody): string[] => [o.nameJa, o.nameEn, o.slug, ...o.aliases];

/**
 * Each body's names with the neutral name that replaces them: in Japanese for a name written in Japanese,
 * else in English.
 */
export const namesOf = (bodies: readonly NamedBody[]): SourceName[] =>
  bodies.flatMap((o) =>
    everyNameOf(o)
      .filter((n) => n.trim().length > 0)
      .map((text) => ({
        text,
        replacement: anonymousName(kindOf(o.kind), JAPANESE.test(text) ? 'ja' : 'en'),
      })),
  );

// Hashes, domains and addresses compare without case; spelling them one way lets consent checks and exports
// treat "ABC…" and "abc…" as the same indicator.
const CASELESS: readonly IndicatorType[] = [
  'domain-name',
  'email-addr',
  'file-md5',
  'file-sha1',
  'file-sha256',
  'file-sha512',
];

/** An indicator in its stored form: trimmed, lower case where case means nothing, no empty description. */
export function canonicalIndicator(i: Indicator): Indicator {
  const raw = i.value.trim();
  // A CVE id is written in upper case (CVE-2026-1234), as reports store it (indicators.canonical).
  const value = CASELESS.includes(i.type)
    ? raw.toLowerCase()
    : i.type === 'vulnerability'
      ? raw.toUpperCase()
      : raw;
  const description = i.description?.trim();
  return { type: i.type, value, ...(description ? { description } : {}) };
}

/** The indicators in stored form, each once (the first description wins). */
export function canonicalIndicators(list: readonly Indicator[]): Indicator[] {
  const seen = new Set<string>();
  return list.map(canonicalIndicator).filter((i) => {
    const key = `${i.type}\u0000${i.value}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
