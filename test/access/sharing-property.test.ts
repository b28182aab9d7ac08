import { randomBytes } from 'node:crypto';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sweepConsentDeadlines } from '../../src/features/sharing/consent.usecases.js';
import { mispEventUuid } from '../../src/features/sharing/sharing.misp.js';
import { stixId } from '../../src/features/sharing/sharing.stix.js';
import {
  INDICATORS_ONLY_BODY,
  type Indicator,
  TLPS,
  type Tlp,
} from '../../src/features/sharing/sharing.terms.js';
import type { Role } from '../../src/platform/access/roles.js';
import type { LiveEvent } from '../../src/platform/events/events.js';
import { mayReceive } from '../../src/platform/events/events.routes.js';
import { actorOf } from '../support/actors.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Random governments, random reports, random shares of them with random audiences and TLPs, random consent
// decisions, edits, withdrawals and deadlines: after every step, every user reads every share through every
// path, and what each gets must be what an independent model of DESIGN §4 and the sharing contract says.
// Attacks are steps too: advisories of the center's own whose text or indicators come from a report (copied
// with invisible characters, other widths and spacing; a URL on its host; its address as IPv6; a network
// around it), shares of one report carrying another's, standing consents given random terms and offered
// shares that name the source body in disguise, quote it, or loosen a TLP:RED report; four-eyes publication
// by the author, an analyst, a stranger or a second coordinator.

const CONTENT_ROLES: readonly Role[] = [
  'reporter',
  'security-officer',
  'center-analyst',
  'center-coordinator',
];
const rank = (tlp: Tlp) => TLPS.indexOf(tlp);
const HOUR = 3_600_000;
const RUNS = Number(process.env.SHARING_RUNS ?? 10);

// ---------------------------------------------------------------------------------------------------------
// The model: bodies, incidents and shares as the test made them, and who may see what, derived from them alone.

interface MOrg {
  org: TestOrg;
  parent: MOrg | null;
  review: boolean;
  users: TestUser[];
}
interface MIncident {
  id: string;
  owner: MOrg;
  tlp: Tlp;
  /** A sentence only this report holds (16 characters of kanji and kana), and its own host and address. */
  secret: string;
  host: string;
  address: string;
}
/** A body's standing consent, as the model keeps it. */
interface MRule {
  tlp: Tlp;
  audience: 'all' | 'ministries';
  scope: 'indicators-only' | 'any';
  anonymised: boolean;
}
/** What a draft did to its content besides the model's own text: how a standing consent must judge it. */
interface Flags {
  named: boolean;
  quotesSource: boolean;
}
type ConsentStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'superseded' | 'withdrawn';
interface MConsent {
  id: string;
  org: MOrg;
  round: number;
  status: ConsentStatus;
  dueAt: number;
}
interface Content {
  title: string;
  body: string;
  indicators: Indicator[];
  mitigations: string[];
}
type Audience =
  | { kind: 'all' }
  | { kind: 'ministries' }
  | { kind: 'orgs'; orgs: string[]; includeAgencies?: boolean }
  | { kind: 'users'; users: string[] };
/** Bodies (by id), or under TLP:RED the named users (by id) and their bodies. */
interface MRecipients {
  orgs: Set<string>;
  users: Set<string> | null;
}
type Status =
  | 'awaiting-consent'
  | 'awaiting-publication'
  | 'published'
  | 'rejected'
  | 'expired'
  | 'withdrawn';
interface MShare {
  id: string;
  word: string;
  kind: 'share' | 'advisory';
  sources: MIncident[];
  consenting: MOrg[];
  content: Content;
  tlp: Tlp;
  audience: Audience;
  recipients: MRecipients;
  status: Status;
  round: number;
  revision: number;
  consents: MConsent[];
  /** What the sources approved last (advisories: what the center wrote), and under which TLP. */
  approved: { content: Content; tlp: Tlp } | null;
  /** Users holding a retraction notice (everyone who had received it when it was withdrawn). */
  retracted: Set<string>;
  /** Users who ever received it: the only ones besides its managers who may hear of it at all. */
  everReceived: Set<string>;
  /** Whether an export ran while it was published: its STIX objects then have versions to revoke. */
  exported: boolean;
  ackedOrgs: Set<string>;
  /** Who drafted or changed it: none of them may publish it (four eyes). */
  authors: Set<string>;
  flags: Flags;
}

const isContentRole = (u: TestUser) => CONTENT_ROLES.includes(u.role);
const currentRound = (s: MShare) => s.consents.filter((c) => c.round === s.round);
const allApproved = (s: MShare) =>
  s.sources.length === 0 ||
  (currentRound(s).length > 0 && currentRound(s).every((c) => c.status === 'approved'));
const inRecipients = (u: TestUser, r: MRecipients) => (r.users ? r.users.has(u.id) : r.orgs.has(u.org.id));
/** A share of the center's own under TLP:GREEN or CLEAR waits for a second coordinator. */
const needsTwo = (s: { sources: unknown[]; tlp: Tlp }) => s.sources.length === 0 && rank(s.tlp) <= 1;
const NO_FLAGS: Flags = { named: false, quotesSource: false };

// Secrets: hex of the run's tag and of the incident's number spelled in kanji, then kana.
const KANJI = '零壱弐参肆伍陸漆捌玖甲乙丙丁戊己';
const kanjiOf = (hex: string) => Array.from(hex, (h) => KANJI[parseInt(h, 16)] ?? '零').join('');
/** The ways an analyst might disguise a copied sentence. */
const DISGUISES = ['zero-width', 'spaces', 'half-width', 'joiners'] as const;
function disguise(text: string, how: (typeof DISGUISES)[number]): string {
  if (how === 'zero-width') return Array.from(text).join('\u200b');
  if (how === 'spaces') return Array.from(text).join('\u3000').replace(/番/, '\n番');
  if (how === 'joiners') return Array.from(text).join('\u2060\ufeff');
  return text.replace('機密データ', '機密ﾃﾞｰﾀ');
}

/** The contract's condition (a): published, every consent of the round approved, and among the recipients. */
const receives = (u: TestUser, s: MShare) =>
  isContentRole(u) && s.status === 'published' && allApproved(s) && inRecipients(u, s.recipients);

type View = 'manage' | 'recipient' | 'retracted';
function modelView(u: TestUser, s: MShare): View | null {
  if (!isContentRole(u)) return null;
  if (u.org.kind === 'center') return 'manage';
  if (s.consenting.some((o) => o.org.id === u.org.id)) return 'manage';
  if (receives(u, s)) return 'recipient';
  if (s.status === 'withdrawn' && s.retracted.has(u.id)) return 'retracted';
  return null;
}

/** Whether a search term finds the share's content (title, body, indicators), case-insensitively. */
const contentHas = (c: Content, word: string) =>
  [c.title, c.body, JSON.stringify(c.indicators)].some((x) => x.toLowerCase().includes(word.toLowerCase()));

// ---------------------------------------------------------------------------------------------------------
// What the scenario is made of.

const INDICATOR_POOL: Indicator[] = [
  { type: 'ipv4-addr', value: '203.0.113.7', description: 'C2 サーバ' },
  { type: 'ipv4-addr', value: '198.51.100.23' },
  { type: 'domain-name', value: 'update-check.example', description: 'フィッシング' },
  { type: 'url', value: 'https://files.example/payload.bin' },
  { type: 'file-sha256', value: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  { type: 'email-addr', value: 'attacker@mail.example' },
];
const MITIGATION_POOL = [
  'VPN装置を最新版に更新する',
  '203.0.113.7 への通信を遮断する',
  '管理者パスワードを変更し、多要素認証を有効にする',
];
const FILLER = [
  '外部への不審な通信を確認した。',
  '職員端末がマルウェアに感染した疑い。',
  'メールの添付ファイルから侵入された。',
  'ログを保全し、端末を隔離した。',
];

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length] as T;
const unique = <T>(list: T[]) => [...new Set(list)];

const audienceArb = fc.oneof(
  fc.constant({ kind: 'all' as const }),
  fc.constant({ kind: 'ministries' as const }),
  fc.record({
    kind: fc.constant('orgs' as const),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
    includeAgencies: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant('users' as const),
    picks: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
  }),
);
type AudienceChoice = typeof audienceArb extends fc.Arbitrary<infer T> ? T : never;
const openTlp = fc.constantFrom<Tlp>('TLP:CLEAR', 'TLP:GREEN', 'TLP:AMBER', 'TLP:AMBER+STRICT');
const contentArb = fc.record({
  indicators: fc.subarray([0, 1, 2, 3, 4, 5]),
  mitigations: fc.subarray([0, 1, 2]),
  filler: fc.array(fc.nat(), { minLength: 1, maxLength: 3 }),
});
type Cut = { from: number; len: number; mark: boolean } | null;
const cutArb = fc.option(
  fc.record({ from: fc.nat(), len: fc.integer({ min: 1, max: 12 }), mark: fc.boolean() }),
  {
    nil: null,
  },
);

// Now and then, content taken from a report (one step in four).
const deriveArb = fc.oneof(
  { weight: 3, arbitrary: fc.constant(null) },
  {
    weight: 1,
    arbitrary: fc.record({
      incident: fc.nat(),
      how: fc.constantFrom('quote', 'url', 'subdomain', 'mapped', 'network', 'defanged'),
      disguise: fc.constantFrom(...DISGUISES),
    }),
  },
);
const draftArb = fc.record({
  kind: fc.constant('draft' as const),
  derive: deriveArb,
  template: fc.boolean(),
  name: fc.constantFrom('none', 'none', 'none', 'alias', 'slug', 'nameZW', 'nameDouble'),
  quoteOwn: fc.constantFrom(false, false, false, true),
  // Often none: an advisory of the center's own (four eyes, the guard).
  sources: fc.oneof(fc.constant([] as number[]), fc.array(fc.nat(), { maxLength: 2 })),
  // Mostly incidents the center sees; sometimes any, which may be one still under its ministry's review.
  visibleOnly: fc.constantFrom(true, true, true, false),
  shareKind: fc.constantFrom(undefined, 'share' as const, 'advisory' as const),
  audience: audienceArb,
  tlp: openTlp,
  content: contentArb,
  dueHours: fc.integer({ min: 2, max: 72 }),
  coordinator: fc.boolean(),
});

type DraftStep = typeof draftArb extends fc.Arbitrary<infer T> ? T : never;
const standingArb = fc.record({
  kind: fc.constant('standing' as const),
  body: fc.nat(),
  tlp: fc.constantFrom<Tlp>('TLP:CLEAR', 'TLP:GREEN', 'TLP:GREEN', 'TLP:AMBER'),
  audience: fc.constantFrom('all' as const, 'all' as const, 'ministries' as const),
  scope: fc.constantFrom('indicators-only' as const, 'any' as const),
  anonymised: fc.boolean(),
});
/** A body's abbreviation, set by the administrator: one Latin word. */
const aliasOf = (o: TestOrg) => `Q${o.slug.replace(/[^a-z0-9]/g, '')}M`;

const stepArb = fc.oneof(
  { weight: 3, arbitrary: draftArb },
  {
    weight: 8,
    arbitrary: fc.record({
      kind: fc.constant('decide' as const),
      share: fc.nat(),
      request: fc.nat(),
      open: fc.constantFrom(true, true, true, false),
      by: fc.constantFrom('officer', 'officer', 'officer', 'officer', 'officer', 'reporter', 'stranger'),
      revision: fc.constantFrom('none', 'none', 'none', 'current', 'current', 'stale'),
      decision: fc.oneof(
        fc.record({ mode: fc.constant('approve' as const) }),
        fc.record({ mode: fc.constant('reject' as const) }),
        fc.record({
          mode: fc.constant('stricter' as const),
          tlpUp: fc.integer({ min: 0, max: 4 }),
          narrow: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), { nil: null }),
          content: fc.option(
            fc.record({
              title: cutArb,
              body: cutArb,
              indicators: fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
              mitigations: fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
            }),
            { nil: null },
          ),
        }),
        fc.record({
          mode: fc.constant('looser' as const),
          how: fc.constantFrom('tlp', 'audience', 'agencies', 'text', 'indicator'),
          pick: fc.nat(),
        }),
      ),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('edit' as const),
      share: fc.nat(),
      content: fc.option(contentArb, { nil: null }),
      derive: deriveArb,
      terms: fc.option(fc.record({ audience: audienceArb, tlp: openTlp }), { nil: null }),
      dueHours: fc.option(fc.integer({ min: 2, max: 72 }), { nil: null }),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('withdraw' as const),
      share: fc.nat(),
      by: fc.constantFrom('analyst', 'consentOfficer', 'consentReporter', 'anyone'),
      pick: fc.nat(),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant('advance' as const), hours: fc.integer({ min: 1, max: 60 }) }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant('publish' as const),
      share: fc.nat(),
      by: fc.constantFrom('second', 'second', 'author', 'author', 'analyst', 'stranger'),
      stale: fc.constantFrom(false, false, false, true),
      pick: fc.nat(),
    }),
  },
  { weight: 1, arbitrary: standingArb },
);

const scenario = fc.record({
  ministries: fc.array(fc.record({ review: fc.boolean(), agencies: fc.integer({ min: 0, max: 2 }) }), {
    minLength: 1,
    maxLength: 3,
  }),
  incidents: fc.array(
    fc.record({
      filer: fc.nat(),
      officer: fc.boolean(),
      tlp: fc.constantFrom<Tlp>('TLP:CLEAR', 'TLP:GREEN', 'TLP:GREEN', 'TLP:AMBER', 'TLP:RED'),
    }),
    { minLength: 1, maxLength: 4 },
  ),
  // Standing consents given before anything is drafted, so that drafts meet them.
  standing: fc.array(standingArb, { maxLength: 3 }),
  // A share first, so that the steps after it have something to act on.
  steps: fc
    .tuple(draftArb, fc.array(stepArb, { minLength: 2, maxLength: 7, size: 'max' }))
    .map(([d, rest]) => [d, ...rest]),
});

// ---------------------------------------------------------------------------------------------------------

type ShareOut = {
  id: string;
  kind: string;
  status: string;
  view: string;
  tlp: string;
  title: string;
  body: string;
  indicators: Indicator[];
  mitigations: string[];
  revision?: number;
  updatedAt: string | null;
  consents?: { id: string; org: { slug: string }; status: string }[];
  [k: string]: unknown;
};

describe.each(DIALECTS)('sharing over random organization trees on %s', (dialect) => {
  let t: TestApp;
  let centerBody: MOrg;
  const centerUsers = {} as Record<
    'analyst' | 'coordinator' | 'coordinator2' | 'admin' | 'auditor' | 'reporter' | 'officer',
    TestUser
  >;
  /** Every incident ever filed here, and whether the center reads it: what a refusal may name. */
  const centerReads = new Map<string, boolean>();
  /** Every incident the center reads, of every run: what an indicator may reveal. */
  const readByCenter: MIncident[] = [];
  /** Every body ever created here: audiences `all` and `ministries` resolve against all of them. */
  const allBodies: MOrg[] = [];
  let stepLog: string[] = [];
  /** How often each step ended how (printed with SHARING_STATS=1, to see that the scenario reaches every case). */
  const stats = new Map<string, number>();
  const tally = (key: string) => stats.set(key, (stats.get(key) ?? 0) + 1);

  beforeAll(async () => {
    t = await startTestApp(dialect);
    const center = await t.org('center');
    centerUsers.analyst = await t.user(center, 'center-analyst');
    centerUsers.coordinator = await t.user(center, 'center-coordinator');
    centerUsers.coordinator2 = await t.user(center, 'center-coordinator');
    centerUsers.admin = await t.user(center, 'admin');
    centerUsers.auditor = await t.user(center, 'auditor');
    centerUsers.reporter = await t.user(center, 'reporter');
    centerUsers.officer = await t.user(center, 'security-officer');
    centerBody = { org: center, parent: null, review: false, users: Object.values(centerUsers) };
  });
  afterAll(async () => {
    if (process.env.SHARING_STATS) console.log(dialect, [...stats].sort());
    await t?.close();
  });

  /** Any request; a 5xx fails the test wherever it happens (e). */
  async function call(u: TestUser, opts: InjectOptions): Promise<LightMyRequestResponse> {
    const res = await t.request(u, opts);
    expect(res.statusCode, `${opts.method} ${opts.url} by ${u.role}@${u.org.slug}: ${res.body}`).toBeLessThan(
      500,
    );
    return res;
  }
  const expectCode = (res: LightMyRequestResponse, status: number, code: string | null, what: string) => {
    if (what.startsWith('step ') && !what.includes(' / '))
      tally(`${what.split(' ')[2]} ${status} ${code ?? ''}`);
    const ctx = `${what}: ${res.statusCode} ${res.body.slice(0, 400)}\nsteps:\n${stepLog.join('\n')}`;
    expect(res.statusCode, ctx).toBe(status);
    if (code) expect((res.json() as { code?: string }).code, ctx).toBe(code);
  };

  /** Who receives an audience under a TLP (the contract's expansion rules), from the model's bodies alone. */
  function resolve(spec: Audience, tlp: Tlp, runUsers: TestUser[]): MRecipients {
    if (spec.kind === 'users') {
      const users = runUsers.filter((u) => spec.users.includes(u.email));
      return { orgs: new Set(users.map((u) => u.org.id)), users: new Set(users.map((u) => u.id)) };
    }
    let bodies: MOrg[];
    if (spec.kind === 'all') bodies = [...allBodies];
    else if (spec.kind === 'ministries') bodies = allBodies.filter((b) => b.org.kind === 'ministry');
    else {
      const named = allBodies.filter((b) => spec.orgs.includes(b.org.slug));
      bodies = spec.includeAgencies
        ? [...named, ...allBodies.filter((b) => b.parent && named.includes(b.parent))]
        : named;
    }
    const orgs = new Set(bodies.map((b) => b.org.id));
    if (tlp === 'TLP:AMBER')
      for (const b of allBodies) if (b.parent && orgs.has(b.parent.org.id)) orgs.add(b.org.id);
    return { orgs, users: null };
  }

  /** Whether candidate recipients reach nobody the asked ones do not. */
  function recipientsWithin(candidate: MRecipients, asked: MRecipients, runUsers: TestUser[]): boolean {
    if (candidate.users) {
      const askedUsers = asked.users;
      return [...candidate.users].every((id) => {
        if (askedUsers) return askedUsers.has(id);
        const u = runUsers.find((x) => x.id === id);
        return u !== undefined && asked.orgs.has(u.org.id);
      });
    }
    return (
      asked.users === null && candidate.orgs.size > 0 && [...candidate.orgs].every((o) => asked.orgs.has(o))
    );
  }
  const sameRecipients = (a: MRecipients, b: MRecipients) =>
    JSON.stringify([[...a.orgs].sort(), a.users ? [...a.users].sort() : null]) ===
    JSON.stringify([[...b.orgs].sort(), b.users ? [...b.users].sort() : null]);

  /** Brings the model share's status in line with its consents (the contract's settle). */
  function settle(s: MShare) {
    if (s.status === 'withdrawn' || s.status === 'published') return;
    // The center's own: out at once, or (GREEN, CLEAR) once a second coordinator publishes it.
    if (s.sources.length === 0) {
      if (s.status !== 'awaiting-consent') return;
      if (needsTwo(s)) s.status = 'awaiting-publication';
      else {
        s.status = 'published';
        s.approved = { content: structuredClone(s.content), tlp: s.tlp };
      }
      return;
    }
    const round = currentRound(s);
    if (round.some((c) => c.status === 'rejected')) s.status = 'rejected';
    else if (round.some((c) => c.status === 'expired')) s.status = 'expired';
    else if (allApproved(s)) {
      s.status = 'published';
      s.approved = { content: structuredClone(s.content), tlp: s.tlp };
    }
  }

  it(
    'every user reads every share through every path exactly as the model says',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenario, async (sc) => {
          stepLog = [];
          // A new week: whatever earlier runs left pending has lapsed, and nothing of theirs is due here.
          t.clock.advance(7 * 24 * HOUR);
          for (;;) {
            const swept = await sweepConsentDeadlines(t.handle, t.services.sharingDeps);
            if (swept.expired === 0 && swept.reminded === 0) break;
          }
          const tag = randomBytes(4).toString('hex').replace(/^\d/, 'q');
          let seq = (await t.services.events.since(0, 1_000_000)).at(-1)?.seq ?? 0;

          // The government of this run.
          const bodies: MOrg[] = [];
          for (const m of sc.ministries) {
            const org = await t.org('ministry', { reviewMode: m.review });
            const ministry: MOrg = { org, parent: null, review: m.review, users: [] };
            const aliased = await call(centerUsers.admin, {
              method: 'PUT',
              url: `/api/v1/orgs/${org.slug}/aliases`,
              payload: { aliases: [aliasOf(org)] },
            });
            expectCode(aliased, 200, null, 'aliases');
            ministry.users.push(await t.user(org, 'reporter'), await t.user(org, 'security-officer'));
            bodies.push(ministry);
            for (let a = 0; a < m.agencies; a++) {
              const agencyOrg = await t.org('agency', { parent: org });
              const agency: MOrg = { org: agencyOrg, parent: ministry, review: false, users: [] };
              agency.users.push(
                await t.user(agencyOrg, 'reporter'),
                await t.user(agencyOrg, 'security-officer'),
              );
              bodies.push(agency);
            }
          }
          allBodies.push(...bodies);
          const bodyUsers = bodies.flatMap((b) => b.users);
          const everyone = [...bodyUsers, ...centerBody.users];
          const officerOf = (b: MOrg) =>
            b === centerBody
              ? centerUsers.officer
              : (b.users.find((u) => u.role === 'security-officer') as TestUser);
          const reporterOf = (b: MOrg) =>
            b === centerBody
              ? centerUsers.reporter
              : (b.users.find((u) => u.role === 'reporter') as TestUser);

          // Incidents filed by random bodies (the center too); an agency's waits for its reviewing ministry.
          const incidents: MIncident[] = [];
          const filers = [...bodies, centerBody];
          const octets = [parseInt(tag.slice(2, 4), 16) % 64, parseInt(tag.slice(4, 6), 16)];
          for (const [n, i] of sc.incidents.entries()) {
            const owner = pick(filers, i.filer);
            const secret = `${kanjiOf(tag)}番${kanjiOf(`0${n}`)}号の機密データ`;
            const host = `c2-${tag}-${n}.example`;
            const address = `100.${64 + (octets[0] ?? 0)}.${octets[1] ?? 0}.${n + 1}`;
            const { id } = await t.fileIncident(i.officer ? officerOf(owner) : reporterOf(owner), {
              title: `報告 ${tag} ${n}`,
              summary: `${secret}が漏えいした。通信先は ${host} (${address})。`,
              tlp: i.tlp,
            });
            incidents.push({ id, owner, tlp: i.tlp, secret, host, address });
          }
          const centerSees = (i: MIncident) => !(i.owner.parent?.review ?? false);
          for (const i of incidents) centerReads.set(i.id, centerSees(i));
          readByCenter.push(...incidents.filter(centerSees));
          /** Standing consents of this run's bodies, by body id. */
          const rules = new Map<string, MRule[]>();
          /** Content derived from a report, as the step asks: its text disguised, or its indicators reshaped. */
          function derived(content: Content, d: NonNullable<DraftStep['derive']>, from: MIncident): Content {
            const out = structuredClone(content);
            const network = `${from.address.split('.').slice(0, 3).join('.')}.0/24`;
            if (d.how === 'quote') out.body = `${out.body} ${disguise(from.secret, d.disguise)}`;
            else if (d.how === 'defanged')
              out.body = `${out.body} hxxp://${from.host.replace(/\./g, '[.]')}/`;
            else
              out.indicators = [
                ...out.indicators,
                (d.how === 'url'
                  ? { type: 'url', value: `http://${from.host}/gate` }
                  : d.how === 'subdomain'
                    ? { type: 'domain-name', value: `cdn.${from.host}` }
                    : d.how === 'mapped'
                      ? { type: 'ipv6-addr', value: `::ffff:${from.address}` }
                      : { type: 'ipv4-addr', value: network }) as Indicator,
              ];
            return out;
          }
          /** The names a standing consent's anonymity must see through, in the disguise the step asks. */
          function nameIn(body: MOrg, how: string): string {
            if (how === 'alias') return aliasOf(body.org);
            if (how === 'slug') return body.org.slug.toUpperCase();
            if (how === 'nameZW') return Array.from(`${body.org.slug} 日本語`).join('\u200b');
            return `${body.org.slug}  English`;
          }
          /**
           * Whether a body's standing consent covers a share (the contract, from the model alone): a rule at
           * most as strict, never looser than a source incident's own label, its audience, anonymity if asked,
           * and for "indicators only" the fixed sentence, indicators without description, no mitigation and
           * no quote of the source.
           */
          function covers(body: MOrg, x: MShare): boolean {
            return (rules.get(body.org.id) ?? []).some(
              (r) =>
                rank(x.tlp) >= rank(r.tlp) &&
                x.sources.every((i) => rank(x.tlp) >= rank(i.tlp)) &&
                (r.audience === 'all' ||
                  [...x.recipients.orgs].every(
                    (o) => allBodies.find((b) => b.org.id === o)?.org.kind === 'ministry',
                  )) &&
                (!r.anonymised || !x.flags.named) &&
                (r.scope === 'any' ||
                  (x.content.body === INDICATORS_ONLY_BODY.ja &&
                    !x.flags.quotesSource &&
                    x.content.mitigations.length === 0 &&
                    x.content.indicators.length > 0 &&
                    x.content.indicators.every((i) => i.description === undefined))),
            );
          }
          /**
           * The reports (the center reads) that derived content reveals: the one it was taken from, and for a
           * network every report that names an address inside it, of any run.
           */
          function revealed(d: NonNullable<DraftStep['derive']>, from: MIncident): MIncident[] {
            if (d.how !== 'network' && d.how !== 'mapped') return [from];
            const prefix = from.address
              .split('.')
              .slice(0, d.how === 'network' ? 3 : 4)
              .join('.');
            return readByCenter.filter((i) =>
              d.how === 'network' ? i.address.startsWith(`${prefix}.`) : i.address === prefix,
            );
          }
          /** A refusal for content derived from reports: it names them, and only incidents the center reads. */
          function expectUndeclared(res: LightMyRequestResponse, undeclared: MIncident[], what: string) {
            expectCode(res, 422, 'shares.undeclared_source', what);
            const named = (res.json() as { incidentIds: string[] }).incidentIds;
            for (const i of undeclared.slice(0, 20))
              expect(named, `${what}: names the report`).toContain(i.id);
            for (const id of named)
              expect(centerReads.get(id), `${what}: names only what the center reads`).toBe(true);
          }
          // DESIGN: an agency's report is consented to by its supervising ministry (the default mode).
          const consentBody = (i: MIncident) => i.owner.parent ?? i.owner;

          const shares: MShare[] = [];

          const audienceOf = (a: AudienceChoice): Audience =>
            a.kind === 'all' || a.kind === 'ministries'
              ? { kind: a.kind }
              : a.kind === 'orgs'
                ? {
                    kind: 'orgs',
                    orgs: unique(a.picks.map((p) => pick(bodies, p).org.slug)),
                    includeAgencies: a.includeAgencies,
                  }
                : { kind: 'users', users: unique(a.picks.map((p) => pick(bodyUsers, p).email)) };
          const contentOf = (
            word: string,
            c: { indicators: number[]; mitigations: number[]; filler: number[] },
          ) => ({
            title: `${word} 不審な通信の観測`,
            body: `${word} について。${c.filler.map((f) => pick(FILLER, f)).join('')}`,
            indicators: c.indicators.map((i) => pick(INDICATOR_POOL, i)),
            mitigations: c.mitigations.map((m) => pick(MITIGATION_POOL, m)),
          });

          /** Reads the current round's consent requests from the center's view, and checks them against the model. */
          function learnConsents(s: MShare, out: ShareOut, dueAt: number) {
            const round = out.consents ?? [];
            expect(round.map((c) => c.org.slug).sort(), 'consent is asked of the sources’ bodies').toEqual(
              s.consenting.map((o) => o.org.slug).sort(),
            );
            for (const c of round) {
              const org = s.consenting.find((o) => o.org.slug === c.org.slug) as MOrg;
              const standing = covers(org, s);
              tally(`consent ${standing ? 'by a standing consent' : 'asked'}`);
              expect(
                { status: c.status, standing: (c as { standing?: boolean }).standing },
                `consent of ${org.org.slug}: a standing consent answers exactly when it covers the share`,
              ).toEqual({ status: standing ? 'approved' : 'pending', standing });
              s.consents.push({
                id: c.id,
                org,
                round: s.round,
                status: standing ? 'approved' : 'pending',
                dueAt,
              });
            }
          }

          // -------------------------------------------------------------------------------------------------
          // The checks, after every step.

          async function listIds(u: TestUser, query: string) {
            const items: ShareOut[] = [];
            let cursor: string | null = null;
            for (let page = 0; page < 50; page++) {
              const url: string = `/api/v1/shares?limit=100&${query}${cursor ? `&cursor=${cursor}` : ''}`;
              const res = await call(u, { method: 'GET', url });
              expectCode(res, 200, null, `${who(u)} lists ${query}`);
              const body = res.json() as { items: ShareOut[]; nextCursor: string | null };
              items.push(...body.items);
              cursor = body.nextCursor;
              if (!cursor) break;
            }
            return items;
          }
          const who = (u: TestUser) => `${u.role}@${u.org.slug}`;
          const runIds = () => new Set(shares.map((s) => s.id));
          /** What each user was last answered about each share's STIX and acknowledgment, by the model's state. */
          const answered = new Map<string, string>();

          function expectSeen(u: TestUser, s: MShare, got: ShareOut, where: string) {
            const view = modelView(u, s);
            const label = `${who(u)} ${where} share ${s.word} (${s.status})`;
            expect(got.view, label).toBe(view);
            if (view === 'retracted') {
              expect(got, label).toMatchObject({
                status: 'withdrawn',
                title: '',
                body: '',
                indicators: [],
                mitigations: [],
              });
              expect(JSON.stringify(got), `${label}: a notice carries no content`).not.toContain(s.word);
              return;
            }
            expect(got.status, label).toBe(s.status);
            expect(got.tlp, label).toBe(s.tlp);
            expect(
              { title: got.title, body: got.body, indicators: got.indicators, mitigations: got.mitigations },
              label,
            ).toEqual(s.content);
            if (view === 'recipient') {
              // (b) byte for byte what the sources approved, under a TLP at least as strict.
              expect(s.approved, label).not.toBeNull();
              expect(
                {
                  title: got.title,
                  body: got.body,
                  indicators: got.indicators,
                  mitigations: got.mitigations,
                },
                label,
              ).toEqual(s.approved?.content);
              expect(rank(got.tlp as Tlp), label).toBeGreaterThanOrEqual(rank(s.approved?.tlp ?? 'TLP:RED'));
              for (const key of ['sources', 'recipients', 'consents', 'redactions', 'revision', 'round'])
                expect(got, `${label}: a recipient never learns ${key}`).not.toHaveProperty(key);
              expect(got.audience, label).toEqual({ kind: s.audience.kind });
            } else expect(got.revision, label).toBe(s.revision);
          }

          async function checkEverything(label: string) {
            const ids = runIds();
            for (const u of everyone) {
              const tag2 = `${label} / ${who(u)}`;
              // Lists: inbox (received and retraction notices), managed, and both.
              const inboxModel = shares.filter(
                (s) =>
                  u.org.kind !== 'center' &&
                  (receives(u, s) || (s.status === 'withdrawn' && s.retracted.has(u.id))),
              );
              const managedModel = shares.filter((s) => modelView(u, s) === 'manage');
              for (const [box, model] of [
                ['inbox', inboxModel],
                ['managed', managedModel],
                ['all', unique([...inboxModel, ...managedModel])],
              ] as const) {
                const items = await listIds(u, `box=${box}`);
                // The center reads shares of earlier runs too; nobody else may hold any of them.
                const mine = items.filter((i) => ids.has(i.id));
                if (u.org.kind !== 'center')
                  expect(mine.length, `${tag2} ${box}: nothing of earlier runs`).toBe(items.length);
                expect(mine.map((i) => i.id).sort(), `${tag2} box=${box}`).toEqual(
                  model.map((s) => s.id).sort(),
                );
                for (const item of mine)
                  expectSeen(u, shares.find((s) => s.id === item.id) as MShare, item, `box=${box}`);
              }
              // Search, by a word of each share: it matches content the caller may read, never a retraction notice.
              for (const s of shares) {
                const found = (await listIds(u, `q=${s.word}`)).filter((i) => ids.has(i.id));
                const expected = shares.filter((x) => {
                  const v = modelView(u, x);
                  return (v === 'manage' || v === 'recipient') && contentHas(x.content, s.word);
                });
                expect(found.map((i) => i.id).sort(), `${tag2} q=${s.word}`).toEqual(
                  expected.map((x) => x.id).sort(),
                );
              }
              // One share, its acknowledgments, its STIX, acknowledging it.
              for (const s of shares) {
                const view = modelView(u, s);
                const one = await call(u, { method: 'GET', url: `/api/v1/shares/${s.id}` });
                if (view === null) expectCode(one, 404, 'shares.not_found', `${tag2} GET ${s.word}`);
                else {
                  expectCode(one, 200, null, `${tag2} GET ${s.word}`);
                  expectSeen(u, s, one.json() as ShareOut, 'GET');
                }
                const board = await call(u, { method: 'GET', url: `/api/v1/shares/${s.id}/acknowledgments` });
                if (u.org.kind === 'center' && isContentRole(u)) {
                  expectCode(board, 200, null, `${tag2} acknowledgments of ${s.word}`);
                  const b = board.json() as { items: { org: { slug: string }; readAt: string | null }[] };
                  const runOrgs = b.items.filter((i) => bodies.some((x) => x.org.slug === i.org.slug));
                  expect(runOrgs.map((i) => i.org.slug).sort(), `${tag2} board of ${s.word}`).toEqual(
                    bodies
                      .filter((x) => s.recipients.orgs.has(x.org.id))
                      .map((x) => x.org.slug)
                      .sort(),
                  );
                  for (const i of runOrgs)
                    expect(i.readAt !== null, `${tag2} ${i.org.slug} read ${s.word}`).toBe(
                      s.ackedOrgs.has((bodies.find((x) => x.org.slug === i.org.slug) as MOrg).org.id),
                    );
                } else expectCode(board, 404, 'shares.not_found', `${tag2} acknowledgments of ${s.word}`);
                // The STIX export and the acknowledgment answer from the share's status, revision, terms and the
                // caller's view alone: asked again only once one of them has changed since this user last asked.
                const state = JSON.stringify([s.status, s.revision, s.tlp, view, receives(u, s), s.content]);
                if (answered.get(`${u.id} ${s.id}`) === state) continue;
                answered.set(`${u.id} ${s.id}`, state);
                const stix = await call(u, { method: 'GET', url: `/api/v1/shares/${s.id}/stix` });
                const exportable = s.status === 'published' && (view === 'manage' || view === 'recipient');
                if (!exportable) expectCode(stix, 404, 'shares.not_found', `${tag2} stix of ${s.word}`);
                else {
                  expectCode(stix, 200, null, `${tag2} stix of ${s.word}`);
                  const report = (
                    stix.json() as { objects: { type: string; name?: string; description?: string }[] }
                  ).objects.find((o) => o.type === 'report');
                  expect(report, `${tag2} stix of ${s.word}`).toMatchObject({
                    name: s.content.title,
                    description: s.content.body,
                  });
                }
                const ack = await call(u, {
                  method: 'POST',
                  url: `/api/v1/shares/${s.id}/acknowledge`,
                  payload: { kind: 'read' },
                });
                if (receives(u, s)) {
                  expectCode(ack, 200, null, `${tag2} acknowledges ${s.word}`);
                  s.ackedOrgs.add(u.org.id);
                } else expectCode(ack, 404, 'shares.not_found', `${tag2} acknowledges ${s.word}`);
              }
              // The export of everything published the caller sees.
              const exported = await call(u, { method: 'GET', url: '/api/v1/shares/export.stix' });
              expectCode(exported, 200, null, `${tag2} export.stix`);
              for (const s of shares) if (s.status === 'published') s.exported = true;
              const reports = new Map(
                (exported.json() as { objects: { type: string; id: string; revoked?: boolean }[] }).objects
                  .filter((o) => o.type === 'report')
                  .map((o) => [o.id, o]),
              );
              for (const s of shares) {
                const v = modelView(u, s);
                const report = reports.get(reportId(s.id));
                // A body that no longer reads a share it held (removed from the audience, or the share withdrawn)
                // gets the revocations of the objects it held — those exported before it lost them (its own,
                // test/api/sharing-stix-revocations.test.ts): whether it has one here depends on when exports
                // ran; either way, never more than a revocation, nothing of the share's content.
                if (v === 'retracted' || (v === null && s.everReceived.has(u.id))) {
                  if (report)
                    expect(report, `${tag2} export.stix revokes ${s.word}`).toMatchObject({ revoked: true });
                  continue;
                }
                // A withdrawn share that had been exported comes as a revoked version to whoever held it.
                expect(report !== undefined, `${tag2} export.stix has ${s.word}`).toBe(
                  (s.status === 'published' && (v === 'manage' || v === 'recipient')) ||
                    (s.status === 'withdrawn' && s.exported && v === 'manage'),
                );
                if (report && s.status === 'withdrawn')
                  expect(report, `${tag2} export.stix revokes ${s.word}`).toMatchObject({ revoked: true });
              }
              // The person's MISP feed, pulled as a MISP instance does (the token bare): the same shares.
              const feed = await call(u, {
                method: 'GET',
                url: '/misp-feed/manifest.json',
                headers: { authorization: u.token },
              });
              expectCode(feed, 200, null, `${tag2} MISP feed`);
              const events = feed.json() as Record<string, unknown>;
              for (const s of shares) {
                const v = modelView(u, s);
                expect(Object.hasOwn(events, mispEventUuid(s.id)), `${tag2} MISP feed has ${s.word}`).toBe(
                  s.status === 'published' && (v === 'manage' || v === 'recipient'),
                );
              }
              // Consent requests: a security officer's own body's, each with the share exactly as it stands.
              const consents = await call(u, { method: 'GET', url: '/api/v1/consent-requests' });
              if (u.role !== 'security-officer')
                expectCode(consents, 403, 'auth.forbidden', `${tag2} consent list`);
              else {
                expectCode(consents, 200, null, `${tag2} consent list`);
                const items = (
                  consents.json() as { items: { id: string; status: string; share: ShareOut }[] }
                ).items.filter((i) => ids.has(i.share.id));
                const expected = shares.flatMap((s) =>
                  s.consents
                    .filter((c) => c.org.org.id === u.org.id)
                    .map((c) => ({ id: c.id, status: c.status })),
                );
                expect(
                  items.map((i) => ({ id: i.id, status: i.status })).sort((a, b) => a.id.localeCompare(b.id)),
                  `${tag2} consent list`,
                ).toEqual(expected.sort((a, b) => a.id.localeCompare(b.id)));
                for (const i of items)
                  expectSeen(u, shares.find((s) => s.id === i.share.id) as MShare, i.share, 'consent list');
              }
            }
            await checkEvents(label);
          }

          /** The live stream: what each user would be sent (mayReceive over the events table, as the stream does). */
          async function checkEvents(label: string) {
            const events = await t.services.events.since(seq, 100_000);
            seq = events.at(-1)?.seq ?? seq;
            for (const e of events) {
              const s = shares.find((x) => x.id === e.payload.shareId);
              if (!s) continue;
              const ctx = `${label}: ${e.type} ${JSON.stringify(e.payload)} of ${s.word}`;
              expect(
                Object.keys(e.payload).every((k) =>
                  [
                    'shareId',
                    'kind',
                    'tlp',
                    'status',
                    'requestId',
                    'dueAt',
                    'decision',
                    'orgSlug',
                    'tightened',
                  ].includes(k),
                ),
                ctx,
              ).toBe(true);
              // An approval on stricter terms names the fields it tightened, never their values.
              const fields = [
                'tlp',
                'recipients',
                'namedUsers',
                'title',
                'body',
                'indicators',
                'mitigations',
              ];
              for (const f of (e.payload.tightened as string[] | undefined) ?? [])
                expect(fields, ctx).toContain(f);
              expect(JSON.stringify(e), `${ctx}: events carry no content`).not.toContain(s.word);
              const reached = everyone.filter((u) => mayReceive(actorOf(u), e as LiveEvent));
              for (const u of reached) {
                expect(isContentRole(u), `${ctx} reaches ${who(u)}`).toBe(true);
                const knows =
                  u.org.kind === 'center' ||
                  s.consenting.some((o) => o.org.id === u.org.id) ||
                  s.everReceived.has(u.id);
                expect(knows, `${ctx} reaches ${who(u)}, who never had it`).toBe(true);
              }
              if (e.type === 'share.published')
                expect(reached.map((u) => u.id).sort(), `${ctx}: exactly its recipients`).toEqual(
                  everyone
                    .filter((u) => receives(u, s))
                    .map((u) => u.id)
                    .sort(),
                );
            }
          }

          // -------------------------------------------------------------------------------------------------
          // The steps.

          await checkEverything('start');
          for (const [n, step] of [...sc.standing, ...sc.steps].entries()) {
            const now = t.clock.now().getTime();
            let label = `step ${n} ${step.kind}`;
            if (step.kind === 'draft') {
              const word = `${tag}x${shares.length}y`;
              const candidates = step.visibleOnly ? incidents.filter(centerSees) : incidents;
              const sources = unique(
                step.sources.flatMap((p) => (candidates.length ? [pick(candidates, p)] : [])),
              );
              const audience = audienceOf(step.audience);
              const tlp: Tlp = audience.kind === 'users' ? 'TLP:RED' : step.tlp;
              let content: Content = contentOf(word, step.content);
              // What a standing consent must judge: the fixed sentence, a name of a source body, a quote of it.
              const own = sources[0];
              const named = step.name !== 'none' && own !== undefined;
              const quotesSource = step.quoteOwn && own !== undefined;
              if (step.template) content.body = INDICATORS_ONLY_BODY.ja;
              if (named)
                content.title += ` ${nameIn(pick([own.owner, ...(own.owner.parent ? [own.owner.parent] : [])], word.length), step.name)} `;
              if (quotesSource) content.title += ` ${disguise(own.secret, 'zero-width')}`;
              content.title = content.title.trim();
              // An attack: the content carries a report the center reads, declared or not.
              const visible = incidents.filter(centerSees);
              const from =
                step.derive && visible.length > 0 ? pick(visible, step.derive.incident) : undefined;
              if (step.derive && from) content = derived(content, step.derive, from);
              const by = step.coordinator ? centerUsers.coordinator : centerUsers.analyst;
              const payload = {
                ...(step.shareKind ? { kind: step.shareKind } : {}),
                sourceIncidentIds: sources.map((i) => i.id),
                content,
                audience,
                tlp,
                consentDueAt: new Date(now + step.dueHours * HOUR).toISOString(),
              };
              label += ` ${word} from [${sources.map((i) => i.owner.org.slug)}] to ${JSON.stringify(audience)} ${tlp}`;
              stepLog.push(label);
              const res = await call(by, { method: 'POST', url: '/api/v1/shares', payload });
              const consenting = unique(sources.map(consentBody));
              if (sources.some((i) => !centerSees(i))) {
                expectCode(res, 422, 'shares.unknown_source', label);
                continue;
              }
              if (consenting.length > 1) {
                expectCode(res, 422, 'shares.sources_need_separate_consent', label);
                continue;
              }
              const undeclared =
                step.derive && from ? revealed(step.derive, from).filter((i) => !sources.includes(i)) : [];
              if (undeclared.length > 0) {
                label += ` carrying ${step.derive?.how} of ${from?.owner.org.slug}'s report`;
                stepLog[stepLog.length - 1] = label;
                expectUndeclared(res, undeclared, label);
                continue;
              }
              expectCode(res, 201, null, label);
              const out = res.json() as ShareOut;
              const s: MShare = {
                id: out.id,
                word,
                kind: step.shareKind ?? (sources.length === 0 ? 'advisory' : 'share'),
                sources,
                consenting,
                content,
                tlp,
                audience,
                recipients: resolve(audience, tlp, bodyUsers),
                status: 'awaiting-consent',
                round: 1,
                revision: 1,
                consents: [],
                approved: null,
                retracted: new Set(),
                exported: false,
                everReceived: new Set(),
                ackedOrgs: new Set(),
                authors: new Set([by.id]),
                flags: { named, quotesSource },
              };
              shares.push(s);
              learnConsents(s, out, now + step.dueHours * HOUR);
              settle(s);
              expect(out.kind).toBe(s.kind);
              expect(out.status, label).toBe(s.status);
            } else if (step.kind === 'decide') {
              // Mostly a request still open (any share's), sometimes any request of any share, decided or not.
              const open = shares.flatMap((x) =>
                x.consents.filter((c) => c.status === 'pending').map((c) => ({ x, c })),
              );
              const any = shares.length ? pick(shares, step.share) : undefined;
              const target =
                step.open && open.length > 0
                  ? pick(open, step.request)
                  : any && any.consents.length > 0
                    ? { x: any, c: pick(any.consents, step.request) }
                    : undefined;
              if (!target) continue;
              const { x: s, c: request } = target;
              const officer = officerOf(request.org);
              const strangers = everyone.filter(
                (u) => u.role === 'security-officer' && u.org.id !== request.org.org.id,
              );
              const by =
                step.by === 'officer'
                  ? officer
                  : step.by === 'reporter'
                    ? reporterOf(request.org)
                    : pick(strangers, step.request);
              const d = step.decision;
              const payload: Record<string, unknown> = {
                decision: d.mode === 'reject' ? 'reject' : 'approve',
              };
              if (d.mode === 'reject') payload.reason = '調査中のため共有しない';
              if (step.revision === 'current') payload.revision = s.revision;
              if (step.revision === 'stale') payload.revision = s.revision + 1;
              // The terms this decision answers with, and whether they are within what was asked.
              let candidate: {
                content: Content;
                tlp: Tlp;
                audience: Audience;
                recipients: MRecipients;
              } | null = null;
              let looser = false;
              if (d.mode === 'stricter') {
                let tlp = TLPS[Math.min(4, rank(s.tlp) + d.tlpUp)] as Tlp;
                let audience: Audience | null = null;
                const receivingUsers = bodyUsers.filter((u) => inRecipients(u, s.recipients));
                if (tlp === 'TLP:RED') {
                  const named = unique(
                    (d.narrow ?? [0]).map((p) => receivingUsers[p % Math.max(1, receivingUsers.length)]),
                  )
                    .filter((u): u is TestUser => u !== undefined)
                    .map((u) => u.email);
                  if (named.length > 0) audience = { kind: 'users', users: named };
                  else tlp = 'TLP:AMBER+STRICT';
                } else if (d.narrow) {
                  const orgs = bodies.filter((b) => s.recipients.orgs.has(b.org.id));
                  if (orgs.length > 0)
                    audience = { kind: 'orgs', orgs: unique(d.narrow.map((p) => pick(orgs, p).org.slug)) };
                }
                if (audience) {
                  payload.audience = audience;
                  if (audience.kind === 'users') tlp = 'TLP:RED';
                }
                if (tlp !== s.tlp) payload.tlp = tlp;
                let content = s.content;
                if (d.content) {
                  const cut = (text: string, c: Cut, trim: boolean) => {
                    if (!c || text.length === 0) return text;
                    const from = c.from % text.length;
                    const out = text.slice(0, from) + (c.mark ? '■■■' : '') + text.slice(from + c.len);
                    const result = trim ? out.trim() : out;
                    return /[^\s■]/.test(result) ? result : text;
                  };
                  content = {
                    title: cut(s.content.title, d.content.title, true),
                    body: cut(s.content.body, d.content.body, false),
                    indicators: s.content.indicators.filter((_, i) => d.content?.indicators[i] ?? true),
                    mitigations: s.content.mitigations.filter((_, i) => d.content?.mitigations[i] ?? true),
                  };
                  payload.content = content;
                }
                const spec = audience ?? s.audience;
                const recipients =
                  payload.audience || tlp !== s.tlp ? resolve(spec, tlp, bodyUsers) : s.recipients;
                candidate = { content, tlp, audience: spec, recipients };
                looser = !recipientsWithin(recipients, s.recipients, bodyUsers);
              } else if (d.mode === 'looser') {
                looser = true;
                const looserTlp = rank(s.tlp) > 0 ? TLPS[d.pick % rank(s.tlp)] : undefined;
                const outsiders = bodies.filter((b) => !s.recipients.orgs.has(b.org.id));
                const unnamed = bodyUsers.filter((u) => s.recipients.users && !s.recipients.users.has(u.id));
                const withAgencies = bodies.filter(
                  (b) =>
                    b.org.kind === 'ministry' &&
                    s.recipients.orgs.has(b.org.id) &&
                    bodies.some((a) => a.parent === b && !s.recipients.orgs.has(a.org.id)),
                );
                if (d.how === 'tlp' && looserTlp) payload.tlp = looserTlp;
                else if (d.how === 'audience' && s.recipients.users && unnamed.length > 0)
                  payload.audience = {
                    kind: 'users',
                    users: [
                      ...bodyUsers.filter((u) => s.recipients.users?.has(u.id)).map((u) => u.email),
                      pick(unnamed, d.pick).email,
                    ],
                  };
                else if (d.how === 'audience' && !s.recipients.users && outsiders.length > 0)
                  payload.audience = {
                    kind: 'orgs',
                    orgs: [
                      ...bodies.filter((b) => s.recipients.orgs.has(b.org.id)).map((b) => b.org.slug),
                      pick(outsiders, d.pick).org.slug,
                    ],
                  };
                else if (d.how === 'agencies' && !s.recipients.users && withAgencies.length > 0)
                  payload.audience = {
                    kind: 'orgs',
                    orgs: [pick(withAgencies, d.pick).org.slug],
                    includeAgencies: true,
                  };
                else if (d.how === 'indicator')
                  payload.content = {
                    ...s.content,
                    indicators: [
                      ...s.content.indicators,
                      { type: 'domain-name', value: `new-${s.word}.example` },
                    ],
                  };
                else payload.content = { ...s.content, body: `${s.content.body} さらに詳細な情報を追加。` };
              }
              label += ` ${s.word} request of ${request.org.org.slug} (${request.status}) by ${who(by)}: ${JSON.stringify(payload)}`;
              stepLog.push(label);
              tally(
                `decide ${d.mode}${d.mode === 'looser' ? ` ${d.how}` : ''} on ${s.tlp} by ${step.by} (${request.status})`,
              );
              const before = await call(centerUsers.analyst, {
                method: 'GET',
                url: `/api/v1/shares/${s.id}`,
              });
              const res = await call(by, {
                method: 'POST',
                url: `/api/v1/consent-requests/${request.id}/decision`,
                payload,
              });
              const expectUnchanged = async () => {
                const after = await call(centerUsers.analyst, {
                  method: 'GET',
                  url: `/api/v1/shares/${s.id}`,
                });
                expect(after.json(), `${label}: a refused decision changes nothing`).toEqual(before.json());
              };
              if (by !== officer) {
                expectCode(res, 404, 'consent.not_found', label);
                await expectUnchanged();
              } else if (request.status !== 'pending') {
                // Closed without an answer from here says how: replaced by an edit, or the share withdrawn.
                const code =
                  request.status === 'superseded'
                    ? 'consent.superseded'
                    : request.status === 'withdrawn' || s.status === 'withdrawn'
                      ? 'shares.withdrawn'
                      : 'consent.already_decided';
                expectCode(res, 409, code, label);
                await expectUnchanged();
              } else if (request.dueAt <= now) {
                expectCode(res, 409, 'consent.expired', label);
              } else if (step.revision === 'stale') {
                expectCode(res, 409, 'consent.terms_changed', label);
                await expectUnchanged();
              } else if (looser) {
                // (f) a looser answer is refused, and changes nothing.
                expectCode(res, 422, 'consent.looser_terms', label);
                await expectUnchanged();
              } else {
                expectCode(res, 200, null, label);
                request.status = d.mode === 'reject' ? 'rejected' : 'approved';
                if (candidate) {
                  const changed =
                    JSON.stringify(candidate.content) !== JSON.stringify(s.content) ||
                    candidate.tlp !== s.tlp ||
                    !sameRecipients(candidate.recipients, s.recipients);
                  if (changed) {
                    s.content = candidate.content;
                    s.tlp = candidate.tlp;
                    s.audience = candidate.audience;
                    s.recipients = candidate.recipients;
                    s.revision++;
                  }
                }
                settle(s);
                expect((res.json() as { status: string; share: ShareOut }).share.status, label).toBe(
                  s.status,
                );
              }
            } else if (step.kind === 'edit') {
              const s = shares.length ? pick(shares, step.share) : undefined;
              if (!s) continue;
              const payload: Record<string, unknown> = {};
              let content = step.content ? contentOf(s.word, step.content) : s.content;
              const visible = incidents.filter(centerSees);
              const from =
                step.derive && visible.length > 0 ? pick(visible, step.derive.incident) : undefined;
              if (step.derive && from) content = derived(content, step.derive, from);
              if (step.content || from) payload.content = content;
              let audience = s.audience;
              let tlp = s.tlp;
              if (step.terms || !step.content) {
                const terms = step.terms ?? { audience: { kind: 'all' as const }, tlp: 'TLP:GREEN' as const };
                audience = audienceOf(terms.audience);
                tlp = audience.kind === 'users' ? 'TLP:RED' : terms.tlp;
                payload.audience = audience;
                payload.tlp = tlp;
              }
              const due = now + (step.dueHours ?? 48) * HOUR;
              if (step.dueHours) payload.consentDueAt = new Date(due).toISOString();
              label += ` ${s.word}: ${JSON.stringify(payload)}`;
              stepLog.push(label);
              const res = await call(centerUsers.analyst, {
                method: 'PATCH',
                url: `/api/v1/shares/${s.id}`,
                payload,
              });
              if (s.status === 'withdrawn') {
                expectCode(res, 409, 'shares.withdrawn', label);
                continue;
              }
              const undeclared =
                step.derive && from ? revealed(step.derive, from).filter((i) => !s.sources.includes(i)) : [];
              if (undeclared.length > 0) {
                label += ` carrying ${step.derive?.how} of ${from?.owner.org.slug}'s report`;
                stepLog[stepLog.length - 1] = label;
                expectUndeclared(res, undeclared, label);
                const after = await call(centerUsers.analyst, {
                  method: 'GET',
                  url: `/api/v1/shares/${s.id}`,
                });
                expectSeen(centerUsers.analyst, s, after.json() as ShareOut, 'after a refused edit');
                continue;
              }
              expectCode(res, 200, null, label);
              if (step.content) s.flags = NO_FLAGS;
              s.authors.add(centerUsers.analyst.id);
              s.content = content;
              s.audience = audience;
              s.tlp = tlp;
              s.recipients = resolve(audience, tlp, bodyUsers);
              s.status = 'awaiting-consent';
              s.revision++;
              s.approved = s.sources.length === 0 ? s.approved : null;
              if (s.sources.length > 0) {
                s.round++;
                for (const c of s.consents)
                  if (c.status === 'pending' || c.status === 'approved') c.status = 'superseded';
                learnConsents(s, res.json() as ShareOut, due);
              }
              settle(s);
              expect((res.json() as ShareOut).status, label).toBe(s.status);
            } else if (step.kind === 'withdraw') {
              const s = shares.length ? pick(shares, step.share) : undefined;
              if (!s) continue;
              const consentingBody = s.consenting[0];
              const by =
                step.by === 'analyst'
                  ? centerUsers.analyst
                  : step.by === 'consentOfficer' && consentingBody
                    ? officerOf(consentingBody)
                    : step.by === 'consentReporter' && consentingBody
                      ? reporterOf(consentingBody)
                      : pick(everyone, step.pick);
              label += ` ${s.word} (${s.status}) by ${who(by)}`;
              stepLog.push(label);
              const res = await call(by, {
                method: 'POST',
                url: `/api/v1/shares/${s.id}/withdraw`,
                payload: { reason: '誤りがあったため' },
              });
              const mayWithdraw =
                by.role === 'center-analyst' ||
                by.role === 'center-coordinator' ||
                (by.role === 'security-officer' && s.consents.some((c) => c.org.org.id === by.org.id));
              if (modelView(by, s) !== 'manage') expectCode(res, 404, 'shares.not_found', label);
              else if (!mayWithdraw) expectCode(res, 403, 'auth.forbidden', label);
              else if (s.status === 'withdrawn') expectCode(res, 409, 'shares.withdrawn', label);
              else {
                expectCode(res, 200, null, label);
                // Whoever ever received it, before an edit took it back or now, holds a notice.
                s.retracted = new Set([
                  ...s.everReceived,
                  ...everyone.filter((u) => receives(u, s)).map((u) => u.id),
                ]);
                s.status = 'withdrawn';
                for (const c of s.consents) if (c.status === 'pending') c.status = 'withdrawn';
              }
            } else if (step.kind === 'publish') {
              const waiting = shares.filter((x) => x.status === 'awaiting-publication');
              // Mostly a share that waits for its second pair of eyes; sometimes any.
              const s =
                waiting.length > 0 && step.pick % 6 !== 0
                  ? pick(waiting, step.share)
                  : shares.length
                    ? pick(shares, step.share)
                    : undefined;
              if (!s) continue;
              const coordinators = [centerUsers.coordinator, centerUsers.coordinator2];
              const by =
                step.by === 'second'
                  ? (coordinators.find((u) => !s.authors.has(u.id)) ?? centerUsers.coordinator2)
                  : step.by === 'author'
                    ? (everyone.find((u) => s.authors.has(u.id)) as TestUser)
                    : step.by === 'analyst'
                      ? centerUsers.analyst
                      : pick(everyone, step.pick);
              const revision = step.stale ? s.revision + 1 : s.revision;
              label += ` ${s.word} (${s.status}) by ${who(by)}${step.stale ? ' (stale)' : ''}`;
              stepLog.push(label);
              const res = await call(by, {
                method: 'POST',
                url: `/api/v1/shares/${s.id}/publish`,
                payload: { revision },
              });
              if (modelView(by, s) !== 'manage') expectCode(res, 404, 'shares.not_found', label);
              else if (by.role !== 'center-coordinator')
                expectCode(res, 403, 'shares.publisher_not_coordinator', label);
              else if (s.status === 'withdrawn') expectCode(res, 409, 'shares.withdrawn', label);
              else if (s.status !== 'awaiting-publication')
                expectCode(res, 409, 'shares.not_awaiting_publication', label);
              else if (step.stale) expectCode(res, 409, 'shares.changed', label);
              else if (s.authors.has(by.id)) expectCode(res, 403, 'shares.publisher_is_author', label);
              else {
                expectCode(res, 200, null, label);
                s.status = 'published';
                s.approved = { content: structuredClone(s.content), tlp: s.tlp };
              }
            } else if (step.kind === 'standing') {
              const body = pick(bodies, step.body);
              const rule: MRule = {
                tlp: step.tlp,
                audience: step.audience,
                scope: step.scope,
                anonymised: step.anonymised,
              };
              label += ` by ${body.org.slug}: ${JSON.stringify(rule)}`;
              stepLog.push(label);
              const res = await call(officerOf(body), {
                method: 'POST',
                url: '/api/v1/standing-consents',
                payload: { ...rule, audience: { kind: rule.audience } },
              });
              expectCode(res, 201, null, label);
              rules.set(body.org.id, [...(rules.get(body.org.id) ?? []), rule]);
            } else {
              label += ` ${step.hours}h`;
              stepLog.push(label);
              t.clock.advance(step.hours * HOUR);
              await sweepConsentDeadlines(t.handle, t.services.sharingDeps);
              const at = t.clock.now().getTime();
              for (const s of shares) {
                for (const c of s.consents) if (c.status === 'pending' && c.dueAt <= at) c.status = 'expired';
                settle(s);
              }
            }
            for (const s of shares) for (const u of everyone) if (receives(u, s)) s.everReceived.add(u.id);
            await checkEverything(label);
          }
        }),
        {
          numRuns: RUNS,
          endOnFailure: true,
          // A failure prints its seed: SHARING_SEED replays it.
          ...(process.env.SHARING_SEED ? { seed: Number(process.env.SHARING_SEED) } : {}),
        },
      );
    },
    120_000 + RUNS * 30_000,
  );
});

const reportId = (shareId: string) => stixId('report', shareId);
