import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { parseDocument } from 'yaml';
import { isAppError } from '../../platform/errors.js';
import { freeText } from '../../platform/text.js';
import { exerciseErrors, type ScenarioProblem } from './exercises.errors.js';
import { INJECT_KINDS, type InjectKindName, injectSchema, isKind, KIND_NAMES } from './exercises.kinds.js';

// A scenario (訓練シナリオ) as people write it, in JSON or YAML: a name, a description, the response targets, and
// the injects with their offsets from the start. Every problem is reported at once, each naming its inject
// (index from 0, as in the file) and field; a scenario with any problem is refused whole.
//
// Offsets must not decrease: the injects play in the order written, and a file whose order disagrees with its
// times is a mistake the author should see rather than have silently re-sorted. Equal offsets play in file order.

/** The largest scenario file, in bytes: a week of injects fits many times over. */
export const SCENARIO_MAX_BYTES = 512 * 1024;
export const INJECTS_MAX = 500;
/** The latest offset: seven days. */
export const OFFSET_MAX_SECONDS = 7 * 24 * 3600;

const Minutes = Type.Integer({ minimum: 1, maximum: 10_080 });
export const Targets = Type.Object(
  {
    acknowledgeDeclarationMinutes: Type.Optional(Minutes),
    answerRollCallMinutes: Type.Optional(Minutes),
    acknowledgeRequestMinutes: Type.Optional(Minutes),
    completeRequestMinutes: Type.Optional(Minutes),
  },
  { additionalProperties: false },
);
export type Targets = Static<typeof Targets>;

const Head = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    targets: Type.Optional(Targets),
    injects: Type.Array(Type.Unknown(), { minItems: 1 }),
  },
  { additionalProperties: false },
);

export interface ScenarioInject {
  /** 1..n, the order of play. */
  seq: number;
  offsetSeconds: number;
  kind: InjectKindName;
  /** The kind's fields as validated (text normalised). */
  payload: Record<string, unknown>;
}

export interface Scenario {
  name: string;
  description: string;
  targets: Targets;
  injects: ScenarioInject[];
}

/** A declaration's scope as a scenario writes it. */
export interface ScenarioScope {
  kind: 'all' | 'ministries' | 'bodies';
  bodies?: { slug: string; withAgencies?: boolean }[];
}

/** A body the declaration's scope puts in scope: its slug, and whether it is an agency (it has a ministry). */
export interface BodyInScope {
  slug: string;
  agency: boolean;
}

/**
 * What the deployment knows, to check names against: its posture levels, which body slugs exist, and which
 * bodies a scope puts in scope as the tree stands now.
 */
export interface ScenarioContext {
  levels: readonly string[];
  existingSlugs(slugs: string[]): Promise<Set<string>>;
  bodiesInScope(scope: ScenarioScope): Promise<BodyInScope[]>;
}

/** The scenario document of a file's text (JSON, or YAML without aliases); 422 with the parse problem otherwise. */
export function parseScenarioText(text: string): unknown {
  if (Buffer.byteLength(text, 'utf8') > SCENARIO_MAX_BYTES)
    throw exerciseErrors.scenarioInvalid([
      { index: null, field: null, code: 'too_large', message: `At most ${SCENARIO_MAX_BYTES} bytes.` },
    ]);
  const trimmed = text.trimStart();
  if (trimmed.startsWith('{')) {
    try {
      return JSON.parse(trimmed);
    } catch (e) {
      throw exerciseErrors.scenarioInvalid([
        { index: null, field: null, code: 'syntax', message: `Not valid JSON: ${(e as Error).message}` },
      ]);
    }
  }
  // Aliases are refused outright (maxAliasCount 0): a "billion laughs" document expands through them. Custom
  // tags are not resolved (the core schema only).
  const doc = parseDocument(text, {
    schema: 'core',
    uniqueKeys: true,
    prettyErrors: false,
  });
  const first = doc.errors[0];
  if (first)
    throw exerciseErrors.scenarioInvalid([
      { index: null, field: null, code: 'syntax', message: `Not valid YAML: ${first.message}` },
    ]);
  try {
    return doc.toJS({ maxAliasCount: 0 });
  } catch (e) {
    throw exerciseErrors.scenarioInvalid([
      { index: null, field: null, code: 'syntax', message: `Not accepted YAML: ${(e as Error).message}` },
    ]);
  }
}

const OFFSET = /^T\+(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m)?(?:(\d{1,7})s)?$/;

/**
 * Seconds from the start: an integer of seconds, or "T+1h30m" (d, h, m, s in that order, "T+0" the start);
 * 'negative' before the start; null if unreadable.
 */
export function offsetOf(at: unknown): number | null | 'negative' {
  if (typeof at === 'number') return Number.isInteger(at) ? (at < 0 ? 'negative' : at) : null;
  if (typeof at !== 'string') return null;
  const s = at.replace(/\s+/g, '');
  if (/^T-/.test(s) || /^-/.test(s)) return 'negative';
  if (/^\d{1,7}$/.test(s)) return Number(s);
  // "T+0" is the start; any other count needs its unit ("T+10" could mean seconds or minutes).
  if (/^T\+0+$/.test(s)) return 0;
  const m = OFFSET.exec(s);
  if (!m || s === 'T+') return null;
  const [, d, h, min, sec] = m;
  return Number(d ?? 0) * 86_400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(sec ?? 0);
}

const pathOf = (instancePath: string) =>
  instancePath
    .split('/')
    .filter(Boolean)
    .map((p, i) => (/^\d+$/.test(p) ? `[${p}]` : i === 0 ? p : `.${p}`))
    .join('');

/** A request's addressees and due time: bodies named for 'bodies' only; one due time, after the inject. */
function checkRequest(
  index: number,
  payload: Record<string, unknown>,
  offset: number | null,
  add: (index: number, field: string, code: string, message: string) => void,
) {
  const addressees = payload.addressees as { kind: string; bodies?: unknown[] };
  if ((addressees.kind === 'bodies') !== (addressees.bodies !== undefined && addressees.bodies.length > 0))
    add(index, 'addressees', 'addressees_invalid', "Name bodies for addressees 'bodies', and only for it.");
  const slugs = (addressees.bodies ?? []).map((b) => (b as { slug: string }).slug);
  if (new Set(slugs).size !== slugs.length)
    add(index, 'addressees.bodies', 'addressees_invalid', 'The addressees name a body twice.');
  if ((payload.dueAt === undefined) === (payload.dueMinutes === undefined)) {
    add(index, 'dueAt', 'due_invalid', 'Give the due time as dueAt (an offset) or dueMinutes, one of them.');
    return;
  }
  if (payload.dueAt === undefined) return;
  const due = offsetOf(payload.dueAt);
  if (due === null || due === 'negative')
    add(index, 'dueAt', 'bad_offset', 'Write the due time as seconds or as "T+1h30m" (d, h, m, s).');
  else if (offset !== null && due <= offset)
    add(index, 'dueAt', 'due_before_inject', 'A request is due after the inject that issues it.');
  else if (due > OFFSET_MAX_SECONDS + 7 * 24 * 3600)
    add(index, 'dueAt', 'offset_too_late', 'A request is due within 7 days of the end of the scenario.');
}

/**
 * Each request's addressees against the bodies the declaration puts in scope: a body named outside it, or
 * 'ministries' when no ministry is in scope, would fail only when played.
 */
function checkAddresseesInScope(
  requests: readonly { index: number; payload: Record<string, unknown> }[],
  inScope: readonly BodyInScope[],
  add: (index: number, field: string, code: string, message: string) => void,
) {
  const slugs = new Set(inScope.map((b) => b.slug));
  for (const { index, payload } of requests) {
    const addressees = payload.addressees as { kind: string; bodies?: { slug: string }[] };
    if (addressees.kind === 'ministries' && !inScope.some((b) => !b.agency))
      add(index, 'addressees', 'no_addressees', "The declaration's scope holds no ministry to address.");
    (addressees.bodies ?? []).forEach((b, i) => {
      if (!slugs.has(b.slug))
        add(
          index,
          `addressees.bodies[${i}].slug`,
          'not_in_scope',
          `The body ${JSON.stringify(b.slug)} is not in the declaration's scope.`,
        );
    });
  }
}

/** The typed scenario, or a 422 `exercises.scenario_invalid` listing every problem. */
export async function checkScenario(raw: unknown, ctx: ScenarioContext): Promise<Scenario> {
  const problems: ScenarioProblem[] = [];
  const add = (index: number | null, field: string | null, code: string, message: string) =>
    problems.push({ index, field, code, message });
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    add(null, null, 'not_an_object', 'A scenario is an object with name, description, targets and injects.');
    throw exerciseErrors.scenarioInvalid(problems);
  }
  for (const e of Value.Errors(Head, raw)) {
    if (e.keyword === 'boolean') continue;
    add(null, pathOf(e.instancePath) || null, 'schema', e.message);
  }
  const head = raw as Partial<Static<typeof Head>>;
  const text = (index: number | null, field: string, value: unknown, max: number): string | undefined => {
    if (typeof value !== 'string') return undefined;
    try {
      return freeText(value, field, max);
    } catch (e) {
      add(index, field, isAppError(e) ? e.code : 'text.invalid', (e as Error).message);
      return undefined;
    }
  };
  const name = text(null, 'name', head.name, 200);
  const description = head.description === undefined ? '' : text(null, 'description', head.description, 5000);
  const items = Array.isArray(head.injects) ? head.injects : [];
  if (items.length > INJECTS_MAX) {
    add(null, 'injects', 'too_many', `At most ${INJECTS_MAX} injects.`);
    throw exerciseErrors.scenarioInvalid(problems);
  }

  const injects: ScenarioInject[] = [];
  const slugs: { index: number; field: string; slug: string }[] = [];
  let declared = -1;
  let stoodDown = -1;
  let reportsAfterStandDown = 0;
  let previous = 0;
  items.forEach((item, index) => {
    const kind = (item as { kind?: unknown } | null)?.kind;
    if (!isKind(kind)) {
      add(
        index,
        'kind',
        'unknown_kind',
        `Unknown kind ${JSON.stringify(kind)}; one of ${KIND_NAMES.join(', ')}.`,
      );
      return;
    }
    const at = (item as { at?: unknown }).at;
    const offset = offsetOf(at);
    if (offset === 'negative') add(index, 'at', 'negative_offset', 'An inject cannot come before the start.');
    else if (offset === null)
      add(index, 'at', 'bad_offset', 'Write the offset as seconds or as "T+1h30m" (d, h, m, s).');
    else if (offset > OFFSET_MAX_SECONDS)
      add(index, 'at', 'offset_too_late', `An exercise lasts at most 7 days (${OFFSET_MAX_SECONDS} s).`);
    else if (offset < previous)
      add(
        index,
        'at',
        'out_of_order',
        'Offsets must not decrease: write the injects in the order they play.',
      );
    if (typeof offset === 'number') previous = Math.max(previous, offset);
    const before = problems.length;
    for (const e of Value.Errors(injectSchema(kind), item)) {
      if (e.keyword === 'boolean') continue;
      add(index, pathOf(e.instancePath) || null, 'schema', e.message);
    }
    if (problems.length > before) return;
    const payload: Record<string, unknown> = { ...(item as Record<string, unknown>) };
    delete payload.at;
    delete payload.kind;
    const spec = INJECT_KINDS[kind];
    for (const field of spec.text) {
      if (payload[field] === undefined) continue;
      const max =
        (spec.fields.properties as Record<string, { maxLength?: number }>)[field]?.maxLength ?? 5000;
      payload[field] = text(index, field, payload[field], max);
    }
    if ('level' in spec && !ctx.levels.includes(String(payload[spec.level])))
      add(
        index,
        spec.level,
        'unknown_level',
        `Unknown posture level ${JSON.stringify(payload[spec.level])}.`,
      );
    for (const b of spec.bodies(payload)) slugs.push({ index, ...b });
    if (kind === 'declare') {
      if (declared >= 0) add(index, 'kind', 'second_declaration', `Inject ${declared} declares already.`);
      else if (index !== 0)
        add(index, 'kind', 'declaration_not_first', 'The declaration is the first inject.');
      declared = index;
      const scope = payload.scope as { kind: string; bodies?: unknown[] };
      if ((scope.kind === 'bodies') !== (scope.bodies !== undefined && scope.bodies.length > 0))
        add(index, 'scope', 'scope_invalid', "Name bodies for scope 'bodies', and only for it.");
    }
    if (kind === 'standDown') stoodDown = stoodDown >= 0 ? stoodDown : index;
    if (kind === 'request' || kind === 'situationReport') {
      if (declared < 0)
        add(index, 'kind', 'before_declaration', 'Requests and reports come after the declaration.');
      if (kind === 'request' && stoodDown >= 0)
        add(index, 'kind', 'after_stand_down', `Inject ${stoodDown} stands the situation down before it.`);
      if (kind === 'situationReport' && stoodDown >= 0 && ++reportsAfterStandDown > 1)
        add(index, 'kind', 'after_final_report', 'After the stand-down one final report only may be issued.');
    }
    if (kind === 'request') checkRequest(index, payload, typeof offset === 'number' ? offset : null, add);
    injects.push({ seq: index + 1, offsetSeconds: typeof offset === 'number' ? offset : 0, kind, payload });
  });
  const first = (items[0] as { kind?: unknown } | null | undefined)?.kind;
  if (items.length > 0 && isKind(first) && first !== 'declare')
    add(0, 'kind', 'declaration_not_first', 'The first inject declares the situation (kind: declare).');
  const known = await ctx.existingSlugs([...new Set(slugs.map((s) => s.slug))]);
  for (const s of slugs)
    if (!known.has(s.slug)) add(s.index, s.field, 'unknown_body', `No body ${JSON.stringify(s.slug)}.`);
  // The scope is resolved only when the declaration itself is sound (its problems are reported already).
  const declaration = injects.find((i) => i.kind === 'declare');
  const requests = injects.filter(
    (i) => i.kind === 'request' && slugs.every((s) => s.index !== i.seq - 1 || known.has(s.slug)),
  );
  if (declaration && requests.length > 0 && !problems.some((p) => p.index === declaration.seq - 1))
    checkAddresseesInScope(
      requests.map((i) => ({ index: i.seq - 1, payload: i.payload })),
      await ctx.bodiesInScope(declaration.payload.scope as ScenarioScope),
      add,
    );
  if (problems.length > 0 || name === undefined || description === undefined)
    throw exerciseErrors.scenarioInvalid(problems);
  return { name, description, targets: head.targets ?? {}, injects };
}
