// The match types of a warning list, apart from the matching itself: the web app's form lists them, and the
// matcher's module carries the server's canonical forms (and Node's URL parser) with it.

/** MISP's match types that Renraku runs (MISP's `regex` is refused: see warninglists.match.ts). */
export const MATCH_TYPES = ['string', 'cidr', 'hostname', 'substring'] as const;
export type MatchType = (typeof MATCH_TYPES)[number];

export const isMatchType = (v: string): v is MatchType => (MATCH_TYPES as readonly string[]).includes(v);
