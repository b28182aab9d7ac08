import { type Static, Type } from 'typebox';
import { Line } from '../../platform/http/schemas.js';

/** The longest note, in characters after NFC normalisation. */
export const NOTE_MAX = 4000;
/** The most categories of personal data one assessment names, and the longest name of one. */
export const CATEGORIES_MAX = 20;
export const CATEGORY_MAX = 100;

export const AssessmentParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const AssessmentInput = Type.Object(
  {
    version: Type.Integer({
      minimum: 0,
      maximum: 1_000_000,
      description: 'The version this change was made on: 0 for the first assessment (409 if stale).',
    }),
    reportSeq: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 1_000_000, description: 'The report it assesses, by number.' }),
    ),
    persons: Type.Integer({
      minimum: 0,
      maximum: 1_000_000_000,
      description: 'Persons whose personal data is involved (0: none).',
    }),
    categories: Type.Array(Line(CATEGORY_MAX * 2), {
      maxItems: CATEGORIES_MAX,
      description: 'Categories of personal data involved (names, addresses, account numbers…).',
    }),
    sensitive: Type.Boolean({ description: 'Sensitive personal data (要配慮個人情報) involved.' }),
    rightsInfringed: Type.Boolean({ description: "Citizens' rights or interests infringed." }),
    seriousImpediment: Type.Boolean({ description: 'Administrative work seriously impeded.' }),
    publicServicesAffected: Type.Boolean({ description: 'Services to the public affected.' }),
    malicious: Type.Boolean({
      description: 'The leak is malicious (不正の目的; APPI: the final report within 60 days).',
    }),
    note: Type.Optional(Type.String({ maxLength: NOTE_MAX * 2, description: 'Reasons (free text).' })),
  },
  { additionalProperties: false },
);
export type AssessmentInput = Static<typeof AssessmentInput>;

export const AssessmentOut = Type.Object({
  incidentId: Type.String(),
  version: Type.Integer(),
  reportSeq: Type.Union([Type.Integer(), Type.Null()]),
  persons: Type.Integer(),
  categories: Type.Array(Type.String()),
  sensitive: Type.Boolean(),
  rightsInfringed: Type.Boolean(),
  seriousImpediment: Type.Boolean(),
  publicServicesAffected: Type.Boolean(),
  malicious: Type.Boolean(),
  publicExplanationCalledFor: Type.Boolean({
    description:
      "Whether the body must decide on public explanation (seed 2013 §3): citizens' rights infringed, administrative work seriously impeded, or a serious leak of personal data (sensitive data, or more than 100 persons).",
  }),
  note: Type.String(),
  recordedAt: Type.String(),
  recordedBy: Type.Object({ displayName: Type.String() }),
});

export const AssessmentHistoryOut = Type.Object({
  current: Type.Union([AssessmentOut, Type.Null()]),
  versions: Type.Array(AssessmentOut, { description: 'Every version, the oldest first.' }),
});
