// Fills a database that holds the demo government with many incidents in a few seconds: direct multi-row
// inserts of what filing a quick report writes (incident, its quick report, search text, deliveries and
// reader set), spread over the bodies and over the year before now. Only for the bench.
import { sql } from 'kysely';
import { v7 } from 'uuid';
import type {
  DeliveriesTable,
  IncidentReadersTable,
  IncidentReportsTable,
  IncidentsTable,
} from '../src/features/incidents/incidents.table.js';
import type { OrgsTable } from '../src/features/orgs/orgs.table.js';
import type { DatabaseHandle, Tx } from '../src/platform/db/database.js';

const DAY = 86_400_000;
const BATCH = 400;
// Batches per transaction: fewer disk syncs while seeding.
const BATCHES_PER_COMMIT = 25;

const TITLES = [
  'ランサムウェア感染の疑い',
  '標的型攻撃メールの受信',
  'VPN装置への不正アクセスの試み',
  'Webサイトの改ざん',
  'DDoS攻撃によるサービス停止',
  'フィッシングサイトへの誘導',
  'マルウェア感染端末の発見',
  '個人情報漏えいの可能性',
  'クラウドストレージの設定不備',
  '職員アカウントの不正利用',
  'Suspicious outbound traffic from a file server',
  'Brute-force attempts against the mail gateway',
];
const SUMMARIES = [
  'EDRが職員端末で不審な挙動を検知。端末をネットワークから隔離し、ログを保全した。',
  '外部からの総当たり攻撃を観測。現時点で侵入の痕跡はない。',
  '利用者からの通報により判明。影響範囲を調査中。',
  'The SOC saw beaconing to a known C2 address; the host has been isolated.',
];
const CATEGORIES = [
  'malicious-code/infected-system',
  'intrusion-attempts/brute-force',
  'intrusions/system-compromise',
  'availability/ddos',
  'fraud/phishing',
  'information-content-security/data-leak',
  'vulnerable/vulnerable-system',
  null,
];
// Weights: none, low, medium, high, critical.
const SEVERITIES: [string | null, number][] = [
  [null, 10],
  ['low', 40],
  ['medium', 30],
  ['high', 15],
  ['critical', 5],
];

/** A small deterministic generator, so that every run (and both dialects) holds the same data. */
function random(seed: number) {
  let s = seed >>> 0;
  const next = () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(items: readonly T[]) => items[Math.floor(next() * items.length)] as T;
  const weighted = <T>(items: readonly [T, number][]) => {
    let r = next() * items.reduce((n, [, w]) => n + w, 0);
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return (items.at(-1) as [T, number])[0];
  };
  return { next, pick, weighted };
}

export interface SeedResult {
  incidents: number;
  readers: number;
}

/**
 * Adds `count` incidents reported over the year before `now`, by every body but the center (ministries report
 * about twice as often as agencies). Ministries in review mode hold their agencies' reports of the last hour.
 */
export async function seedIncidents(handle: DatabaseHandle, count: number, now: Date): Promise<SeedResult> {
  const { db } = handle;
  const orgs = await db.selectFrom('orgs').selectAll().execute();
  const byId = new Map(orgs.map((o) => [o.id, o]));
  const center = orgs.find((o) => o.kind === 'center');
  if (!center) throw new Error('seed the demo government first');
  const reporters = new Map(
    (await db.selectFrom('users').select(['id', 'org_id']).where('role', '=', 'reporter').execute()).map(
      (u) => [u.org_id, u.id],
    ),
  );
  const filers: [OrgsTable, number][] = orgs
    .filter((o) => o.kind !== 'center' && reporters.has(o.id))
    .map((o) => [o, o.kind === 'ministry' ? 2 : 1]);
  const rnd = random(20261125);
  let readers = 0;

  const writeBatch = async (tx: Tx, n: number) => {
    const incidents: IncidentsTable[] = [];
    const reports: IncidentReportsTable[] = [];
    const deliveries: DeliveriesTable[] = [];
    const readerRows: IncidentReadersTable[] = [];
    for (let k = 0; k < n; k++) {
      // Older incidents thin out a little: more reports in recent months.
      const age = DAY * 365 * rnd.next() ** 1.2;
      const reportedMs = now.getTime() - age;
      const reported = new Date(reportedMs).toISOString();
      const detected = new Date(reportedMs - rnd.next() * 3 * 3_600_000).toISOString();
      const org = rnd.weighted(filers);
      // A ministry's parent is the center, which receives it directly: only an agency has a ministry above it.
      const parent = org.kind === 'agency' && org.parent_id ? byId.get(org.parent_id) : undefined;
      const held = parent?.review_mode === 1 && age < 3_600_000;
      const final = age > 30 * DAY ? rnd.next() < 0.9 : rnd.next() < 0.3;
      const lastReport = final
        ? new Date(reportedMs + rnd.next() * Math.min(age, 20 * DAY)).toISOString()
        : reported;
      const id = v7({ msecs: Math.floor(reportedMs) });
      const title = `${rnd.pick(TITLES)}（${org.name_ja}）`;
      const summary = rnd.pick(SUMMARIES);
      const severity = rnd.weighted(SEVERITIES);
      const category = rnd.pick(CATEGORIES);
      const author = reporters.get(org.id) as string;
      incidents.push({
        id,
        org_id: org.id,
        // Unique, and apart from the numbers quick reports take from the fiscal year's counter.
        number: `seed-${id}`,
        exercise_id: null,
        status: final ? 'final' : 'open',
        title,
        summary,
        category,
        severity,
        tlp: 'TLP:AMBER',
        impact: '{}',
        affected_systems: '[]',
        details: '{}',
        detected_at: detected,
        reported_at: reported,
        last_report_at: lastReport,
        final_at: final ? lastReport : null,
        report_count: final ? 2 : 1,
        ministry_received_at: parent ? reported : null,
        center_received_at: held ? null : reported,
        reporting_due_at: new Date(Date.parse(detected) + 3_600_000).toISOString(),
        created_by: author,
      });
      reports.push({
        id: v7({ msecs: Math.floor(reportedMs) }),
        incident_id: id,
        seq: 1,
        kind: 'quick',
        author_id: author,
        created_at: reported,
        body: JSON.stringify({ title, summary, detectedAt: detected }),
      });
      const delivery = (to: OrgsTable, level: string, state: string): DeliveriesTable => ({
        id: v7({ msecs: Math.floor(reportedMs) }),
        incident_id: id,
        org_id: to.id,
        level,
        state,
        created_at: reported,
        received_at: state === 'delivered' ? reported : null,
        review_due_at: state === 'delivered' ? null : new Date(reportedMs + 3_600_000).toISOString(),
        forwarded_at: null,
        forwarded_by: null,
        route: state === 'delivered' ? 'direct' : 'review',
      });
      readerRows.push({ incident_id: id, org_id: org.id, since: reported });
      if (parent) {
        deliveries.push(delivery(parent, 'ministry', 'delivered'));
        readerRows.push({ incident_id: id, org_id: parent.id, since: reported });
      }
      deliveries.push(delivery(center, 'center', held ? 'awaiting-review' : 'delivered'));
      if (!held) readerRows.push({ incident_id: id, org_id: center.id, since: reported });
    }
    await tx.insertInto('incidents').values(incidents).execute();
    await tx.insertInto('incident_reports').values(reports).execute();
    await tx.insertInto('deliveries').values(deliveries).execute();
    await tx.insertInto('incident_readers').values(readerRows).execute();
    const ids = incidents.map((i) => i.id);
    const body = sql`title || ${'\n'} || summary`;
    // On SQLite the search row shares the incident's rowid (see incidentsRepository.writeSearchText).
    if (handle.dialect === 'sqlite')
      await sql`insert into incident_search (rowid, incident_id, body)
        select rowid, id, ${body} from incidents where id in (${sql.join(ids)})`.execute(tx);
    else
      await sql`insert into incident_search (incident_id, body)
        select id, ${body} from incidents where id in (${sql.join(ids)})`.execute(tx);
    readers += readerRows.length;
  };

  for (let done = 0; done < count; ) {
    await db.transaction().execute(async (tx) => {
      for (let b = 0; b < BATCHES_PER_COMMIT && done < count; b++) {
        const n = Math.min(BATCH, count - done);
        await writeBatch(tx, n);
        done += n;
      }
    });
  }
  if (handle.dialect === 'postgres') await sql`analyze`.execute(db);
  return { incidents: count, readers };
}
