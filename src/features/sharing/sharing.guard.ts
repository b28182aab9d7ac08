import type { Actor } from '../../platform/access/roles.js';
import type { Unit } from '../../platform/db/transaction.js';
import {
  guardedTexts,
  incidentsWithKeys,
  pendingFingerprints,
  quoteCandidates,
  shortValuesOf,
} from './sharing.fingerprints.js';
import type { ShareContent } from './sharing.terms.js';
import {
  coveredBy,
  fingerprintsOfKey,
  KEY_SEPARATOR,
  quoteKey,
  quotesBeyond,
  SHORT_GRAM,
  shortGram,
} from './sharing.text.js';
import { indicatorKeys, lookupKeys, textKeys } from './sharing.traces.js';

// The guard of sharing: nothing taken from a report leaves without its body's consent, whether the analyst
// names the report as a source or not. A share's text is compared with every report the center received,
// after normalisation (sharing.text), and its indicators in their canonical and containing forms
// (sharing.traces) with those the reports name, in their text or as typed indicators (a short free-text one,
// too short to be a quote, wherever its characters appear in the share's text); what its declared
// sources say explains itself. No software stops a deliberate paraphrase; this stops the copy and the reuse,
// and the rest is in the audit log under the analyst's name.

/** Incidents named in a refusal, at most: enough to act on, and a bound on what one answer reads. */
export const MAX_NAMED = 20;
/** Candidates confirmed on their text, at most, those sharing the most fingerprints first. */
export const MAX_CONFIRMED = 200;

/** The free texts of a share: title, body, mitigations, indicator descriptions. */
export const textsOf = (c: ShareContent): string[] => [
  c.title,
  c.body,
  ...c.mitigations,
  ...c.indicators.flatMap((i) => (i.description ? [i.description] : [])),
];

/**
 * The incidents the actor reads, other than the declared sources, that a share's content is derived from:
 * it quotes their reports (a run of QUOTE_WEIGHT, see sharing.text) or names an indicator they hold, beyond
 * what the declared sources' own reports say. Empty when the share may go to its sources' bodies alone.
 */
export async function undeclaredSources(args: {
  unit: Unit;
  actor: Actor;
  content: ShareContent;
  sourceIds: readonly string[];
}): Promise<string[]> {
  const { unit, actor, content, sourceIds } = args;
  const texts = textsOf(content);
  // Indicators: the share's own, and those its texts name; less what the sources name themselves (in their
  // text or as typed indicators).
  const explained = new Set<string>();
  const sourceTexts = [...(await guardedTexts(unit.tx, unit.dialect, [...sourceIds], explained)).values()];
  for (const t of sourceTexts) textKeys(t, explained);
  const mine = new Set<string>();
  for (const i of content.indicators) indicatorKeys(i, mine);
  for (const t of texts) textKeys(t, mine);
  for (const k of explained) mine.delete(k);
  const lookups = lookupKeys(mine);
  const exact = [...lookups.exact].filter((k) => !explained.has(k));

  // Incidents whose latest reports the index does not hold yet (filed a moment ago) are checked on their
  // text here; the index answers for all the others. Read first: one indexed in between is in the index.
  const pending = await pendingFingerprints(unit.tx, actor.orgId, sourceIds);
  const exactSet = new Set(exact);
  const holdsKey = (prints: Set<string>) => {
    for (const p of prints) {
      if (exactSet.has(p)) return true;
      if (lookups.ranges.some(([lo, hi]) => p >= lo && p <= hi)) return true;
    }
    return false;
  };
  const named = [...pending].filter(([, prints]) => holdsKey(prints)).map(([id]) => id);
  if (named.length >= MAX_NAMED) return named.slice(0, MAX_NAMED);
  named.push(
    ...(await incidentsWithKeys(
      unit.tx,
      actor.orgId,
      { exact, ranges: lookups.ranges },
      [...sourceIds, ...pending.keys()],
      MAX_NAMED - named.length,
    )),
  );
  if (named.length >= MAX_NAMED) return named;

  /**
   * The incidents not named yet whose fingerprints (quote prints or short-value grams) hold one of these: the
   * pending ones from their text, the rest from the index (those it holds the most of first), sources left out.
   */
  const candidatesHolding = async (wanted: Set<string>): Promise<string[]> => {
    const holds = (of: Set<string>) => {
      for (const p of wanted) if (of.has(p)) return true;
      return false;
    };
    const candidates = [...pending].filter(([id, of]) => !named.includes(id) && holds(of)).map(([id]) => id);
    candidates.push(
      ...(await quoteCandidates(
        unit.tx,
        actor.orgId,
        [...wanted],
        [...sourceIds, ...named, ...pending.keys()],
        MAX_CONFIRMED,
      )),
    );
    return candidates;
  };

  const sourceKey = sourceTexts.flatMap((t, i) => (i > 0 ? [KEY_SEPARATOR, ...quoteKey(t)] : quoteKey(t)));
  const fieldKeys = texts.map(quoteKey);

  // Short values (a report's account name, file name or short user agent, too short to be a quote but typed
  // as an indicator): candidates by their first characters, each confirmed on its values, beyond what the
  // declared sources say. Written with spaces, punctuation, invisible or full-width characters, it is found
  // alike (the keys are normalised as quotes are).
  const grams = new Set<string>();
  for (const key of fieldKeys)
    for (let i = 0; i + SHORT_GRAM <= key.length; i++) grams.add(shortGram(key, i));
  if (grams.size > 0) {
    const candidates = await candidatesHolding(grams);
    const values = await shortValuesOf(unit.tx, candidates);
    const said = sourceKey.join('');
    const fieldTexts = fieldKeys.map((k) => k.join(''));
    for (const id of candidates) {
      if (named.length >= MAX_NAMED) return named;
      const keys = values.get(id) ?? [];
      if (keys.some((k) => !said.includes(k) && fieldTexts.some((f) => f.includes(k)))) named.push(id);
    }
  }

  // Quotes: candidates by fingerprint, each confirmed on its reports' text.
  const fields = fieldKeys.map((key) => ({ key, covered: coveredBy(key, sourceKey) }));
  const prints = new Set<string>();
  for (const f of fields) for (const p of fingerprintsOfKey(f.key, f.covered)) prints.add(p);
  if (prints.size === 0) return named;
  const candidates = await candidatesHolding(prints);
  const candidateTexts = await guardedTexts(unit.tx, unit.dialect, candidates);
  for (const id of candidates) {
    if (named.length >= MAX_NAMED) break;
    const key = quoteKey(candidateTexts.get(id) ?? '');
    if (fields.some((f) => quotesBeyond(f.key, key, f.covered))) named.push(id);
  }
  return named;
}
