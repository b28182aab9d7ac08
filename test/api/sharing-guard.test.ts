import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  behindQuery,
  fingerprintsOfReports,
  indexPendingReports,
} from '../../src/features/sharing/sharing.fingerprints.js';
import { INDICATORS_ONLY_BODY, REDACTION_MARK } from '../../src/features/sharing/sharing.terms.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestUser } from '../support/harness.js';
import { expectProblem } from './helpers.js';

// The ways around consent an outside test found (findings 1 and 3), each as the attacker sent it: the
// center's own advisory carrying a TLP:RED report's text or indicators in another spelling, published at
// once to every body; a standing consent fooled by invisible characters, abbreviations or a looser label.

type Share = {
  id: string;
  status: string;
  revision: number;
  body: string;
  title: string;
  draftedBy?: string;
  publishedBy?: string | null;
  consents?: { status: string; standing: boolean }[];
};

const RED_SUMMARY =
  '経済産業省の人事給与システムのサーバ（10.20.30.40）がランサムウェアに感染し、職員約三千人分の給与明細と口座情報が暗号化された。' +
  '攻撃者は窃取したVPNアカウントで侵入し、C2 サーバ evil-c2.example.com および 203.0.113.77 と通信していた。';
const UPDATE_TEXT =
  '続報: 侵入経路は保守業者のリモート接続用端末であり、同じ手口の通信が翌日も観測された。送信元 phisher@mail-evil.example。';

/** Invisible characters between every letter, full-width Latin: what the outside test sent. */
const obfuscate = (text: string) =>
  Array.from(text)
    .map((c) => {
      const code = c.codePointAt(0) ?? 0;
      return code >= 0x21 && code <= 0x7e ? String.fromCodePoint(code + 0xfee0) : c;
    })
    .join('\u200b');

describe.each(DIALECTS)('the guard of sharing on %s', (dialect) => {
  let t: TestApp;
  let gov: Awaited<ReturnType<TestApp['government']>>;
  let coordinator: TestUser;
  let secondCoordinator: TestUser;
  let reader: TestUser;
  let red: string;
  let held: string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    gov = await t.government({ reviewMode: true });
    coordinator = await t.user(gov.center, 'center-coordinator');
    secondCoordinator = await t.user(gov.center, 'center-coordinator');
    const elsewhere = await t.org('ministry');
    reader = await t.user(elsewhere, 'reporter');
    red = (
      await t.fileIncident(gov.ministryReporter, {
        title: '人事給与システムへのランサムウェア攻撃',
        summary: RED_SUMMARY,
        tlp: 'TLP:RED',
      })
    ).id;
    const update = await t.request(gov.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${red}/reports`,
      payload: { kind: 'update', text: UPDATE_TEXT },
    });
    expect(update.statusCode, update.body).toBe(201);
    // Held for the ministry's review: the center has not received it, and must not even learn its id.
    held = (
      await t.fileIncident(gov.agencyReporter, {
        title: '審査中の報告',
        summary: '審査中の法人の報告には未公開の通信先 held-c2.example.net が含まれている。',
      })
    ).id;
  });
  afterAll(() => t?.close());

  const post = (u: TestUser, url: string, payload: object) => t.request(u, { method: 'POST', url, payload });
  const advisory = (content: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
    post(gov.analyst, '/api/v1/shares', {
      sourceIncidentIds: [],
      content: { title: '注意喚起', body: '各組織で確認してください。', ...content },
      audience: { kind: 'all' },
      tlp: 'TLP:CLEAR',
      ...extra,
    });
  const refusedNaming = async (res: Awaited<ReturnType<typeof post>>, ids: string[]) => {
    expectProblem(res, 422, 'shares.undeclared_source');
    expect((res.json() as { incidentIds: string[] }).incidentIds.sort()).toEqual([...ids].sort());
  };

  it.each([
    ['the verbatim body of a TLP:RED report', { body: RED_SUMMARY }],
    ['its body with zero-width characters and full-width letters inserted', { body: obfuscate(RED_SUMMARY) }],
    [
      'its body with its line breaks and punctuation changed',
      { body: RED_SUMMARY.replace(/、/g, '\n').replace(/。/g, ' ・ ') },
    ],
    ['a sentence of it in the title', { title: '感染し、職員約三千人分の給与明細と口座情報が暗号化' }],
    ['a sentence of it in a mitigation', { mitigations: ['窃取したVPNアカウントで侵入し、C2 サーバと通信'] }],
    ['a sentence of its update (続報)', { body: '侵入経路は保守業者のリモート接続用端末であった。' }],
    [
      'a quote in an indicator description',
      {
        indicators: [
          { type: 'ipv4-addr', value: '198.51.100.200', description: '職員約三千人分の給与明細と口座情報' },
        ],
      },
    ],
    ['a URL on a reported domain', { indicators: [{ type: 'url', value: 'http://evil-c2.example.com/' }] }],
    [
      'a subdomain of a reported host',
      { indicators: [{ type: 'domain-name', value: 'cdn.evil-c2.example.com' }] },
    ],
    [
      'the registrable domain of a reported host',
      { indicators: [{ type: 'domain-name', value: 'example.com' }] },
    ],
    [
      'an IPv4-mapped IPv6 form of a reported address',
      { indicators: [{ type: 'ipv6-addr', value: '::ffff:203.0.113.77' }] },
    ],
    [
      'a /24 that contains a reported address',
      { indicators: [{ type: 'ipv4-addr', value: '203.0.113.0/24' }] },
    ],
    ['a reported address defanged in the text', { body: '通信先 203[.]0[.]113[.]77 を遮断してください。' }],
    ['a reported host defanged in the text', { body: '通信先 hxxp://evil-c2[.]example[.]com を遮断。' }],
    [
      'the reported mailbox of an update',
      { indicators: [{ type: 'email-addr', value: 'PHISHER@mail-evil.example' }] },
    ],
  ])('refuses an advisory of the center’s own carrying %s', async (_what, content) => {
    const before = await t.count('shares');
    await refusedNaming(await advisory(content), [red]);
    expect(await t.count('shares')).toBe(before);
  });

  it('lets the center write its own advisory, with values that reveal no report', async () => {
    for (const content of [
      { body: 'VPN装置の脆弱性を悪用した攻撃が増えています。修正版を適用してください。' },
      { indicators: [{ type: 'domain-name', value: 'other.example.com' }] },
      { indicators: [{ type: 'ipv4-addr', value: '203.0.113.78' }] },
      { indicators: [{ type: 'email-addr', value: 'someone@mail-evil.example' }] },
      { body: 'ランサムウェアに感染した場合は、端末を隔離してください。' },
    ]) {
      const res = await advisory(content, {
        tlp: 'TLP:AMBER',
        audience: { kind: 'orgs', orgs: [reader.org.slug] },
      });
      expect(res.statusCode, `${JSON.stringify(content)}: ${res.body}`).toBe(201);
    }
  });

  it('neither matches nor names a report the center has not received', async () => {
    const res = await advisory(
      { indicators: [{ type: 'domain-name', value: 'held-c2.example.net' }] },
      { tlp: 'TLP:AMBER', audience: { kind: 'orgs', orgs: [reader.org.slug] } },
    );
    expect(res.statusCode, res.body).toBe(201);
    expect(res.body).not.toContain(held);
  });

  it('refuses an edit that puts a report into an advisory, and keeps the advisory as it was', async () => {
    const created = await advisory(
      { body: '修正版を適用してください。' },
      { tlp: 'TLP:AMBER', audience: { kind: 'orgs', orgs: [reader.org.slug] } },
    );
    const share = created.json() as Share;
    const edit = await t.request(gov.analyst, {
      method: 'PATCH',
      url: `/api/v1/shares/${share.id}`,
      payload: { content: { title: '注意喚起', body: obfuscate(RED_SUMMARY) } },
    });
    await refusedNaming(edit, [red]);
    const now = (
      await t.request(gov.analyst, { method: 'GET', url: `/api/v1/shares/${share.id}` })
    ).json() as Share;
    expect(now).toMatchObject({ status: 'published', body: share.body, revision: share.revision });
  });

  it('refuses a share of one report that carries another: its declared source does not cover it', async () => {
    const other = await t.org('ministry');
    const otherReporter = await t.user(other, 'reporter');
    const harmless = (
      await t.fileIncident(otherReporter, {
        title: '不審なメールの受信',
        summary: '不審なメールを受信したが開封していない。',
      })
    ).id;
    // What the declared source itself says is covered by its consent.
    const own = await post(gov.analyst, '/api/v1/shares', {
      sourceIncidentIds: [harmless],
      content: { title: '不審なメール', body: '不審なメールを受信したが開封していない。' },
      audience: { kind: 'all' },
      tlp: 'TLP:GREEN',
    });
    expect(own.statusCode, own.body).toBe(201);
    const laundered = await post(gov.analyst, '/api/v1/shares', {
      sourceIncidentIds: [harmless],
      content: {
        title: '不審なメール',
        body: `不審なメールを受信したが開封していない。${obfuscate(RED_SUMMARY)}`,
      },
      audience: { kind: 'all' },
      tlp: 'TLP:GREEN',
    });
    await refusedNaming(laundered, [red]);
  });

  /** Leaves only the incident's reports before `fromSeq` in the index, as if the others had just been filed. */
  const unindex = async (id: string, fromSeq = 1) => {
    await t.services.reportIndex.catchUp();
    await t.handle.db.deleteFrom('report_fingerprints').where('incident_id', '=', id).execute();
    const kept = await t.handle.db
      .selectFrom('incident_reports')
      .select('body')
      .where('incident_id', '=', id)
      .where('seq', '<', fromSeq)
      .execute();
    const prints = [...fingerprintsOfReports(kept.map((r) => r.body))];
    if (prints.length > 0)
      await t.handle.db
        .insertInto('report_fingerprints')
        .values(prints.map((fingerprint) => ({ fingerprint, incident_id: id })))
        .execute();
    await t.handle.db
      .updateTable('incidents')
      .set({ fingerprinted_seq: fromSeq - 1 })
      .where('id', '=', id)
      .execute();
  };
  const behind = async () => (await behindQuery(t.handle.db).execute()).map((r) => r.id);

  const printsOf = async (id: string) =>
    (
      await t.handle.db
        .selectFrom('report_fingerprints')
        .select('fingerprint')
        .where('incident_id', '=', id)
        .execute()
    )
      .map((r) => r.fingerprint)
      .sort();

  it('indexes a new incident’s first report in the unit that files it, as the indexer would from the stored rows', async () => {
    const id = (
      await t.fileIncident(gov.ministryReporter, {
        title: '索引の確認',
        summary: '索引の確認のための報告には、通信先 index-check.example.org が記されていた。',
        indicators: [
          { type: 'ipv4', value: '192.0.2.171' },
          { type: 'url', value: 'hxxp://index-check[.]example[.]org/a' },
          { type: 'user-agent', value: 'IndexCheckAgent/1.0 (index check; build 0071)' },
          { type: 'other', value: '索引確認用の観測値 IC-0071' },
          { type: 'filename', value: 'index_check.dll' },
        ],
      })
    ).id;
    // Answered: the report is indexed, with nothing left for the indexer (no catching up waited for).
    expect(await behind()).toEqual([]);
    const inline = await printsOf(id);
    expect(inline.some((f) => f.startsWith('q:'))).toBe(true);
    expect(inline.length).toBeGreaterThan(5);
    // The indexer, reading the stored report and typed values, writes the same fingerprints.
    await t.handle.db.deleteFrom('report_fingerprints').where('incident_id', '=', id).execute();
    await t.handle.db.updateTable('incidents').set({ fingerprinted_seq: 0 }).where('id', '=', id).execute();
    expect(await behind()).toEqual([id]);
    expect(await indexPendingReports(t.handle)).toBe(1);
    expect(await printsOf(id)).toEqual(inline);
  });

  it('indexes an update after it commits, off the report path', async () => {
    const id = (
      await t.fileIncident(gov.ministryReporter, {
        title: '続報の索引',
        summary: '続報の索引の確認。',
      })
    ).id;
    const before = await printsOf(id);
    const update = await t.request(gov.ministryReporter, {
      method: 'POST',
      url: `/api/v1/incidents/${id}/reports`,
      payload: {
        kind: 'update',
        text: '続報では、通信先 follow-up-index.example.org への接続が確認された。',
        indicators: [{ type: 'domain', value: 'follow-up-index.example.org' }],
      },
    });
    expect(update.statusCode, update.body).toBe(201);
    await t.services.reportIndex.catchUp();
    expect(await behind()).toEqual([]);
    const after = await printsOf(id);
    expect(after.length).toBeGreaterThan(before.length);
    expect(after).toEqual(expect.arrayContaining(before));
  });

  it('refuses a share taken from a report the index does not hold yet, found by its text', async () => {
    const fresh = (
      await t.fileIncident(gov.ministryReporter, {
        title: '直前の報告',
        summary:
          '直前の報告の本文には、外部に知られていない通信先 just-filed-c2.example.org が記されていた。',
      })
    ).id;
    await unindex(fresh);
    expect(await behind()).toEqual([fresh]);
    const aside = { tlp: 'TLP:AMBER', audience: { kind: 'orgs', orgs: [reader.org.slug] } };
    // Its indicator (as a URL on it), and its sentence with invisible characters.
    const byIndicator = () =>
      advisory({ indicators: [{ type: 'url', value: 'http://just-filed-c2.example.org/gate.php' }] }, aside);
    const byQuote = () =>
      advisory(
        { body: obfuscate('直前の報告の本文には、外部に知られていない通信先が記されていた。') },
        aside,
      );
    await refusedNaming(await byIndicator(), [fresh]);
    await refusedNaming(await byQuote(), [fresh]);
    // Indexed (as at start, or by another node): the index answers the same.
    expect(await indexPendingReports(t.handle)).toBe(1);
    expect(await indexPendingReports(t.handle)).toBe(0);
    expect(await behind()).toEqual([]);
    await refusedNaming(await byIndicator(), [fresh]);
    await refusedNaming(await byQuote(), [fresh]);
  });

  it('marks an incident that counts more reports than are stored, instead of walking it at every run', async () => {
    const id = (
      await t.fileIncident(gov.ministryReporter, {
        title: '欠けた報告',
        summary: '欠けた報告の本文には、通信先 partly-stored-c2.example.org が記されていた。',
      })
    ).id;
    await unindex(id);
    // Three reports counted, one stored (a bulk-loaded incident, or reports deleted by hand).
    await t.handle.db.updateTable('incidents').set({ report_count: 3 }).where('id', '=', id).execute();
    expect(await behind()).toEqual([id]);
    expect(await indexPendingReports(t.handle)).toBe(1);
    // Nothing left to walk: the next runs find nothing behind.
    expect(await indexPendingReports(t.handle)).toBe(0);
    expect(await behind()).toEqual([]);
    const mark = await t.handle.db
      .selectFrom('incidents')
      .select('fingerprinted_seq')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(mark.fingerprinted_seq).toBe(3);
    // What was stored is in the index: the guard finds the incident by it.
    await refusedNaming(
      await advisory(
        { indicators: [{ type: 'domain-name', value: 'partly-stored-c2.example.org' }] },
        { tlp: 'TLP:AMBER', audience: { kind: 'orgs', orgs: [reader.org.slug] } },
      ),
      [id],
    );
  });

  it('reads an update the index does not hold yet even when the quick report is indexed', async () => {
    const id = (
      await t.fileIncident(gov.ministryReporter, {
        title: '続報の確認',
        summary: '続報の確認のための報告。',
      })
    ).id;
    const update = await post(gov.ministryReporter, `/api/v1/incidents/${id}/reports`, {
      kind: 'update',
      text: '続報: 攻撃者は late-update-c2.example.net を経由して、保守端末から職員の共有フォルダへ到達していた。',
    });
    expect(update.statusCode, update.body).toBe(201);
    await unindex(id, 2);
    expect(await behind()).toEqual([id]);
    const aside = { tlp: 'TLP:AMBER', audience: { kind: 'orgs', orgs: [reader.org.slug] } };
    await refusedNaming(
      await advisory({ indicators: [{ type: 'domain-name', value: 'late-update-c2.example.net' }] }, aside),
      [id],
    );
  });

  it('refuses a share carrying what a report holds only as typed indicators, however it is spelled', async () => {
    // The report's text names none of them: the typed indicators alone must be guarded (they were not).
    const typed = (
      await t.fileIncident(gov.ministryReporter, {
        title: '不審な通信の報告',
        summary: '詳細は添付の指標のとおり。',
        tlp: 'TLP:RED',
        indicators: [
          { type: 'ipv4', value: '198.51.100.23' },
          { type: 'domain', value: 'typed-c2.example.org' },
          { type: 'email', value: 'Sender@typed-mail.example' },
          { type: 'sha256', value: 'ab'.repeat(32) },
          { type: 'asn', value: 'AS64511' },
          { type: 'filename', value: 'Invoice_2026.exe' },
          { type: 'ipv6', value: '2001:db8:77::5' },
          { type: 'user-agent', value: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) TypedBot/7.1 (+typed)' },
          { type: 'other', value: '内部管理番号 KZ-7781 の保守用アカウント svc_maint_kz7781' },
        ],
      })
    ).id;
    const aside = { tlp: 'TLP:CLEAR', audience: { kind: 'all' } };
    const attempts: Record<string, unknown>[] = [
      { indicators: [{ type: 'ipv4-addr', value: '198.51.100.23' }] },
      { indicators: [{ type: 'ipv6-addr', value: '::ffff:198.51.100.23' }] },
      { indicators: [{ type: 'ipv4-addr', value: '198.51.100.0/24' }] },
      { indicators: [{ type: 'domain-name', value: 'cdn.typed-c2.example.org' }] },
      { indicators: [{ type: 'url', value: 'https://typed-c2.example.org/gate.php' }] },
      { indicators: [{ type: 'email-addr', value: 'SENDER@TYPED-MAIL.EXAMPLE' }] },
      { indicators: [{ type: 'file-sha256', value: 'AB'.repeat(32) }] },
      { indicators: [{ type: 'autonomous-system', value: '64511' }] },
      { indicators: [{ type: 'file-name', value: 'invoice_2026.EXE' }] },
      { indicators: [{ type: 'ipv6-addr', value: '2001:0db8:0077:0000:0000:0000:0000:0005' }] },
      { body: '通信先 198[.]51[.]100[.]23 および hxxps://typed-c2[.]example[.]org を遮断してください。' },
      { body: '送信元 ｓｅｎｄｅｒ＠ｔｙｐｅｄ－ｍａｉｌ．ｅｘａｍｐｌｅ に注意。' },
      // Free-text values (a user agent, a free observable) quoted in prose, as a quote of any report is.
      { body: 'UA が Mozilla/5.0 (Windows NT 10.0; Win64; x64) TypedBot/7.1 の通信を遮断してください。' },
      { title: '保守用アカウント svc_maint_kz7781（内部管理番号 KZ-7781）に注意' },
    ];
    const check = async () => {
      for (const content of attempts) {
        const res = await advisory(content, aside);
        expect(res.statusCode, `${JSON.stringify(content)}: ${res.body}`).toBe(422);
        await refusedNaming(res, [typed]);
      }
    };
    // Before the index holds the report (the guard reads it whole), then from the index.
    await unindex(typed);
    expect(await behind()).toEqual([typed]);
    await check();
    expect(await indexPendingReports(t.handle)).toBe(1);
    expect(await behind()).toEqual([]);
    await check();
    // Named as the share's source, the same values go to its body's consent instead.
    const declared = await advisory(
      { indicators: [{ type: 'ipv4-addr', value: '198.51.100.23' }] },
      { sourceIncidentIds: [typed], audience: { kind: 'ministries' }, tlp: 'TLP:AMBER' },
    );
    expect(declared.statusCode, declared.body).toBe(201);
    expect((declared.json() as Share).status).toBe('awaiting-consent');
  });

  it('refuses a share naming a report’s short free-text value (an account, a file, a user agent), however written', async () => {
    // Too short to be a quote (the finding: they passed), typed by the report as observables.
    const short = (
      await t.fileIncident(gov.ministryReporter, {
        title: '内部アカウントの不正利用',
        summary: '詳細は指標のとおり。',
        tlp: 'TLP:RED',
        indicators: [
          { type: 'other', value: 'QX-4417' },
          { type: 'filename', value: 'qxldr64.dll' },
          { type: 'user-agent', value: 'QxAgent/3.2' },
          { type: 'other', value: 'svc_qx9' },
          { type: 'other', value: '保守端末九号' },
        ],
      })
    ).id;
    const aside = { tlp: 'TLP:CLEAR', audience: { kind: 'all' } };
    const attempts: Record<string, unknown>[] = [
      { title: '管理番号 QX-4417 に注意' },
      { body: '内部管理番号QX4417の端末を確認してください。' },
      { body: '内部管理番号 ｑｘ－４４１７ の端末を確認してください。' },
      { body: `内部管理番号 ${obfuscate('QX-4417')} の端末を確認してください。` },
      { body: '不審なファイル QXLDR64.DLL を削除してください。' },
      { mitigations: ['qxldr64[.]dll を検知したら隔離する。'] },
      { body: 'UA「QxAgent/3.2」の通信を遮断してください。' },
      { body: 'アカウント svc-qx9 を無効化してください。' },
      { body: '保守端末九号を隔離してください。' },
      {
        body: '各組織で確認してください。',
        indicators: [{ type: 'ipv4-addr', value: '192.0.2.44', description: '接続元は svc_qx9 だった' }],
      },
    ];
    const check = async () => {
      for (const content of attempts) {
        const res = await advisory(content, aside);
        expect(res.statusCode, `${JSON.stringify(content)}: ${res.body}`).toBe(422);
        await refusedNaming(res, [short]);
      }
    };
    // From the index (indexed as it was filed), then read whole as an incident the index is behind on.
    expect(await behind()).toEqual([]);
    await check();
    await unindex(short);
    expect(await behind()).toEqual([short]);
    await check();
    expect(await indexPendingReports(t.handle)).toBe(1);
    // What only shares a few characters with them, or a plain word, is not a naming.
    for (const content of [
      { body: '管理番号 QX-4418 の端末は対象外です。' },
      { body: 'ファイル qxldr.dll は無害です。' },
      { body: 'svc_qx の名前の付け方を見直してください。' },
    ]) {
      const res = await advisory(content, aside);
      expect(res.statusCode, `${JSON.stringify(content)}: ${res.body}`).toBe(201);
    }
    // Named as the share's source, it goes to its body's consent instead.
    const declared = await advisory(
      { body: '内部管理番号 QX-4417 の端末を確認してください。' },
      { sourceIncidentIds: [short], audience: { kind: 'ministries' }, tlp: 'TLP:AMBER' },
    );
    expect(declared.statusCode, declared.body).toBe(201);
    expect((declared.json() as Share).status).toBe('awaiting-consent');
  });

  describe('a CVE id, a user agent and a free observable as structured indicators of a share', () => {
    const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64) GuardBot/9.9 (+guard)';
    const OBSERVABLE = '保守用アカウント svc_guard_5521';
    const CVE = 'CVE-2026-31337';
    const fullWidth = (text: string) =>
      Array.from(text)
        .map((c) => {
          const code = c.codePointAt(0) ?? 0;
          return code >= 0x21 && code <= 0x7e ? String.fromCodePoint(code + 0xfee0) : c;
        })
        .join('');
    const aside = { tlp: 'TLP:CLEAR', audience: { kind: 'all' } };
    let source: string;
    beforeAll(async () => {
      source = (
        await t.fileIncident(gov.ministryReporter, {
          title: '保守用アカウントの不正利用',
          summary: '詳細は添付の指標のとおり。',
          tlp: 'TLP:RED',
          indicators: [
            { type: 'user-agent', value: UA },
            { type: 'other', value: OBSERVABLE },
            { type: 'cve', value: CVE },
          ],
        })
      ).id;
    });

    it.each([
      ['its user agent', 'user-agent', UA],
      ['its user agent in upper case', 'user-agent', UA.toUpperCase()],
      ['its user agent in full-width letters', 'user-agent', fullWidth(UA)],
      ['its user agent typed as a free observable (another type, the same value)', 'observable', UA],
      ['its free observable', 'observable', OBSERVABLE],
      ['its free observable in upper case', 'observable', OBSERVABLE.toUpperCase()],
      ['its free observable in full-width letters', 'observable', fullWidth(OBSERVABLE)],
      ['its free observable typed as a user agent', 'user-agent', OBSERVABLE],
      // The guard's keys come from kindOf: a value is compared whole, whatever is public of it. An AS number
      // is public too and is refused the same way: the id is anyone's, that this body was hit through it is
      // what the TLP:RED report tells, and only its body may consent to telling it (DESIGN §4).
      [
        'its CVE id (public, but that the body was hit through it is not: refused as an AS number is)',
        'vulnerability',
        CVE,
      ],
      ['its CVE id in lower case with the number padded', 'vulnerability', 'cve-2026-031337'],
      ['its CVE id in full-width letters', 'vulnerability', fullWidth(CVE)],
    ])('refuses, without the reporting body’s consent, a TLP:RED report’s %s', async (_what, type, value) => {
      const before = await t.count('shares');
      const res = await advisory({ indicators: [{ type, value }] }, aside);
      await refusedNaming(res, [source]);
      expect(await t.count('shares')).toBe(before);
    });

    it('refuses them with zero-width characters inserted: as invalid values, or in prose as quotes', async () => {
      const before = await t.count('shares');
      for (const [type, value] of [
        ['user-agent', UA],
        ['observable', OBSERVABLE],
        ['vulnerability', CVE],
      ] as const) {
        const hidden = Array.from(value).join('\u200b');
        // As a value: refused like a report's value with invisible characters (they change how it reads).
        expectProblem(
          await advisory({ indicators: [{ type, value: hidden }] }, aside),
          400,
          'shares.invalid_indicator',
        );
        if (type === 'vulnerability') continue;
        // As text around an innocent indicator: the guard reads through them.
        await refusedNaming(
          await advisory(
            { indicators: [{ type: 'ipv4-addr', value: '192.0.2.45', description: `関連: ${hidden}` }] },
            aside,
          ),
          [source],
        );
      }
      expect(await t.count('shares')).toBe(before);
    });

    it('does not match a CVE id or an AS number written in prose (public ids every advisory names, unlike its addresses or hosts); as indicators it does', async () => {
      const asn = (
        await t.fileIncident(gov.ministryReporter, {
          title: '経路の報告',
          summary: '詳細は添付の指標のとおり。',
          tlp: 'TLP:RED',
          indicators: [{ type: 'asn', value: 'AS64999' }],
        })
      ).id;
      for (const body of [`${CVE} の修正を適用してください。`, 'AS64999 からの通信を確認してください。']) {
        const res = await advisory({ body }, aside);
        expect(res.statusCode, res.body).toBe(201);
      }
      await refusedNaming(
        await advisory({ indicators: [{ type: 'autonomous-system', value: 'AS64999' }] }, aside),
        [asn],
      );
    });

    it('lets the center share a CVE id, a user agent or an observable no report names', async () => {
      const res = await advisory(
        {
          indicators: [
            { type: 'vulnerability', value: 'cve-2026-0099' },
            { type: 'user-agent', value: 'Mozilla/5.0 CenterOwnBot/1.0' },
            { type: 'observable', value: 'センター独自の観測値 K-1' },
          ],
        },
        aside,
      );
      expect(res.statusCode, res.body).toBe(201);
      expect((res.json() as { indicators: unknown[] }).indicators).toEqual([
        { type: 'vulnerability', value: 'CVE-2026-0099' },
        { type: 'user-agent', value: 'Mozilla/5.0 CenterOwnBot/1.0' },
        { type: 'observable', value: 'センター独自の観測値 K-1' },
      ]);
    });

    it('sends them to the reporting body’s consent when its report is the declared source', async () => {
      const res = await advisory(
        {
          indicators: [
            { type: 'user-agent', value: UA },
            { type: 'observable', value: OBSERVABLE },
            { type: 'vulnerability', value: CVE },
          ],
        },
        { sourceIncidentIds: [source], audience: { kind: 'ministries' }, tlp: 'TLP:AMBER' },
      );
      expect(res.statusCode, res.body).toBe(201);
      expect((res.json() as Share).status).toBe('awaiting-consent');
    });
  });

  it('does not guard a plain short word a report typed as an observable', async () => {
    await t.fileIncident(gov.ministryReporter, {
      title: '一般語の観測値',
      summary: '詳細は指標のとおり。',
      tlp: 'TLP:RED',
      indicators: [{ type: 'other', value: 'server' }],
    });
    const res = await advisory(
      { body: 'server の設定を確認してください。' },
      { tlp: 'TLP:CLEAR', audience: { kind: 'all' } },
    );
    expect(res.statusCode, res.body).toBe(201);
  });

  describe('four eyes', () => {
    const draft = async (by: TestUser, tlp = 'TLP:GREEN') => {
      const res = await post(by, '/api/v1/shares', {
        sourceIncidentIds: [],
        content: { title: '注意喚起: 定例', body: `定例の注意喚起です (${tlp})。` },
        audience: { kind: 'all' },
        tlp,
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Share;
    };
    const publish = (u: TestUser, s: Share) =>
      post(u, `/api/v1/shares/${s.id}/publish`, { revision: s.revision });
    const inbox = async () =>
      (
        (await t.request(reader, { method: 'GET', url: '/api/v1/shares?box=inbox' })).json() as {
          items: Share[];
        }
      ).items.map((s) => s.id);

    it('a coordinator cannot publish what they drafted; another one can, and both are recorded', async () => {
      const s = await draft(coordinator);
      expect(s).toMatchObject({
        status: 'awaiting-publication',
        draftedBy: coordinator.email,
        publishedBy: null,
      });
      expect(await inbox()).not.toContain(s.id);
      expectProblem(await publish(coordinator, s), 403, 'shares.publisher_is_author');
      expectProblem(await publish(gov.analyst, s), 403, 'shares.publisher_not_coordinator');
      for (const who of [reader, gov.ministryOfficer])
        expectProblem(await publish(who, s), 404, 'shares.not_found');
      const res = await publish(secondCoordinator, s);
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json()).toMatchObject({
        status: 'published',
        draftedBy: coordinator.email,
        publishedBy: secondCoordinator.email,
      });
      expect(await inbox()).toContain(s.id);
      const audit = await t.handle.db
        .selectFrom('audit_log')
        .select(['action', 'actor_user_id', 'detail'])
        .where('subject_id', '=', s.id)
        .orderBy('seq')
        .execute();
      expect(audit.map((a) => [a.action, a.actor_user_id])).toEqual([
        ['share.create', coordinator.id],
        ['share.publish', secondCoordinator.id],
      ]);
      expect(JSON.parse(audit[1]?.detail ?? '{}')).toMatchObject({
        draftedBy: coordinator.id,
        authors: [coordinator.id],
      });
    });

    it('an edit after drafting makes its editor an author, and takes a published advisory back', async () => {
      const s = await draft(gov.analyst);
      const published = (await publish(coordinator, s)).json() as Share;
      expect(published.status).toBe('published');
      const edited = await t.request(coordinator, {
        method: 'PATCH',
        url: `/api/v1/shares/${s.id}`,
        payload: { content: { title: '注意喚起: 定例 (改訂)', body: '改訂した注意喚起です。' } },
      });
      expect(edited.json()).toMatchObject({ status: 'awaiting-publication' });
      expect(await inbox()).not.toContain(s.id);
      const now = edited.json() as Share;
      expectProblem(await publish(coordinator, now), 403, 'shares.publisher_is_author');
      expectProblem(await publish(secondCoordinator, s), 409, 'shares.changed');
      const res = await publish(secondCoordinator, now);
      expect(res.statusCode, res.body).toBe(200);
      expect(await inbox()).toContain(s.id);
    });

    it('a stricter label goes out at once; withdrawing a draft sends nothing', async () => {
      expect((await draft(gov.analyst, 'TLP:AMBER')).status).toBe('published');
      const s = await draft(gov.analyst, 'TLP:CLEAR');
      expect(s.status).toBe('awaiting-publication');
      const withdrawn = await post(gov.analyst, `/api/v1/shares/${s.id}/withdraw`, {});
      expect(withdrawn.statusCode, withdrawn.body).toBe(200);
      expectProblem(await publish(secondCoordinator, s), 409, 'shares.withdrawn');
      expect(await inbox()).not.toContain(s.id);
    });

    it('refuses a bad publication request with a clear code', async () => {
      const s = await draft(gov.analyst);
      for (const payload of [{}, { revision: 0 }, { revision: 'x' }, { revision: 1, extra: true }]) {
        const res = await post(secondCoordinator, `/api/v1/shares/${s.id}/publish`, payload);
        expectProblem(res, 400, 'request.validation_failed');
      }
      expectProblem(await publish(secondCoordinator, { ...s, id: 'no-such-share' }), 404, 'shares.not_found');
    });
  });

  describe('standing consent (finding 3)', () => {
    let source: Awaited<ReturnType<TestApp['government']>>;
    let incident: string;
    let redIncident: string;

    beforeAll(async () => {
      source = await t.government();
      const aliases = await t.request(await t.user(gov.center, 'admin'), {
        method: 'PUT',
        url: `/api/v1/orgs/${source.ministry.slug}/aliases`,
        payload: { aliases: ['TESTMIN', '試験省'] },
      });
      expect(aliases.statusCode, aliases.body).toBe(200);
      incident = (
        await t.fileIncident(source.ministryReporter, {
          title: '定例の観測',
          summary: '職員端末が外部の不審なサーバと通信していたことを、週次のログ確認で発見した。',
          tlp: 'TLP:GREEN',
        })
      ).id;
      redIncident = (
        await t.fileIncident(source.ministryReporter, {
          title: '機微な事案',
          summary: '詳細は非公開。',
          tlp: 'TLP:RED',
        })
      ).id;
      const rule = await post(source.ministryOfficer, '/api/v1/standing-consents', {
        tlp: 'TLP:GREEN',
        audience: { kind: 'all' },
        scope: 'indicators-only',
        anonymised: true,
      });
      expect(rule.statusCode, rule.body).toBe(201);
    });

    const routine = async (content: Record<string, unknown>, sources = [incident]) => {
      const res = await post(gov.analyst, '/api/v1/shares', {
        sourceIncidentIds: sources,
        content: {
          title: '観測された通信先',
          body: INDICATORS_ONLY_BODY.ja,
          indicators: [{ type: 'domain-name', value: 'routine.example' }],
          ...content,
        },
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      });
      expect(res.statusCode, res.body).toBe(201);
      return res.json() as Share;
    };

    it('covers exactly an indicators-only share', async () => {
      expect(await routine({})).toMatchObject({ status: 'published', consents: [{ standing: true }] });
      expect(await routine({ body: `${INDICATORS_ONLY_BODY.ja}\n${INDICATORS_ONLY_BODY.en}` })).toMatchObject(
        {
          status: 'published',
        },
      );
    });

    it.each([
      [
        'the report quoted with zero-width characters',
        { body: obfuscate('職員端末が外部の不審なサーバと通信していたことを、週次のログ確認で発見した。') },
      ],
      [
        'the report quoted in the title, spaced out',
        { title: '職員端末が外部の　不審なサーバと　通信していた' },
      ],
      ['any narrative beyond the fixed sentence', { body: `${INDICATORS_ONLY_BODY.ja}外部の不審なサーバ。` }],
      [
        'an indicator description',
        { indicators: [{ type: 'domain-name', value: 'routine.example', description: 'C2' }] },
      ],
      ['a mitigation', { mitigations: ['遮断する'] }],
    ])('does not take %s as indicators only', async (_what, content) => {
      expect(await routine(content)).toMatchObject({
        status: 'awaiting-consent',
        consents: [{ standing: false }],
      });
    });

    it.each([
      ['its abbreviation', '試験省'],
      ['its Latin abbreviation, full width', 'ＴＥＳＴＭＩＮ'],
      ['its slug', 'SLUG'],
      ['its name with a double space', 'NAME_EN_DOUBLE'],
      ['its name with a zero-width character', 'NAME_JA_ZW'],
    ])('is not anonymous when the title names the body by %s', async (_what, how) => {
      const name =
        how === 'SLUG'
          ? source.ministry.slug
          : how === 'NAME_EN_DOUBLE'
            ? `${source.ministry.slug}  English`
            : how === 'NAME_JA_ZW'
              ? `${source.ministry.slug}\u200b 日本語`
              : how;
      expect(await routine({ title: `観測された通信先 (${name})` })).toMatchObject({
        status: 'awaiting-consent',
      });
    });

    it('never takes a TLP:RED report to every body at TLP:GREEN', async () => {
      expect(await routine({}, [redIncident])).toMatchObject({
        status: 'awaiting-consent',
        consents: [{ standing: false, status: 'pending' }],
      });
    });

    it('anonymises the body’s aliases and slug on the server', async () => {
      const res = await post(gov.analyst, '/api/v1/shares', {
        sourceIncidentIds: [incident],
        content: {
          title: 'TESTMIN の観測',
          body: `試験省と ${source.ministry.slug.toUpperCase()} から報告。`,
        },
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
        redact: { anonymiseSource: true },
      });
      expect(res.statusCode, res.body).toBe(201);
      const share = res.json() as Share;
      expect(share.title).toBe('a ministry の観測');
      expect(share.body).toBe('ある府省庁と a ministry から報告。');
    });

    it("removes, as internal addresses, the hosts under the source body's own domains", async () => {
      const admin = await t.user(gov.center, 'admin');
      const put = (who: TestUser, domains: unknown) =>
        t.request(who, {
          method: 'PUT',
          url: `/api/v1/orgs/${source.ministry.slug}/domains`,
          payload: { domains },
        });
      // Stored in one form: ASCII, lower case, no final dot, each once.
      const set = await put(admin, ['Test-Min.GO.JP.', 'ｔｅｓｔ－ｍｉｎ．ｇｏ．ｊｐ']);
      expect(set.statusCode, set.body).toBe(200);
      expect(set.json()).toMatchObject({ slug: source.ministry.slug, domains: ['test-min.go.jp'] });
      // A public suffix alone would make every government host internal; an address is not a domain.
      for (const [i, bad] of [
        'go.jp',
        'com',
        '10.0.0.1',
        'fs01..test-min.go.jp',
        '-x.go.jp',
        'a b.go.jp',
        '',
      ].entries()) {
        const res = await put(admin, ['ok.test-min.go.jp', bad]);
        if (bad === '') expectProblem(res, 400, 'request.validation_failed');
        else {
          expectProblem(res, 400, 'orgs.invalid_domain');
          expect(res.json().fields, `${i}: ${bad}`).toEqual(['domains.1']);
        }
      }
      // Only the center's administrators set them: not the body's own officer, nor the center's analysts.
      expectProblem(await put(source.ministryOfficer, ['evil.example']), 403, 'auth.forbidden');
      expectProblem(await put(gov.analyst, ['evil.example']), 403, 'auth.forbidden');
      const kept = await t.request(admin, { method: 'GET', url: '/api/v1/orgs' });
      expect(
        (kept.json().items as { slug: string; domains: string[] }[]).find(
          (o) => o.slug === source.ministry.slug,
        )?.domains,
      ).toEqual(['test-min.go.jp']);
      const audit = await t.handle.db
        .selectFrom('audit_log')
        .select(['detail'])
        .where('action', '=', 'org.set_domains')
        .execute();
      expect(audit.map((a) => JSON.parse(a.detail).after)).toEqual([['test-min.go.jp']]);

      const share = async (internalAddresses: boolean) => {
        const res = await post(gov.analyst, '/api/v1/shares', {
          sourceIncidentIds: [incident],
          content: {
            title: '内部サーバへの接続',
            body: '端末が FS01.test-min.go.jp と https://wiki[.]test-min[.]go[.]jp/x に接続し、evil.example.com へ送信した。',
          },
          audience: { kind: 'all' },
          tlp: 'TLP:GREEN',
          redact: { internalAddresses },
        });
        expect(res.statusCode, res.body).toBe(201);
        return res.json() as Share;
      };
      expect((await share(true)).body).toBe(
        `端末が ${REDACTION_MARK} と https://${REDACTION_MARK}/x に接続し、evil.example.com へ送信した。`,
      );
      expect((await share(false)).body).toContain('FS01.test-min.go.jp');
    });
  });
});
