import { Type } from 'typebox';
import { Line } from '../../platform/http/schemas.js';
import { IndicatorType } from '../indicators/indicators.schemas.js';
import { MATCH_TYPES } from './warninglists.types.js';
import {
  WARNINGLIST_CHANGE_MAX,
  WARNINGLIST_NAME_MAX,
  WARNINGLIST_TEXT_MAX,
} from './warninglists.usecases.js';

const ENTRY_MAX = 2048;
/** The most entries a list made in the API starts with (a larger one is imported: `renraku warninglist import`). */
const CREATE_ENTRIES_MAX = 10_000;

const MatchType = Type.Enum([...MATCH_TYPES], {
  description:
    "MISP's match types: string (equal, once canonical), cidr (an address or network inside), hostname (the host or one under it, in a domain, URL or e-mail), substring. MISP's regex is refused (ReDoS).",
});
const Entry = Type.String({ minLength: 1, maxLength: ENTRY_MAX });

export const ListIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const WarninglistInput = Type.Object(
  {
    name: Line(WARNINGLIST_NAME_MAX, { description: 'Unique (compared in NFKC)' }),
    description: Type.String({ maxLength: WARNINGLIST_TEXT_MAX }),
    source: Type.String({ maxLength: WARNINGLIST_TEXT_MAX, description: 'Where the entries come from' }),
    matchType: MatchType,
    appliesTo: Type.Array(IndicatorType, {
      maxItems: 15,
      uniqueItems: true,
      description: 'The indicator types it flags; empty: every type',
    }),
    entries: Type.Array(Entry, {
      maxItems: CREATE_ENTRIES_MAX,
      description: 'Checked for the match type and stored canonical; a bad one answers 422 naming its index',
    }),
  },
  { additionalProperties: false },
);

export const WarninglistChangeInput = Type.Object(
  {
    revision: Type.Integer({
      minimum: 1,
      description:
        'The revision the change was made on: if the list has changed since, 409 warninglists.stale',
    }),
    enabled: Type.Optional(Type.Boolean()),
    add: Type.Optional(Type.Array(Entry, { maxItems: WARNINGLIST_CHANGE_MAX })),
    remove: Type.Optional(Type.Array(Entry, { maxItems: WARNINGLIST_CHANGE_MAX })),
  },
  { additionalProperties: false },
);

export const WarninglistOut = Type.Object({
  id: Type.String(),
  name: Type.String(),
  description: Type.String(),
  source: Type.String(),
  version: Type.Integer(),
  matchType: Type.String(),
  appliesTo: Type.Array(Type.String()),
  origin: Type.String({
    description:
      "shipped (with Renraku), imported (a MISP file), center (made here), bodies (the bodies' own domains, kept on each body)",
  }),
  enabled: Type.Boolean(),
  revision: Type.Integer(),
  entryCount: Type.Integer(),
  updatedAt: Type.String(),
});

export const WarninglistsOut = Type.Object({ lists: Type.Array(WarninglistOut) });

export const WarninglistDetailOut = Type.Object({
  list: WarninglistOut,
  entries: Type.Array(Type.String(), { description: 'In the form matching compares, in order' }),
});

export const WarninglistMispFile = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      'A MISP warninglist file (github.com/MISP/misp-warninglists, list.json): name, version, description, type (string, cidr, hostname, substring), list, matching_attributes',
  },
);

export const WarninglistImportOut = Type.Object({
  outcome: Type.Enum(['created', 'updated', 'unchanged']),
  list: WarninglistOut,
});
