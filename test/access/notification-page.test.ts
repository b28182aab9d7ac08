import type { KyselyPlugin } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { aboutOf } from '../../src/features/notifications/notifications.about.js';
import { audienceOf } from '../../src/features/notifications/notifications.audience.js';
import { myNotifications } from '../../src/features/notifications/notifications.inbox.js';
import type { NotificationRow } from '../../src/features/notifications/notifications.repository.js';
import { loadSubject } from '../../src/features/notifications/notifications.subject.js';
import type { Actor } from '../../src/platform/access/roles.js';
import { can } from '../../src/platform/access/rules.js';
import type { Executor } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// A page of notifications describes each item's subject with one read per kind of subject, not one per item
// (issue 11), and says exactly what the reading one by one said: the title to whoever may read the thing now,
// why not to anyone else (an incident in its ministry's review, a TLP:RED share named to someone else, a
// withdrawn share), nothing of a subject that does not exist.

/** Counts the statements a Kysely instance runs. */
function counter() {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery: (args) => {
      n += 1;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { plugin, count: () => n };
}

/** What the list said before the batching: each subject read, and its audience asked, one by one. */
async function aboutOneByOne(db: Executor, actor: Actor, rows: readonly NotificationRow[]) {
  const out = new Map<string, unknown>();
  for (const n of rows) {
    const source = n.subject_type === 'org' ? rows.find((r) => r.id === n.chain_id) : n;
    if (!source || !['incident', 'share', 'consent_request'].includes(source.subject_type)) continue;
    const subject = await loadSubject(db, { type: source.subject_type, id: source.subject_id });
    if (!subject) continue;
    const audience = await audienceOf(db, subject, [actor.orgId]);
    const readable = can.hearOf(
      { namedOnly: audience.namedOnly, bodyReads: audience.bodies.has(actor.orgId) },
      {
        orgId: actor.orgId,
        person: {
          orgId: actor.orgId,
          role: actor.role,
          active: true,
          named: audience.people.get(actor.userId) === actor.orgId,
        },
      },
    );
    out.set(n.id, {
      exercise: subject.exercise ?? null,
      type: subject.type,
      readable,
      title: readable ? subject.title : null,
      severity: readable ? subject.severity : null,
      orgId: subject.orgId,
      path: readable ? subject.path : null,
      pending: readable
        ? null
        : subject.type === 'incident' && actor.orgKind === 'center'
          ? 'review'
          : 'restricted',
    });
  }
  return out;
}

describe.each(DIALECTS)('a page of notifications on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;
  let analyst: TestUser;
  let officer: TestUser;
  const subjects: { type: string; id: string }[] = [];

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
    analyst = await t.user(center, 'center-analyst');
    const coordinator = await t.user(center, 'center-coordinator');
    const ministry = await t.org('ministry');
    officer = await t.user(ministry, 'security-officer');
    const reporter = await t.user(ministry, 'reporter');
    const reviewing = await t.org('ministry', { reviewMode: true, reviewDeadlineMinutes: 24 * 60 });
    const agencyReporter = await t.user(await t.org('agency', { parent: reviewing }), 'reporter');
    const elsewhere = await t.user(await t.org('ministry'), 'security-officer');

    for (let i = 0; i < 3; i++) {
      const incident = await t.fileIncident(reporter, { title: `省の事案 ${i}`, tlp: 'TLP:AMBER' });
      subjects.push({ type: 'incident', id: incident.id });
    }
    const held = await t.fileIncident(agencyReporter, { title: '審査中の事案', tlp: 'TLP:AMBER' });
    subjects.push({ type: 'incident', id: held.id });

    const share = async (payload: Record<string, unknown>) => {
      const draft = await t.request(analyst, { method: 'POST', url: '/api/v1/shares', payload });
      expect(draft.statusCode, draft.body).toBe(201);
      const s = draft.json() as { id: string; revision: number; status: string };
      if (s.status === 'draft') {
        const pub = await t.request(coordinator, {
          method: 'POST',
          url: `/api/v1/shares/${s.id}/publish`,
          payload: { revision: s.revision },
        });
        expect(pub.statusCode, pub.body).toBe(200);
      }
      return s.id;
    };
    const content = (title: string) => ({ title, body: `${title}の本文` });
    subjects.push({
      type: 'share',
      id: await share({
        sourceIncidentIds: [],
        content: content('全体共有'),
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      }),
    });
    subjects.push({
      type: 'share',
      id: await share({
        sourceIncidentIds: [],
        content: content('赤の共有'),
        audience: { kind: 'users', users: [elsewhere.email] },
        tlp: 'TLP:RED',
      }),
    });
    const withdrawn = await share({
      sourceIncidentIds: [],
      content: content('撤回する共有'),
      audience: { kind: 'all' },
      tlp: 'TLP:GREEN',
    });
    const w = await t.request(analyst, {
      method: 'POST',
      url: `/api/v1/shares/${withdrawn}/withdraw`,
      payload: { reason: '誤り' },
    });
    expect(w.statusCode, w.body).toBe(200);
    subjects.push({ type: 'share', id: withdrawn });
    // A share drafted from the ministry's incident asks the ministry's consent.
    const derived = await t.request(analyst, {
      method: 'POST',
      url: '/api/v1/shares',
      payload: {
        sourceIncidentIds: [subjects[0]?.id],
        content: content('同意を求める共有'),
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      },
    });
    expect(derived.statusCode, derived.body).toBe(201);
    const requests = await t.handle.db
      .selectFrom('consent_requests')
      .select('id')
      .where('share_id', '=', (derived.json() as { id: string }).id)
      .execute();
    expect(requests.length).toBeGreaterThan(0);
    for (const r of requests) subjects.push({ type: 'consent_request', id: r.id });
    // Forged: ids of nothing, and a kind of subject the list does not describe.
    subjects.push({ type: 'incident', id: 'no-such-incident' });
    subjects.push({ type: 'share', id: 'no-such-share' });
    subjects.push({ type: 'consent_request', id: 'no-such-request' });
  });
  afterAll(async () => {
    await t?.close();
  });

  /** Fifty notifications of the reader over the subjects in turn; every fifth tells of another's alert. */
  async function pageOf(u: TestUser, tag: string) {
    const rows: NotificationRow[] = [];
    const start = t.clock.now().getTime();
    for (let i = 0; i < 50; i++) {
      const subject = subjects[i % subjects.length] as { type: string; id: string };
      const id = `${tag}-${String(i).padStart(2, '0')}`;
      const told = i % 5 === 4 ? rows[i - 4] : undefined;
      rows.push({
        id,
        chain_id: told ? told.id : id,
        step: told ? 2 : 1,
        alert_org_id: u.org.id,
        org_id: u.org.id,
        contact_id: `${tag}-contact`,
        user_id: u.id,
        email: u.email,
        locale: 'ja',
        event: told ? 'alert.unacknowledged' : 'incident.reported',
        subject_type: told ? 'org' : subject.type,
        subject_id: told ? u.org.id : subject.id,
        incident_id: null,
        tlp: null,
        channels: '["app"]',
        created_at: new Date(start - i * 1000).toISOString(),
        ack_requested: 0,
        escalate_at: null,
        escalated_at: null,
        acknowledged_at: null,
        acknowledged_by: null,
        ack_via: null,
        ack_token_hash: null,
        failed_at: null,
        last_error: null,
        closed_reason: null,
      });
    }
    await t.handle.db.insertInto('notifications').values(rows).execute();
    return rows;
  }

  const actorOf = (u: TestUser): Actor => ({
    userId: u.id,
    email: u.email,
    role: u.role,
    orgId: u.org.id,
    orgSlug: u.org.slug,
    orgKind: u.org.kind,
    via: 'session',
  });

  it.each([
    ['the center', () => analyst, 'center'],
    ["the ministry's officer", () => officer, 'ministry'],
  ])('says for %s what the one-by-one reading said, in a bounded number of queries', async (_, who, tag) => {
    const u = who();
    const rows = await pageOf(u, `page-${tag}`);
    const actor = actorOf(u);
    const before = await aboutOneByOne(t.handle.db, actor, rows);
    const { plugin, count } = counter();
    const now = await aboutOf(t.handle.db.withPlugin(plugin), actor, rows);
    expect(now).toEqual(before);
    // One read of the chains' first notifications, one per kind of subject (incidents, consent requests,
    // shares with the center), then one of incident readers and one of share readers: never one per item.
    expect(count()).toBeLessThanOrEqual(7);
    // Not vacuous: the page holds readable items, kept ones, and items of nothing.
    const abouts = [...now.values()] as { readable: boolean; title: string | null; pending: string | null }[];
    expect(abouts.some((a) => a.readable && a.title !== null)).toBe(true);
    expect(abouts.some((a) => !a.readable && a.title === null && a.pending !== null)).toBe(true);
    expect(now.size).toBeLessThan(rows.length);
    const titles = abouts.map((a) => a.title);
    expect(titles).not.toContain('赤の共有');
    expect(titles).not.toContain('撤回する共有');
    if (tag === 'center') expect(abouts.some((a) => a.pending === 'review')).toBe(true);
    else expect(titles).not.toContain('審査中の事案');
  });

  it('lists a page of a hundred through the API in as many queries as a page of forty', async () => {
    const u = officer;
    await pageOf(u, 'api-a');
    await pageOf(u, 'api-b');
    const actor = actorOf(u);
    const counted = async (limit: number) => {
      const { plugin, count } = counter();
      const out = await inTransaction(t.handle, (unit) =>
        myNotifications({
          unit: { ...unit, tx: unit.tx.withPlugin(plugin) },
          actor,
          openOnly: false,
          limit,
          deps: { audit: t.services.audit, clock: t.clock },
        }),
      );
      return { items: out.items.length, queries: count() };
    };
    const forty = await counted(40);
    const hundred = await counted(100);
    expect([forty.items, hundred.items]).toEqual([40, 100]);
    // The page, its subjects and readers, the bodies named, and the audit row of the read (which takes the
    // chain's lock on PostgreSQL): the same however long the page.
    expect(hundred.queries).toBe(forty.queries);
    expect(hundred.queries).toBeLessThanOrEqual(20);
    const res = await t.request(u, { method: 'GET', url: '/api/v1/notifications?limit=100' });
    expect(res.statusCode, res.body).toBe(200);
    expect((res.json() as { items: unknown[] }).items).toHaveLength(100);
  });
});
