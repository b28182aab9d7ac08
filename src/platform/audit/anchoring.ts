import { sql } from 'kysely';
import type { Clock } from '../clock.js';
import { auditAnchorDirOf, auditSigningKeyPath, type Config } from '../config.js';
import type { DatabaseHandle } from '../db/database.js';
import { isUniqueViolation } from '../db/errors.js';
import { inTransaction } from '../db/transaction.js';
import type { Outbox } from '../outbox/outbox.js';
import { anchorFileIn, publicKeyFileIn, readAnchorLines } from './anchor.file.js';
import {
  type Anchor,
  digestRow,
  encodePublicKey,
  lineHash,
  nextSignerOf,
  parseAnchor,
  signAnchor,
  signatureHolds,
  ZERO_HASH,
} from './anchor.format.js';
import {
  completeRotation,
  knownKeys,
  loadOrCreateSigningKey,
  publishPublicKey,
  type SigningKey,
  stagedNextKey,
  trustedMap,
} from './anchor.keys.js';
import { mirrorAnchors } from './anchor.mirror.js';
import { type AnchorRecipients, sendAnchor } from './anchor.outbox.js';
import { anchorsRepository } from './anchor.repository.js';
import { rotateAnnounced, rotateUnannounced } from './anchor.rotation.js';
import type { AuditLog } from './audit.js';
import type { AuditSealer } from './audit.sealer.js';
import { type VerifyResult, verifyAuditLog } from './audit.verify.js';

/** When and where the audit chain is anchored (RENRAKU_AUDIT_ANCHOR_*, RENRAKU_AUDIT_SIGNING_KEY_FILE). */
export interface AnchorSettings extends AnchorRecipients {
  everyRows: number;
  everyMinutes: number;
  /** Folder of the anchor file and the public key; undefined when anchors go to no file. */
  dir: string | undefined;
  signingKeyFile: string;
  /** How long an audit row may stay unsealed before verify fails (PostgreSQL). */
  unsealedMaxSeconds: number;
}

export const anchorSettingsOf = (config: Config): AnchorSettings => ({
  everyRows: config.auditAnchorRows,
  everyMinutes: config.auditAnchorMinutes,
  dir: auditAnchorDirOf(config),
  signingKeyFile: auditSigningKeyPath(config),
  unsealedMaxSeconds: config.auditUnsealedMaxSeconds,
  emails: config.auditAnchorEmails ?? [],
  webhook: config.auditAnchorWebhook
    ? { url: config.auditAnchorWebhook, secret: config.auditAnchorWebhookSecret ?? '' }
    : undefined,
});

export type AnchorOutcome =
  | { anchor: Anchor }
  | { anchor: null; reason: 'not-due' | 'raced' | 'refused'; detail?: string };

export interface AnchorLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface Anchoring {
  /** Signs a checkpoint of the chain when one is due (`force`: when any row was added), sends it, files it. */
  anchorIfDue(options?: { force?: boolean }): Promise<AnchorOutcome>;
  /** Appends to the anchor file what the database holds and the file lacks (after a crash); returns how many. */
  mirror(): Promise<number>;
  /**
   * Replaces the signing key: the last anchor signed with the old key announces the new one. With `oldKeyLost`
   * the new key signs at once, unannounced: auditors must then be given its public key.
   */
  rotateKey(options?: { oldKeyLost?: boolean }): Promise<Anchor | null>;
  /** The signing key, created on first use. */
  signingKey(): SigningKey;
  /** The whole check as this server sees it: its key, its anchor file, the keys it knows. */
  verify(): Promise<VerifyResult>;
  /** Anchors in the background: every `intervalMs` when due, and as soon as enough rows were committed. */
  start(options: { intervalMs: number; log?: AnchorLog }): void;
  stop(): Promise<void>;
}

const ANCHOR_LOCK = 72_061_015;
const PAGE = 5000;
const silent: AnchorLog = { warn() {}, error() {} };

class Refusal extends Error {}

/**
 * Anchoring of the audit chain. Any node may anchor; the database orders the anchors (numbers without gaps,
 * each taken under a lock and checked against the newest one), so several nodes never write two for one
 * place. The anchor leaves in the same transaction through the outbox, and reaches the file after the commit,
 * from the database: a node that dies in between leaves it to the next pass of any node.
 */
export function createAnchoring(deps: {
  handle: DatabaseHandle;
  clock: Clock;
  audit: AuditLog;
  /** Anchors cover sealed rows only: what is committed is sealed first, when this process may seal. */
  sealer: AuditSealer;
  outbox: Outbox;
  settings: AnchorSettings;
}): Anchoring {
  const { handle, clock, audit, sealer, outbox, settings } = deps;
  const file = settings.dir ? anchorFileIn(settings.dir) : undefined;
  const publicFile = settings.dir ? publicKeyFileIn(settings.dir) : undefined;
  let log = silent;
  let lastProblem = '';
  let anchoredThrough = 0;

  // One anchoring or mirroring at a time in this process; other processes are kept apart by the database.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  function signingKey(): SigningKey {
    const key = loadOrCreateSigningKey(settings.signingKeyFile);
    if (publicFile) publishPublicKey(publicFile, key.publicKey);
    return key;
  }

  /** A problem that stops anchoring, told once (the background pass would repeat it every few seconds). */
  function refuse(problem: string): AnchorOutcome {
    if (problem !== lastProblem) log.error({ problem }, 'audit anchoring stopped');
    lastProblem = problem;
    return { anchor: null, reason: 'refused', detail: problem };
  }

  async function newestAnchor(): Promise<Anchor | undefined> {
    const row = await anchorsRepository.last(handle.db);
    if (!row) return undefined;
    const a = parseAnchor(row.line);
    if (!a || a.n !== row.n) throw new Refusal(`anchor #${row.n} in the database is not a valid anchor`);
    return a;
  }

  async function due(last: Anchor | undefined, headSeq: number): Promise<boolean> {
    const from = last?.seq ?? 0;
    if (headSeq <= from) return false;
    if (headSeq - from >= settings.everyRows) return true;
    const first = await anchorsRepository.firstAfter(handle.db, from);
    if (!first) return false;
    const age = clock.now().getTime() - Date.parse(first.at);
    // A clock set back makes the age negative: anchor now rather than wait for the clock to catch up.
    return age < 0 || age >= settings.everyMinutes * 60_000;
  }

  /** The keyless digest through `through`, checking every row's link and HMAC after the last anchor. */
  async function digestThrough(last: Anchor | undefined, through: number): Promise<string> {
    let prevHash = last?.hash ?? ZERO_HASH;
    let digest = last?.digest ?? ZERO_HASH;
    let after = last?.seq ?? 0;
    while (after < through) {
      const page = await anchorsRepository.rows(handle.db, after, through, PAGE);
      for (const row of page) {
        const broken =
          row.seq !== after + 1 || row.prev_hash !== prevHash || row.hash !== audit.hashOf(prevHash, row);
        if (broken)
          throw new Refusal(
            `the audit chain is broken at row ${Math.min(row.seq, after + 1)}: nothing is anchored over it; run renraku audit verify`,
          );
        digest = digestRow(digest, row);
        prevHash = row.hash;
        after = row.seq;
      }
      if (page.length === 0)
        throw new Refusal(
          `rows ${after + 1}..${through} of the audit log are missing: run renraku audit verify`,
        );
    }
    return digest;
  }

  async function anchorOnce(options: {
    force?: boolean;
    /** Even over the rows of the last anchor (a key rotation must be announced now). */
    always?: boolean;
    nextKey?: SigningKey;
    acceptNewKey?: boolean;
  }): Promise<AnchorOutcome> {
    try {
      let key = signingKey();
      await sealer.sealNow();
      const last = await newestAnchor();
      const head = await anchorsRepository.head(handle.db);
      if (last && (head?.seq ?? 0) < last.seq)
        throw new Refusal(
          `the audit log ends at row ${head?.seq ?? 0}, before anchor #${last.n} (row ${last.seq}): rows were deleted; run renraku audit verify`,
        );
      // Every pass looks at the newest anchored row: a tail cut and written again is seen within seconds.
      if (last && (await anchorsRepository.hashAt(handle.db, last.seq)) !== last.hash)
        throw new Refusal(
          `row ${last.seq}, covered by anchor #${last.n}, was changed or deleted: run renraku audit verify`,
        );
      if (last) anchoredThrough = last.seq;
      const fresh = head !== undefined && head.seq > (last?.seq ?? 0);
      const wanted = options.always || (fresh && (options.force || (await due(last, head.seq))));
      if (!head || !wanted) return { anchor: null, reason: 'not-due' };
      const expected = last ? nextSignerOf(last) : undefined;
      // A rotation that announced its key and stopped before putting it in place (a crash) is completed.
      if (expected && expected !== key.id && stagedNextKey(settings.signingKeyFile)?.id === expected) {
        completeRotation(settings.signingKeyFile);
        key = signingKey();
      }
      if (expected && expected !== key.id && !options.acceptNewKey)
        throw new Refusal(
          `this node's audit signing key ${key.id} is not ${expected}, which anchor #${last?.n} expects: give every node the same RENRAKU_AUDIT_SIGNING_KEY_FILE, or rotate it with renraku audit rotate-signing-key`,
        );
      if (last && last.key === key.id && !signatureHolds(last, key.publicKey))
        throw new Refusal(`anchor #${last.n} in the database does not hold its signature`);
      const digest = await digestThrough(last, head.seq);
      const now = clock.now();
      const anchor = signAnchor(
        {
          v: 1,
          n: (last?.n ?? 0) + 1,
          seq: head.seq,
          hash: head.hash,
          digest,
          at: now.toISOString(),
          prev: last ? lineHash(last.line) : ZERO_HASH,
          key: key.id,
          ...(options.nextKey ? { nextKey: encodePublicKey(options.nextKey.publicKey) } : {}),
        },
        key.privateKey,
      );
      const written = await inTransaction(handle, async (unit) => {
        if (unit.dialect === 'postgres')
          await sql`select pg_advisory_xact_lock(${ANCHOR_LOCK})`.execute(unit.tx);
        // Another node anchored since this one looked: its anchor stands, this one is dropped.
        if (((await anchorsRepository.last(unit.tx))?.n ?? 0) !== (last?.n ?? 0)) return false;
        await anchorsRepository.insert(unit.tx, {
          n: anchor.n,
          audit_seq: anchor.seq,
          hash: anchor.hash,
          at: anchor.at,
          key_id: anchor.key,
          line: anchor.line,
        });
        await sendAnchor(unit, outbox, anchor, settings, now);
        return true;
      }).catch((e: unknown) => {
        // Another process took the number first, or (SQLite) wrote while this one read: it anchors instead.
        if (isUniqueViolation(e) || /^SQLITE_BUSY/.test(String((e as { code?: unknown }).code))) return false;
        throw e;
      });
      if (!written) return { anchor: null, reason: 'raced' };
      anchoredThrough = anchor.seq;
      lastProblem = '';
      await mirrorOnce();
      return { anchor };
    } catch (e) {
      if (e instanceof Refusal) return refuse(e.message);
      throw e;
    }
  }

  const mirrorOnce = async (): Promise<number> => {
    if (!file) return 0;
    const outcome = await mirrorAnchors(handle, file, trustedMap(knownKeys(settings)));
    if (typeof outcome === 'string') {
      refuse(outcome);
      return 0;
    }
    return outcome;
  };

  let started = false;
  let timer: NodeJS.Timeout | undefined;
  let pending = false;
  function kick() {
    if (!started || pending) return;
    pending = true;
    void serial(async () => {
      pending = false;
      try {
        await anchorOnce({});
        await mirrorOnce();
      } catch (e) {
        log.error({ err: e }, 'audit anchoring failed');
      }
    });
  }

  return {
    anchorIfDue: (options = {}) => serial(() => anchorOnce(options)),
    mirror: () => serial(mirrorOnce),
    signingKey,
    rotateKey: (options = {}) =>
      serial(async () => {
        const file = settings.signingKeyFile;
        const anchor = options.oldKeyLost
          ? await rotateUnannounced(file, () => anchorOnce({ always: true, acceptNewKey: true }))
          : await rotateAnnounced(file, (nextKey) => anchorOnce({ always: true, nextKey }));
        signingKey();
        return anchor;
      }),
    verify: async () => {
      await sealer.sealNow();
      return verifyAuditLog({
        db: handle.db,
        hmac: audit.hashOf,
        // Named, not located: the answer goes to browsers, which need not learn the server's folders.
        file: file ? { label: 'the anchor file', lines: readAnchorLines(file) } : undefined,
        trustedKeys: knownKeys(settings),
        unsealed: { now: clock.now(), maxSeconds: settings.unsealedMaxSeconds },
      });
    },
    start(options) {
      if (started) return;
      started = true;
      if (options.log) log = options.log;
      try {
        signingKey();
      } catch (e) {
        log.error({ err: e }, 'the audit signing key could not be loaded or created');
      }
      audit.onCommitted((seq) => {
        if (seq - anchoredThrough >= settings.everyRows) kick();
      });
      timer = setInterval(kick, options.intervalMs);
      timer.unref();
      kick();
    },
    async stop() {
      started = false;
      clearInterval(timer);
      await queue;
    },
  };
}
