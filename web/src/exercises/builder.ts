import type { InjectKindName } from '../../../src/features/exercises/exercises.kinds.js';
import type { Org } from '../admin/admin.api.js';
import { NO_SCOPE, type ScopeValues } from '../situations/scope.js';
import { type ExerciseDetail, offsetText } from './exercises.api.js';

// The scenario builder's model: what the form holds, made into the scenario document the server checks, and
// made again from a draft read back. The server is the judge of every value; the form only shapes them.

export const KINDS = [
  'declare',
  'level',
  'report',
  'note',
  'decision',
  'standDown',
] as const satisfies readonly InjectKindName[];
export type Kind = (typeof KINDS)[number];

/** The text fields of each kind, in the order the form shows them (`level` and `tlp` are chosen). */
export const FIELDS: Record<Kind, readonly string[]> = {
  declare: ['name', 'description', 'level', 'tlp'],
  level: ['level', 'note'],
  report: ['body', 'title', 'summary'],
  note: ['text'],
  decision: ['text'],
  standDown: ['note'],
};
/** Fields a kind may leave out (sent only when filled). */
const OPTIONAL = new Set(['note']);

export const TARGETS = [
  'acknowledgeDeclarationMinutes',
  'answerRollCallMinutes',
  'acknowledgeRequestMinutes',
  'completeRequestMinutes',
] as const;
export type TargetName = (typeof TARGETS)[number];

export interface InjectDraft {
  key: number;
  at: string;
  kind: Kind;
  fields: Record<string, string>;
  scope: ScopeValues;
}

export interface ScenarioDraft {
  name: string;
  description: string;
  targets: Partial<Record<TargetName, string>>;
  injects: InjectDraft[];
}

let nextKey = 1;
export const newInject = (kind: Kind, at = 'T+0'): InjectDraft => ({
  key: nextKey++,
  at,
  kind,
  fields: kind === 'declare' ? { tlp: 'TLP:AMBER' } : {},
  scope: NO_SCOPE,
});

export const emptyDraft = (): ScenarioDraft => ({
  name: '',
  description: '',
  targets: {},
  injects: [newInject('declare')],
});

/** The scenario document of the form, as POST /api/v1/exercises takes it. */
export function scenarioOf(d: ScenarioDraft, orgs: readonly Org[]): Record<string, unknown> {
  const targets: Record<string, number> = {};
  for (const name of TARGETS) {
    const value = d.targets[name]?.trim();
    if (value) targets[name] = Number(value);
  }
  return {
    name: d.name,
    ...(d.description.trim() ? { description: d.description } : {}),
    targets,
    injects: d.injects.map((i) => {
      const fields: Record<string, unknown> = {};
      for (const f of FIELDS[i.kind]) {
        const value = i.fields[f] ?? '';
        if (OPTIONAL.has(f) && value.trim() === '') continue;
        fields[f] = value;
      }
      if (i.kind === 'declare')
        fields.scope =
          i.scope.kind === 'bodies'
            ? {
                kind: 'bodies',
                bodies: i.scope.orgs.map((slug) => ({
                  slug,
                  withAgencies:
                    i.scope.withAgencies && orgs.find((o) => o.slug === slug)?.kind === 'ministry',
                })),
              }
            : { kind: i.scope.kind };
      return { at: i.at, kind: i.kind, ...fields };
    }),
  };
}

const isKindName = (k: string): k is Kind => (KINDS as readonly string[]).includes(k);

/** The form of a draft read back from the server. */
export function draftOf(e: ExerciseDetail): ScenarioDraft {
  const targets: Partial<Record<TargetName, string>> = {};
  for (const name of TARGETS) {
    const value = e.targets[name];
    if (value !== undefined) targets[name] = String(value);
  }
  return {
    name: e.name,
    description: e.description,
    targets,
    injects: e.injects.map((i) => {
      const kind = isKindName(i.kind) ? i.kind : 'note';
      const fields: Record<string, string> = {};
      for (const [k, v] of Object.entries(i.payload)) if (typeof v === 'string') fields[k] = v;
      const scope = (i.payload as { scope?: unknown }).scope as
        | { kind: ScopeValues['kind']; bodies?: { slug: string; withAgencies?: boolean }[] }
        | undefined;
      return {
        key: nextKey++,
        at: offsetText(i.offsetSeconds),
        kind,
        fields,
        scope: scope
          ? {
              kind: scope.kind,
              orgs: (scope.bodies ?? []).map((b) => b.slug),
              withAgencies: scope.bodies?.some((b) => b.withAgencies) ?? true,
            }
          : NO_SCOPE,
      };
    }),
  };
}
