import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { changesOf } from '../../src/platform/db/changes.js';
import { otherServer } from '../support/another-process.js';
import { DIALECTS } from '../support/databases.js';
import { startTestApp, type TestApp, type TestOrg, type TestUser } from '../support/harness.js';

// Planning keeps the bodies' contacts and rules in memory (notifications.directory.ts). These tests change
// them after the copies were made — through the API, and on PostgreSQL from another server process on the
// same database — and check that the next report reaches whom the new structure and rules say.

describe.each(DIALECTS)('notification planning after contacts and rules change, on %s', (dialect) => {
  let t: TestApp;
  let center: TestOrg;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    center = await t.org('center');
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A ministry with a reporter, its officer and a duty officer (who is reached first). */
  async function ministry() {
    const org = await t.org('ministry');
    const reporter = await t.user(org, 'reporter');
    const officer = await t.user(org, 'security-officer');
    const duty = (
      await t.contact(org, { name: '当番', role: 'duty-officer', email: `duty@${org.slug}.example.jp` })
    ).contact;
    return { org, reporter, officer, duty };
  }

  /** The contacts of `org` that a new report by `reporter` reaches. */
  async function reached(reporter: TestUser, org: TestOrg, app = t.app): Promise<string[]> {
    const res = await app.inject({
      method: 'POST',
      url: '/api/v1/incidents',
      headers: reporter.headers,
      payload: t.quickReport(),
    });
    expect(res.statusCode, res.body).toBe(201);
    const rows = await t.handle.db
      .selectFrom('notifications')
      .select('contact_id')
      .where('incident_id', '=', (res.json() as { id: string }).id)
      .where('org_id', '=', org.id)
      .execute();
    return rows.map((r) => r.contact_id);
  }

  it('a contact added, moved first, changed and removed is reached (or not) at the next report', async () => {
    const m = await ministry();
    expect(await reached(m.reporter, m.org)).toEqual([m.duty.id]);
    const add = await t.request(m.officer, {
      method: 'POST',
      url: `/api/v1/orgs/${m.org.slug}/contacts`,
      payload: { name: '新当番', role: 'duty-officer', email: 'new@ministry.example.jp', order: 1 },
    });
    expect(add.statusCode, add.body).toBe(201);
    const added = (add.json() as { id: string }).id;
    expect(await reached(m.reporter, m.org)).toEqual([added]);
    const change = await t.request(m.officer, {
      method: 'PATCH',
      url: `/api/v1/orgs/${m.org.slug}/contacts/${added}`,
      payload: { role: 'csirt-lead' },
    });
    expect(change.statusCode, change.body).toBe(200);
    expect(await reached(m.reporter, m.org)).toEqual([m.duty.id]);
    for (const id of [added, m.duty.id]) {
      const gone = await t.request(m.officer, {
        method: 'DELETE',
        url: `/api/v1/orgs/${m.org.slug}/contacts/${id}`,
      });
      expect(gone.statusCode, gone.body).toBe(204);
    }
    expect(await reached(m.reporter, m.org)).toEqual([]);
  });

  it('a rule changed stops, then restarts, the notices of the next report', async () => {
    const m = await ministry();
    expect(await reached(m.reporter, m.org)).toEqual([m.duty.id]);
    const rules = (enabled: boolean) =>
      t.request(m.officer, {
        method: 'PUT',
        url: `/api/v1/orgs/${m.org.slug}/notification-rules`,
        payload: {
          rules: [
            {
              event: 'incident.reported',
              enabled,
              roles: ['duty-officer'],
              channels: ['email'],
              ackMinutes: 30,
            },
          ],
        },
      });
    expect((await rules(false)).statusCode).toBe(200);
    expect(await reached(m.reporter, m.org)).toEqual([]);
    expect((await rules(true)).statusCode).toBe(200);
    expect(await reached(m.reporter, m.org)).toEqual([m.duty.id]);
  });

  it('another server process on the database changes contacts and rules: this one reaches the new ones', async () => {
    const m = await ministry();
    // PostgreSQL: a second pool on the database, told by NOTIFY. SQLite: a second connection to the file (as
    // the CLI or a second server would write it), noticed by the file's data version.
    // What this process hears of the other's commits: on PostgreSQL a moment after them, on SQLite when it
    // next looks at its copies (during the next report).
    const other = await otherServer(t, dialect);
    try {
      expect(await reached(m.reporter, m.org)).toEqual([m.duty.id]);
      let news = other.heard('contacts');
      const add = await other.app.inject({
        method: 'POST',
        url: `/api/v1/orgs/${m.org.slug}/contacts`,
        headers: m.officer.headers,
        payload: { name: '新当番', role: 'duty-officer', email: 'new@ministry.example.jp', order: 1 },
      });
      expect(add.statusCode, add.body).toBe(201);
      await news;
      expect(await reached(m.reporter, m.org)).toEqual([(add.json() as { id: string }).id]);
      news = other.heard('notification-rules');
      const off = await other.app.inject({
        method: 'PUT',
        url: `/api/v1/orgs/${m.org.slug}/notification-rules`,
        headers: m.officer.headers,
        payload: {
          rules: [
            { event: 'incident.reported', enabled: false, roles: ['duty-officer'], channels: ['email'] },
          ],
        },
      });
      expect(off.statusCode, off.body).toBe(200);
      await news;
      expect(await reached(m.reporter, m.org)).toEqual([]);
    } finally {
      await other.close();
    }
  });

  // SQLite has no listener to lose: its own case is the second connection above.
  if (dialect === 'postgres')
    it('a process that does not hear the others keeps no copies', async () => {
      const m = await ministry();
      expect(await reached(m.reporter, m.org)).toEqual([m.duty.id]);
      // Stopped listening (as when its connection is lost): a change it cannot hear of is still seen.
      changesOf(t.handle).hearing(false);
      try {
        // Written behind the process's back, as another node would: nothing is heard here.
        await t.handle.db
          .updateTable('contacts')
          .set({ deleted_at: t.clock.now().toISOString() })
          .where('id', '=', m.duty.id)
          .execute();
        expect(await reached(m.reporter, m.org)).toEqual([]);
      } finally {
        changesOf(t.handle).hearing(true);
      }
    });

  it('the center, kept in the same copies, hears of what it receives', async () => {
    const c = await t.contact(center, {
      name: 'センター当番',
      role: 'duty-officer',
      email: 'c@center.example.jp',
    });
    const m = await ministry();
    expect(await reached(m.reporter, center)).toEqual([c.contact.id]);
  });
});
