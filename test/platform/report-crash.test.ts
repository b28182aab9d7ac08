import { dirname } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { crashLoop } from '../support/crash.js';
import { DIALECTS, type TestDialect } from '../support/databases.js';
import { startTestApp } from '../support/harness.js';
import { startNode } from '../support/nodes.js';
import { startSmtpReceiver } from '../support/smtp.js';

// Nothing acknowledged is lost (issue 16): clients file quick reports at RATE a second, each with its own
// Idempotency-Key, while the server — the real one, src/server.ts with its workers and outbox, in a process of its
// own — is killed with SIGKILL at a random moment, KILLS times in a row on the same database. After each restart,
// every report answered 201 is there with its deliveries, readers, audit rows and live events; the requests that
// got no answer are sent again with their keys and each creates its report at most once; at the end the audit
// chain verifies and the outbox has sent everything it held (the loop and its checks: test/support/crash.ts,
// shared with the bench's phase k, which runs 20 kills on a PostgreSQL with fsync on). RENRAKU_CRASH_KILLS sets
// KILLS; the figures are printed.

const KILLS = Number(process.env.RENRAKU_CRASH_KILLS ?? 2);
const RATE = 200;

describe.each(DIALECTS)(
  'quick reports while the server is killed with SIGKILL on %s',
  (dialect: TestDialect) => {
    const cleanups: (() => Promise<unknown>)[] = [];
    afterAll(async () => {
      for (const c of cleanups.reverse()) await c();
    });

    it(`keeps every acknowledged report whole and creates a retried one once, across ${KILLS} kills`, {
      timeout: 120_000 + KILLS * 30_000,
    }, async () => {
      const t = await startTestApp(dialect, { start: new Date().toISOString() });
      cleanups.push(() => t.close());
      const smtp = await startSmtpReceiver();
      cleanups.push(() => smtp.close());
      const { agencyReporter } = await t.government();
      const center = await t.org('center');
      // Someone who is told of every report by e-mail: the outbox has mail to send when the server dies.
      await t.contact(center, {
        name: '当番',
        email: 'duty@center.test',
        role: 'duty-officer',
        availability: '24/7',
      });
      const { figures, problems, node } = await crashLoop({
        t,
        reporterToken: agencyReporter.token,
        kills: KILLS,
        rate: RATE,
        startNode: () =>
          startNode({
            cliPath: inject('cliPath'),
            databaseUrl: dialect === 'postgres' ? t.handle.url : undefined,
            dataDir: dialect === 'postgres' ? t.config.dataDir : dirname(t.handle.url),
            smtpUrl: smtp.url,
          }),
      });
      cleanups.push(() => node.stop());
      expect(problems).toEqual([]);
      expect(figures.kills).toBe(KILLS);
      expect(figures.acknowledged).toBeGreaterThan(0);
      expect(figures.found).toBe(figures.acknowledged);
      expect(figures.duplicates).toBe(0);
      console.log(`crash ${dialect}: ${JSON.stringify(figures)}`);
    });
  },
);
