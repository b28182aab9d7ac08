import { type TObject, type TSchema, Type } from 'typebox';
import { Severity, Tlp } from '../incidents/incidents.schemas.js';

// The kinds of inject, one row each: the fields a scenario gives it (beside `at` and `kind`), which of them are
// free text (checked for visible content), which name bodies or a level (checked against the deployment), and
// how it is played (exercises.play.ts, keyed by the same names). A new kind (a request 要請, a situation report
// 状況報告) is one row here and one play function there.

const Line = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Text = (maxLength: number) => Type.String({ minLength: 1, maxLength });
const Slug = Type.String({ minLength: 1, maxLength: 64 });

export const ScopeSpec = Type.Object(
  {
    kind: Type.Union([Type.Literal('all'), Type.Literal('ministries'), Type.Literal('bodies')]),
    bodies: Type.Optional(
      Type.Array(
        Type.Object(
          { slug: Slug, withAgencies: Type.Optional(Type.Boolean()) },
          { additionalProperties: false },
        ),
        { maxItems: 1000 },
      ),
    ),
  },
  { additionalProperties: false },
);

export interface InjectKind {
  /** The kind's own fields. */
  fields: TObject;
  /** Fields holding free text: each must show something (no control-only or zero-width-only text). */
  text: readonly string[];
  /** Fields naming a body by slug, or `scope` (a declaration's bodies). */
  bodies: (payload: Record<string, unknown>) => { field: string; slug: string }[];
  /** A field naming a posture level. */
  level?: string;
}

const none = () => [];

export const INJECT_KINDS = {
  declare: {
    fields: Type.Object({
      name: Line(200),
      description: Text(5000),
      level: Type.String({ minLength: 1, maxLength: 32 }),
      tlp: Tlp,
      scope: ScopeSpec,
    }),
    text: ['name', 'description'],
    bodies: (p) =>
      ((p.scope as { bodies?: { slug: string }[] } | undefined)?.bodies ?? []).map((b, i) => ({
        field: `scope.bodies[${i}].slug`,
        slug: b.slug,
      })),
    level: 'level',
  },
  level: {
    fields: Type.Object({
      level: Type.String({ minLength: 1, maxLength: 32 }),
      note: Type.Optional(Text(1000)),
    }),
    text: ['note'],
    bodies: none,
    level: 'level',
  },
  report: {
    fields: Type.Object({
      body: Slug,
      title: Line(200),
      summary: Text(20_000),
      severity: Type.Optional(Severity),
      category: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
      tlp: Type.Optional(Tlp),
    }),
    text: ['title', 'summary'],
    bodies: (p) => [{ field: 'body', slug: String(p.body) }],
  },
  note: { fields: Type.Object({ text: Text(5000) }), text: ['text'], bodies: none },
  decision: { fields: Type.Object({ text: Text(5000) }), text: ['text'], bodies: none },
  request: {
    fields: Type.Object({
      title: Line(200),
      body: Text(5000),
      addressees: Type.Object(
        {
          kind: Type.Union([Type.Literal('all'), Type.Literal('ministries'), Type.Literal('bodies')]),
          bodies: Type.Optional(
            Type.Array(Type.Object({ slug: Slug }, { additionalProperties: false }), { maxItems: 1000 }),
          ),
        },
        { additionalProperties: false },
      ),
      // The due time: an offset from the start as `at` writes it, or minutes after the inject (one of them).
      dueAt: Type.Optional(Type.Union([Type.Integer(), Type.String({ maxLength: 32 })])),
      dueMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_080 })),
    }),
    text: ['title', 'body'],
    bodies: (p) =>
      ((p.addressees as { bodies?: { slug: string }[] } | undefined)?.bodies ?? []).map((b, i) => ({
        field: `addressees.bodies[${i}].slug`,
        slug: b.slug,
      })),
  },
  situationReport: {
    fields: Type.Object({
      title: Line(200),
      body: Text(20_000),
      counts: Type.Optional(
        Type.Union([Type.Literal('none'), Type.Literal('totals'), Type.Literal('by-ministry')]),
      ),
    }),
    text: ['title', 'body'],
    bodies: none,
  },
  standDown: { fields: Type.Object({ note: Type.Optional(Text(1000)) }), text: ['note'], bodies: none },
} satisfies Record<string, InjectKind>;

export type InjectKindName = keyof typeof INJECT_KINDS;
export const KIND_NAMES = Object.keys(INJECT_KINDS) as InjectKindName[];
export const isKind = (k: unknown): k is InjectKindName =>
  typeof k === 'string' && Object.hasOwn(INJECT_KINDS, k);

/** The whole inject of a kind as a scenario writes it: `at`, `kind` and the kind's fields, nothing else. */
export const injectSchema = (kind: InjectKindName): TSchema =>
  Type.Object(
    {
      at: Type.Union([Type.Integer(), Type.String({ maxLength: 32 })]),
      kind: Type.Literal(kind),
      ...INJECT_KINDS[kind].fields.properties,
    },
    { additionalProperties: false },
  );
