import type { KeyObject } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterEach, describe, expect, it } from 'vitest';
import { anchorFileIn, publicKeyFileIn, readAnchorLines } from '../../src/platform/audit/anchor.file.js';
import { parseAnchor, signatureHolds } from '../../src/platform/audit/anchor.format.js';
import { readPublicKeys, readSigningKey } from '../../src/platform/audit/anchor.keys.js';
import {
  type AnchorSettings,
  anchorSettingsOf,
  createAnchoring,
} from '../../src/platform/audit/anchoring.js';
import { createAuditLog } from '../../src/platform/audit/audit.js';
import { createAuditSealer } from '../../src/platform/audit/audit.sealer.js';
import { verifyAuditLog } from '../../src/platform/audit/audit.verify.js';
import type { Config } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/database.js';
import { inTransaction } from '../../src/platform/db/transaction.js';
import { createEmailSender } from '../../src/platform/outbox/email.sender.js';
import { createOutbox } from '../../src/platform/outbox/outbox.js';
import { createWebhookSender, signWebhook } from '../../src/platform/outbox/webhook.sender.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, TEST_AUDIT_KEY, type TestApp } from '../support/harness.js';
import { startSmtpReceiver, waitUntil } from '../support/smtp.js';

const ROWS = 5;
const pem = (key: KeyObject) => key.export({ type: 'spki', format: 'pem' }).toString();

describe.each(DIALECTS)('anchoring the audit chain on %s', (dialect) => {
  let t: TestApp;
  const closers: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
    await t?.close();
  });

  const start = async (config: Partial<Config> = {}) => {
    t = await startTestApp(dialect, { config: { auditAnchorRows: ROWS, auditAnchorMinutes: 10, ...config } });
    return t;
  };
  const settings = (): AnchorSettings => anchorSettingsOf(t.config);
  const anchorFile = () => anchorFileIn(settings().dir as string);
  const addRows = (n: number) =>
    inTransaction(t.handle, async (unit) => {
      for (let i = 0; i < n; i++)
        await t.services.audit.append(
          unit,
          {
            actorUserId: null,
            actorOrgId: null,
            action: 'test.row',
            subjectType: 'test',
            subjectId: String(i),
            detail: { i },
          },
          t.clock.now(),
        );
    });
  const anchorsInDb = () => t.handle.db.selectFrom('audit_anchors').selectAll().orderBy('n').execute();
  const verify = () => t.services.anchoring.verify();
  const publicKey = () => readSigningKey(settings().signingKeyFile)?.publicKey;

  /** An attacker with the HMAC key: one row changed, and every hash after it computed anew. */
  async function rewriteWithKey(seq: number) {
    const rows = await t.handle.db.selectFrom('audit_log').selectAll().orderBy('seq').execute();
    const hashOf = createAuditLog(TEST_AUDIT_KEY).hashOf;
    let prev = '0'.repeat(64);
    for (const row of rows) {
      const detail = row.seq === seq ? '{"rewritten":true}' : row.detail;
      const hash = hashOf(prev, { ...row, seq: row.seq as number, detail });
      await t.handle.db
        .updateTable('audit_log')
        .set({ detail, prev_hash: prev, hash })
        .where('seq', '=', row.seq)
        .execute();
      prev = hash;
    }
  }

  it('signs an anchor once enough rows were added, into the database and the append-only file', async () => {
    await start();
    await addRows(ROWS - 1);
    expect(await t.services.anchoring.anchorIfDue()).toMatchObject({ anchor: null, reason: 'not-due' });
    await addRows(1);
    const outcome = await t.services.anchoring.anchorIfDue();
    expect(outcome.anchor).toMatchObject({ n: 1, seq: ROWS, prev: '0'.repeat(64) });

    const [stored] = await anchorsInDb();
    expect(readAnchorLines(anchorFile())).toEqual([stored?.line]);
    const anchor = parseAnchor(stored?.line ?? '');
    const key = publicKey();
    if (!anchor || !key) throw new Error('expected an anchor and a key');
    expect(signatureHolds(anchor, key)).toBe(true);
    // The public key is published beside the anchors, for auditors.
    expect(readPublicKeys(publicKeyFileIn(settings().dir as string)).map(pem)).toEqual([pem(key)]);
    const head = await t.handle.db
      .selectFrom('audit_log')
      .select('hash')
      .where('seq', '=', ROWS)
      .executeTakeFirst();
    expect(anchor.hash).toBe(head?.hash);
    expect(await verify()).toMatchObject({
      ok: true,
      rows: ROWS,
      hmacChecked: true,
      anchor: { n: 1, seq: ROWS, at: t.clock.now().toISOString() },
      unanchoredRows: 0,
      warnings: [],
    });
    // Nothing new: no second anchor, even when asked.
    expect(await t.services.anchoring.anchorIfDue({ force: true })).toMatchObject({ anchor: null });
    expect(await anchorsInDb()).toHaveLength(1);
  });

  it('anchors a few rows once the oldest is old enough, and does not wait for a clock set back', async () => {
    await start();
    await addRows(2);
    t.clock.advance(9 * 60_000);
    expect((await t.services.anchoring.anchorIfDue()).anchor).toBeNull();
    t.clock.advance(60_000);
    expect((await t.services.anchoring.anchorIfDue()).anchor).toMatchObject({ n: 1, seq: 2 });

    await addRows(1);
    t.clock.advance(-3_600_000);
    // The row looks an hour in the future: anchored now rather than an hour and ten minutes late.
    expect((await t.services.anchoring.anchorIfDue()).anchor).toMatchObject({ n: 2, seq: 3 });
    expect(await verify()).toMatchObject({ ok: true, anchor: { n: 2, seq: 3 } });
  });

  it('detects a deleted tail that the chain alone cannot see', async () => {
    await start();
    await addRows(12);
    await t.services.anchoring.anchorIfDue();
    await t.handle.db.deleteFrom('audit_log').where('seq', '>=', 10).execute();
    expect(await t.services.audit.verify(t.handle.db)).toMatchObject({ ok: true, rows: 9 });
    const result = await verify();
    expect(result).toMatchObject({ ok: false, seq: 10, anchor: 1, rows: 9 });
    expect(result.ok || result.problem).toMatch(
      /ends at row 9, but anchor #1 of .* covers rows through 12: rows 10\.\.12 were deleted/,
    );
    // The anchorer notices it too, even once rows have been written in their place, and signs nothing over it.
    await addRows(ROWS + 3);
    expect(await t.services.anchoring.anchorIfDue()).toMatchObject({ anchor: null, reason: 'refused' });
  });

  it('detects an emptied table', async () => {
    await start();
    await addRows(ROWS);
    await t.services.anchoring.anchorIfDue();
    await t.handle.db.deleteFrom('audit_log').execute();
    expect(await t.services.audit.verify(t.handle.db)).toMatchObject({ ok: true, rows: 0 });
    const result = await verify();
    expect(result).toMatchObject({ ok: false, seq: 1, anchor: 1, rows: 0 });
    expect(result.ok || result.problem).toMatch(
      /the audit log is empty, but anchor #1 .* every row was deleted/,
    );
  });

  it('detects a chain rewritten by someone who holds the HMAC key', async () => {
    await start();
    await addRows(12);
    await t.services.anchoring.anchorIfDue();
    await rewriteWithKey(3);
    expect(await t.services.audit.verify(t.handle.db)).toMatchObject({ ok: true, rows: 12 });
    const result = await verify();
    expect(result).toMatchObject({ ok: false, seq: 12, anchor: 1 });
    expect(result.ok || result.problem).toMatch(
      /differs from anchor #1 .*: the chain was rewritten after it/,
    );
  });

  it('lets an auditor without any secret check the rows against the anchors', async () => {
    await start();
    await addRows(12);
    await t.services.anchoring.anchorIfDue();
    const auditor = () =>
      verifyAuditLog({
        db: t.handle.db,
        file: { label: 'anchors.jsonl', lines: readAnchorLines(anchorFile()), gaps: true },
        trustedKeys: [publicKey() as never],
      });
    expect(await auditor()).toMatchObject({ ok: true, hmacChecked: false, anchor: { n: 1, seq: 12 } });
    // A row changed, its hash left alone: only the key would see it in the chain; the anchor's digest does.
    await t.handle.db.updateTable('audit_log').set({ detail: '{"i":99}' }).where('seq', '=', 3).execute();
    const result = await auditor();
    expect(result).toMatchObject({ ok: false, seq: 12, anchor: 1 });
    expect(result.ok || result.problem).toMatch(
      /rows 1\.\.12 differ from anchor #1 .*: a row was changed after it/,
    );
    // With the key, the row itself is named.
    expect(await verify()).toMatchObject({ ok: false, seq: 3 });
  });

  it('refuses an anchor forged or changed in the database or in the file', async () => {
    await start();
    await addRows(ROWS);
    await t.services.anchoring.anchorIfDue();
    const [stored] = await anchorsInDb();
    const line = stored?.line ?? '';
    // An attacker moves the anchor back to before the rows it would delete: the signature no longer holds.
    const forged = line.replace(`"seq":${ROWS}`, '"seq":2');
    writeFileSync(anchorFile(), `${forged}\n`);
    expect(await verify()).toMatchObject({ ok: false, anchor: 1 });
    expect(((await verify()) as { problem: string }).problem).toMatch(/its signature does not hold/);
    writeFileSync(anchorFile(), `${line}\n`);
    await t.handle.db.updateTable('audit_anchors').set({ line: forged, audit_seq: 2 }).execute();
    expect(((await verify()) as { problem: string }).problem).toMatch(
      /anchor #1 \(the database\): its signature does not hold/,
    );
    // Without it, the file still holds the anchor that the database lost.
    await t.handle.db.deleteFrom('audit_anchors').execute();
    expect(((await verify()) as { problem: string }).problem).toMatch(
      /anchor #1 of the anchor file is missing from the database: its anchors were deleted/,
    );
  });

  it('catches a truncated anchor file with a copy of the anchors kept elsewhere (an auditor’s mailbox)', async () => {
    await start();
    for (let i = 0; i < 3; i++) {
      await addRows(ROWS);
      await t.services.anchoring.anchorIfDue();
    }
    const lines = readAnchorLines(anchorFile());
    expect(lines).toHaveLength(3);
    // Someone with the data folder and the database removes the newest anchor everywhere, and the rows after
    // the one before it.
    writeFileSync(anchorFile(), `${lines.slice(0, 2).join('\n')}\n`);
    await t.handle.db.deleteFrom('audit_anchors').where('n', '=', 3).execute();
    await t.handle.db
      .deleteFrom('audit_log')
      .where('seq', '>', 2 * ROWS)
      .execute();
    expect(await verify()).toMatchObject({ ok: true, anchor: { n: 2 } });
    // The copy mailed to the auditors still has anchor #3.
    const mailed = verifyAuditLog({
      db: t.handle.db,
      hmac: t.services.audit.hashOf,
      file: { label: 'mailed anchors', lines: [lines[2] as string], gaps: true },
      trustedKeys: [publicKey() as never],
    });
    expect(((await mailed) as { problem: string }).problem).toMatch(/anchor #3 of mailed anchors is missing/);
  });

  it('fills the file from the database after a crash between the commit and the append, once', async () => {
    await start();
    // A node without the file (it died before appending) anchors; the database has it, the file not yet.
    const crashed = createAnchoring({
      handle: t.handle,
      clock: t.clock,
      audit: t.services.audit,
      sealer: t.services.auditSealer,
      outbox: t.services.outbox,
      settings: { ...settings(), dir: undefined },
    });
    await addRows(ROWS);
    expect((await crashed.anchorIfDue()).anchor).toMatchObject({ n: 1 });
    await addRows(ROWS);
    expect((await crashed.anchorIfDue()).anchor).toMatchObject({ n: 2 });
    expect(readAnchorLines(anchorFile())).toEqual([]);
    expect(await verify()).toMatchObject({
      ok: true,
      warnings: [expect.stringMatching(/lacks anchors #1\.\.#2, which the database holds/)],
    });
    expect(await t.services.anchoring.mirror()).toBe(2);
    expect(await t.services.anchoring.mirror()).toBe(0);
    expect(readAnchorLines(anchorFile())).toEqual((await anchorsInDb()).map((a) => a.line));
    expect(await verify()).toMatchObject({ ok: true, warnings: [] });
  });

  it('two nodes anchoring at the same moments write one anchor per point, in order, each filed once', async () => {
    await start();
    // Another process: its own connections, its own outbox, the same database, key and anchor folder.
    const handle = openDatabase({
      databaseUrl: dialect === 'postgres' ? t.handle.url : undefined,
      dataDir: dirname(t.handle.url),
    });
    const otherAudit = createAuditLog(TEST_AUDIT_KEY);
    const otherSealer = createAuditSealer({ handle, audit: otherAudit, intervalMs: 200 });
    closers.push(async () => {
      await otherSealer.stop();
      await handle.destroy();
    });
    const other = createAnchoring({
      handle,
      clock: t.clock,
      audit: otherAudit,
      sealer: otherSealer,
      outbox: createOutbox({
        handle,
        clock: t.clock,
        senders: {
          email: createEmailSender({ smtpUrl: undefined, from: 'renraku@renraku.test' }),
          webhook: createWebhookSender({ clock: t.clock, allowLoopback: true }),
        },
      }),
      settings: settings(),
    });
    for (let round = 0; round < 6; round++) {
      await addRows(ROWS);
      const outcomes = await Promise.all([
        t.services.anchoring.anchorIfDue(),
        other.anchorIfDue(),
        other.anchorIfDue(),
      ]);
      expect(outcomes.filter((o) => o.anchor !== null)).toHaveLength(1);
    }
    const stored = await anchorsInDb();
    expect(stored.map((a) => a.n)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(readAnchorLines(anchorFile())).toEqual(stored.map((a) => a.line));
    expect(await verify()).toMatchObject({ ok: true, anchor: { n: 6, seq: 6 * ROWS } });
  });

  it('a node holding another signing key refuses to anchor rather than fork the anchors', async () => {
    await start();
    await addRows(ROWS);
    await t.services.anchoring.anchorIfDue();
    const stranger = createAnchoring({
      handle: t.handle,
      clock: t.clock,
      audit: t.services.audit,
      sealer: t.services.auditSealer,
      outbox: t.services.outbox,
      settings: { ...settings(), signingKeyFile: join(settings().dir as string, '..', 'other-node.key') },
    });
    await addRows(ROWS);
    const outcome = await stranger.anchorIfDue();
    expect(outcome).toMatchObject({ anchor: null, reason: 'refused' });
    expect(outcome.anchor === null && outcome.detail).toMatch(/is not [0-9a-f]{16}, which anchor #1 expects/);
    expect(await anchorsInDb()).toHaveLength(1);
  });

  it('rotates the signing key: the old key announces the new one, and an auditor who holds only the first still checks', async () => {
    await start();
    await addRows(ROWS);
    await t.services.anchoring.anchorIfDue();
    const first = publicKey();
    const rotation = await t.services.anchoring.rotateKey();
    expect(rotation).toMatchObject({ n: 2, seq: ROWS, key: (await anchorsInDb())[0]?.key_id });
    expect(rotation?.nextKey).toBeDefined();
    const second = publicKey();
    expect(second && pem(second)).not.toBe(first && pem(first));
    await addRows(ROWS);
    expect((await t.services.anchoring.anchorIfDue()).anchor).toMatchObject({ n: 3 });
    const auditor = (keys: unknown[]) =>
      verifyAuditLog({
        db: t.handle.db,
        file: { label: 'anchors', lines: readAnchorLines(anchorFile()) },
        trustedKeys: keys as never[],
      });
    expect(await auditor([first])).toMatchObject({
      ok: true,
      anchor: { n: 3 },
      warnings: [expect.any(String)],
    });
    expect(await verify()).toMatchObject({ ok: true, anchor: { n: 3 } });

    // A lost key: the new one signs unannounced, which an auditor accepts only with its public key in hand.
    await t.services.anchoring.rotateKey({ oldKeyLost: true });
    const third = publicKey();
    expect(((await auditor([first])) as { problem: string }).problem).toMatch(/anchor #4 .* not trusted/);
    const both = await auditor([first, third]);
    expect(both).toMatchObject({ ok: true, anchor: { n: 4 } });
    expect(both.ok && both.warnings.join(' ')).toMatch(
      /anchor #4 is signed by key .*which anchor #3 did not announce/,
    );
  });

  it("sends every anchor to the auditors' mailboxes and the webhook, through the outbox", async () => {
    const smtp = await startSmtpReceiver();
    closers.push(smtp.close);
    const calls: { body: string; signature: string; timestamp: string; delivery: string }[] = [];
    const receiver = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        calls.push({
          body: Buffer.concat(chunks).toString('utf8'),
          signature: String(req.headers['x-renraku-signature']),
          timestamp: String(req.headers['x-renraku-timestamp']),
          delivery: String(req.headers['x-renraku-delivery']),
        });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((resolve) => receiver.close(() => resolve())));
    const { port } = receiver.address() as AddressInfo;
    await start({
      smtpUrl: smtp.url,
      auditAnchorEmails: ['auditor-a@audit.test', 'Auditor-B@audit.test'],
      auditAnchorWebhook: `http://127.0.0.1:${port}/anchors`,
      auditAnchorWebhookSecret: 'anchor-hook-secret',
      webhookAllowLoopback: true,
    });
    await addRows(ROWS);
    const anchor = (await t.services.anchoring.anchorIfDue()).anchor;
    if (!anchor) throw new Error('expected an anchor');
    expect(await t.services.outbox.deliverDue()).toEqual({ sent: 3, retried: 0, failed: 0 });

    const mails = await Promise.all(smtp.receipts.map((r) => simpleParser(r.raw)));
    expect(smtp.receipts.flatMap((r) => r.to).sort()).toEqual([
      'Auditor-B@audit.test',
      'auditor-a@audit.test',
    ]);
    for (const mail of mails) {
      expect(mail.subject).toBe(`[Renraku] audit anchor #1 (rows 1..${ROWS})`);
      const line = (mail.text ?? '').split('\n').find((l) => l.startsWith('{'));
      expect(line).toBe(anchor.line);
      expect(signatureHolds(parseAnchor(line ?? '') as never, publicKey() as never)).toBe(true);
    }
    expect(calls).toHaveLength(1);
    expect(calls[0]?.body).toBe(anchor.line);
    expect(calls[0]?.delivery).toBe('audit-anchor-1');
    expect(calls[0]?.signature).toBe(
      signWebhook('anchor-hook-secret', calls[0]?.timestamp ?? '', anchor.line),
    );
    // Sent once: a second pass finds nothing due.
    expect(await t.services.outbox.deliverDue()).toEqual({ sent: 0, retried: 0, failed: 0 });
  });

  it('anchors in the background as soon as enough rows were committed', async () => {
    await start();
    t.services.anchoring.start({ intervalMs: 3_600_000 });
    await waitUntil(async () => (await t.count('audit_anchors')) === 0, 5000, 'the first pass');
    await addRows(ROWS);
    await waitUntil(async () => readAnchorLines(anchorFile()).length === 1, 10_000, 'the anchor in the file');
    expect(await anchorsInDb()).toMatchObject([{ n: 1, audit_seq: ROWS }]);
  });

  it('refuses to anchor over a chain that is already broken', async () => {
    await start();
    await addRows(ROWS);
    await t.handle.db.updateTable('audit_log').set({ action: 'test.forged' }).where('seq', '=', 2).execute();
    const outcome = await t.services.anchoring.anchorIfDue();
    expect(outcome).toMatchObject({ anchor: null, reason: 'refused' });
    expect(outcome.anchor === null && outcome.detail).toMatch(/broken at row 2/);
    expect(await anchorsInDb()).toEqual([]);
    expect(readFileSync(publicKeyFileIn(settings().dir as string), 'utf8')).toMatch(/BEGIN PUBLIC KEY/);
  });
});
