import { parse as parseDomain } from 'tldts';
import type { Actor, OrgKind } from '../../platform/access/roles.js';
import { can } from '../../platform/access/rules.js';
import { type AuditLog, audited } from '../../platform/audit/audit.js';
import type { Clock } from '../../platform/clock.js';
import type { Executor } from '../../platform/db/database.js';
import type { Unit } from '../../platform/db/transaction.js';
import { commonErrors } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { normaliseText } from '../sharing/sharing.text.js';
import { warningListsChanged } from '../warninglists/warninglists.version.js';
import { aliasesOf, domainsOf, type OrgRow } from './orgs.directory.js';
import { orgErrors } from './orgs.errors.js';
import { orgsRepository } from './orgs.repository.js';

export interface NewOrg {
  kind: OrgKind;
  slug: string;
  nameJa: string;
  nameEn: string;
  parent?: string | undefined;
  reviewMode?: boolean | undefined;
  reviewDeadlineMinutes?: number | undefined;
  aliases?: string[] | undefined;
  domains?: string[] | undefined;
}

const MAX_DOMAIN = 253;

/**
 * A body's own DNS domains as stored: ASCII (an internationalised name in punycode), lower case, without a
 * final dot, each once. A domain must be registrable or under one (example.go.jp, www.example.go.jp): a public
 * suffix alone (go.jp, com) would make every government host or the whole web "internal", and an IP address
 * is not a domain.
 */
export function checkDomains(domains: readonly string[]): string[] {
  const out: string[] = [];
  domains.forEach((typed, i) => {
    let host: string;
    try {
      host = new URL(`http://${typed.trim().replace(/\.$/, '')}/`).hostname;
    } catch {
      throw orgErrors.invalidDomain(i);
    }
    const parsed = parseDomain(host);
    if (
      host.length > MAX_DOMAIN ||
      parsed.isIp ||
      !parsed.domain ||
      !/^[a-z0-9-]+(\.[a-z0-9-]+)+$/.test(host) ||
      host.split('.').some((label) => label.startsWith('-') || label.endsWith('-'))
    )
      throw orgErrors.invalidDomain(i);
    if (!out.includes(host)) out.push(host);
  });
  return out;
}

/**
 * A body's aliases as stored: trimmed, each once (as anonymisation compares them: normalised). One character
 * would black out every sentence that holds it (省), so an alias needs two.
 */
export function checkAliases(aliases: readonly string[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  aliases.forEach((a, i) => {
    const normal = normaliseText(a);
    if (Array.from(normal.replace(/ /g, '')).length < 2) throw orgErrors.invalidAlias(i);
    if (seen.has(normal)) return;
    seen.add(normal);
    out.push(a.trim());
  });
  return out;
}

/** A ministry's review deadline holds reports back from the center: it is bounded (default a few hours). */
function checkDeadline(minutes: number | null | undefined, max: number | undefined) {
  if (typeof minutes === 'number' && max !== undefined && minutes > max)
    throw orgErrors.reviewDeadlineTooLong(max);
}

/**
 * Adds a body to the tree. The center is unique and has no parent; a ministry hangs under the center; an agency
 * under the ministry that supervises it. `actor` is null for the CLI, which acts as the operator of the host.
 */
export async function createOrg(args: {
  unit: Unit;
  actor: Actor | null;
  input: NewOrg;
  audit: AuditLog;
  clock: Clock;
  /** RENRAKU_REVIEW_DEADLINE_MAX_MINUTES. */
  maxReviewDeadlineMinutes?: number | undefined;
}): Promise<OrgRow> {
  const { unit, actor, input, audit, clock } = args;
  if (actor && !can.manageOrgs(actor)) throw commonErrors.forbidden();
  checkDeadline(input.reviewDeadlineMinutes, args.maxReviewDeadlineMinutes);
  if (await orgsRepository.bySlug(unit.tx, input.slug)) throw orgErrors.slugTaken();
  const center = await orgsRepository.center(unit.tx);
  let parentId: string | null = null;
  if (input.kind === 'center') {
    if (center) throw orgErrors.centerExists();
    if (input.parent) throw orgErrors.badParent('The center has no parent.');
  } else if (input.kind === 'ministry') {
    if (!center) throw orgErrors.badParent('Create the center first.');
    if (input.parent && input.parent !== center.slug)
      throw orgErrors.badParent('A ministry reports to the center.');
    parentId = center.id;
  } else {
    if (!input.parent) throw orgErrors.badParent('An agency needs its supervising ministry (--parent).');
    const parent = await orgsRepository.bySlug(unit.tx, input.parent);
    if (parent?.kind !== 'ministry') throw orgErrors.badParent('The parent of an agency must be a ministry.');
    parentId = parent.id;
  }
  if (input.reviewMode && input.kind !== 'ministry') throw orgErrors.reviewOnlyForMinistries();
  const aliases = checkAliases(input.aliases ?? []);
  const domains = checkDomains(input.domains ?? []);
  const now = clock.now();
  const row: OrgRow = {
    id: newId(),
    slug: input.slug,
    kind: input.kind,
    name_ja: input.nameJa,
    name_en: input.nameEn,
    parent_id: parentId,
    review_mode: input.reviewMode ? 1 : 0,
    review_deadline_minutes: input.reviewDeadlineMinutes ?? null,
    created_at: now.toISOString(),
    aliases: JSON.stringify(aliases),
    domains: JSON.stringify(domains),
  };
  await orgsRepository.insert(unit.tx, row);
  if (domains.length > 0) await warningListsChanged(unit.tx);
  await audit.append(
    unit,
    audited(actor, 'org.create', 'org', row.id, {
      slug: row.slug,
      kind: row.kind,
      parentId,
      aliases,
      domains,
    }),
    now,
  );
  return row;
}

/** Switches a ministry between forwarding its agencies' reports at once and reviewing them first. */
export async function configureRouting(args: {
  unit: Unit;
  actor: Actor | null;
  slug: string;
  reviewMode: boolean;
  reviewDeadlineMinutes?: number | null | undefined;
  audit: AuditLog;
  clock: Clock;
  maxReviewDeadlineMinutes?: number | undefined;
}): Promise<OrgRow> {
  const { unit, actor, slug, audit, clock } = args;
  const org = await orgsRepository.bySlug(unit.tx, slug);
  if (!org) throw orgErrors.notFound();
  if (actor && !can.configureRouting(actor, { orgId: org.id })) throw commonErrors.forbidden();
  if (org.kind !== 'ministry') throw orgErrors.reviewOnlyForMinistries();
  checkDeadline(args.reviewDeadlineMinutes, args.maxReviewDeadlineMinutes);
  const minutes =
    args.reviewDeadlineMinutes === undefined ? org.review_deadline_minutes : args.reviewDeadlineMinutes;
  await orgsRepository.updateRouting(unit.tx, org.id, args.reviewMode, minutes);
  const now = clock.now();
  await audit.append(
    unit,
    audited(actor, 'org.configure_routing', 'org', org.id, {
      reviewMode: args.reviewMode,
      reviewDeadlineMinutes: minutes,
    }),
    now,
  );
  return { ...org, review_mode: args.reviewMode ? 1 : 0, review_deadline_minutes: minutes };
}

/** The lists of a body that administrators keep, each with its check and its audit action. */
const LISTS = {
  aliases: { check: checkAliases, of: aliasesOf, action: 'org.set_aliases' },
  domains: { check: checkDomains, of: domainsOf, action: 'org.set_domains' },
} as const;

interface ListArgs {
  unit: Unit;
  actor: Actor | null;
  slug: string;
  audit: AuditLog;
  clock: Clock;
}

/** Replaces one of a body's lists, checked, with its before and after in the audit log: administrators. */
async function replaceList(args: ListArgs, list: keyof typeof LISTS, items: string[]): Promise<OrgRow> {
  const { unit, actor, slug, audit, clock } = args;
  if (actor && !can.manageOrgs(actor)) throw commonErrors.forbidden();
  const org = await orgsRepository.bySlug(unit.tx, slug);
  if (!org) throw orgErrors.notFound();
  const { check, of, action } = LISTS[list];
  const after = check(items);
  await orgsRepository.setList(unit.tx, org.id, list, JSON.stringify(after));
  // A body's own domains are a warning list's entries.
  if (list === 'domains') await warningListsChanged(unit.tx);
  await audit.append(unit, audited(actor, action, 'org', org.id, { before: of(org), after }), clock.now());
  return { ...org, [list]: JSON.stringify(after) };
}

/** Replaces a body's aliases (its other names, which anonymisation hides too): administrators. */
export const setAliases = (args: ListArgs & { aliases: string[] }) =>
  replaceList(args, 'aliases', args.aliases);

/** Replaces a body's own DNS domains (whose hosts a share's redaction of internal addresses removes): administrators. */
export const setDomains = (args: ListArgs & { domains: string[] }) =>
  replaceList(args, 'domains', args.domains);

/** Every body, and each one's slug by id (to name parents). */
export async function orgTree(db: Executor) {
  const orgs = await orgsRepository.all(db);
  return { orgs, slugById: new Map(orgs.map((o) => [o.id, o.slug])) };
}

/** The slug of a body's parent by its id, to present the body (empty for the center). */
export async function parentSlugOf(db: Executor, org: OrgRow): Promise<Map<string, string>> {
  const parent = org.parent_id ? await orgsRepository.byId(db, org.parent_id) : undefined;
  return new Map(parent ? [[parent.id, parent.slug]] : []);
}
