import { type Actor, actorOfPerson, type Role } from '../../platform/access/roles.js';
import { hashPassword } from '../../platform/auth/secrets.js';
import { inTransaction, type Unit } from '../../platform/db/transaction.js';
import type { Services } from '../../services.js';
import { type ContactDeps, createContact } from '../contacts/contacts.usecases.js';
import { fileQuickReport } from '../incidents/incidents.filing.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';
import { createOrg } from '../orgs/orgs.usecases.js';
import { createShare, publishShare } from '../sharing/sharing.usecases.js';
import { addUser, createUser } from '../users/users.create.js';
import { usersReads } from '../users/users.reads.js';
import {
  DEMO_PASSWORD,
  type DemoBody,
  demoAgencies,
  demoCenter,
  demoEmail,
  demoMinistries,
} from './government.js';

const CENTER_ROLES: Role[] = [
  'reporter',
  'security-officer',
  'center-analyst',
  'center-coordinator',
  'admin',
  'auditor',
];
const BODY_ROLES: Role[] = ['reporter', 'security-officer'];

/** Loads the demo government, only into an empty database. Returns false when there was data already. */
export async function loadDemo(services: Services): Promise<boolean> {
  const { handle, audit, clock } = services;
  if ((await orgsDirectory.count(handle.db)) > 0) return false;
  // One hash for every demo account: argon2id is slow on purpose, and these passwords are public anyway.
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  const contactDeps = services.contactDeps;
  // The demo government has been in service for a while: its people are not young accounts, whose consent
  // would be flagged on every share.
  const since = new Date(clock.now().getTime() - DEMO_SERVICE_DAYS * 86_400_000).toISOString();
  await inTransaction(handle, async (unit) => {
    const add = async (
      kind: 'center' | 'ministry' | 'agency',
      body: (typeof demoMinistries)[number],
      roles: Role[],
    ) => {
      await createOrg({ unit, actor: null, input: { kind, ...body }, audit, clock });
      for (const role of roles) {
        await createUser({
          unit,
          actor: null,
          input: {
            org: body.slug,
            role,
            email: demoEmail(role, body.slug),
            displayName: `${role} (${body.nameJa})`,
          },
          deps: services.userDeps,
          passwordHash,
          since,
        });
      }
      await addDemoContacts(unit, body, contactDeps);
    };
    await add('center', demoCenter, CENTER_ROLES);
    for (const m of demoMinistries) await add('ministry', m, BODY_ROLES);
    for (const a of demoAgencies) await add('agency', a, BODY_ROLES);
  });
  await fileDemoIncidents(services);
  await askDemoChange(services);
  return true;
}

const DEMO_SERVICE_DAYS = 90;

/**
 * A change waiting for a body's confirmation, as an administrator asks it: a reporter for MEXT, which MEXT's
 * security officer finds under 確認待ちの変更. The demo's own people are made by the loader (the host's path).
 */
async function askDemoChange(services: Services) {
  const admin = await actorFor(services, demoEmail('admin', demoCenter.slug));
  const deps = services.userDeps;
  await inTransaction(services.handle, (unit) =>
    addUser({
      unit,
      actor: admin,
      input: {
        org: 'mext',
        role: 'reporter',
        email: 'new-reporter@mext.demo.renraku.example',
        displayName: '文科 花子',
      },
      deps,
    }),
  );
}

/**
 * Every demo body's contact structure: its duty officer around the clock (the body's security officer account,
 * so that in-app notifications reach a demo login), then its CSIRT lead in business hours.
 */
async function addDemoContacts(unit: Unit, body: DemoBody, deps: ContactDeps) {
  const contacts = [
    {
      name: `当番 (${body.nameJa})`,
      role: 'duty-officer' as const,
      email: demoEmail('security-officer', body.slug),
      availability: '24/7' as const,
    },
    {
      name: `CSIRT責任者 (${body.nameJa})`,
      role: 'csirt-lead' as const,
      email: demoEmail('csirt-lead', body.slug),
      availability: 'business-hours' as const,
    },
  ];
  for (const input of contacts) await createContact({ unit, actor: null, slug: body.slug, input, deps });
}

async function actorFor(services: Services, email: string): Promise<Actor> {
  const db = services.handle.db;
  const id = await usersReads.idByEmail(db, email);
  const user = id ? await usersReads.byId(db, id) : undefined;
  const org = user ? await orgsDirectory.byId(db, user.orgId) : undefined;
  if (!user || !org) throw new Error(`no demo user ${email}`);
  return actorOfPerson(user, org);
}

async function fileDemoIncidents(services: Services) {
  const now = services.clock.now().getTime();
  const ago = (minutes: number) => new Date(now - minutes * 60_000).toISOString();
  const samples = [
    {
      email: demoEmail('reporter', 'ipa'),
      input: {
        title: '職員端末でランサムウェアの感染を検知',
        summary: 'EDRが職員端末1台で暗号化の挙動を検知。端末をネットワークから隔離済み。感染経路を調査中。',
        detectedAt: ago(40),
        category: 'malicious-code/infected-system',
        severity: 'high' as const,
        affectedSystems: ['職員用端末 (Windows 11)'],
      },
    },
    {
      email: demoEmail('reporter', 'mhlw'),
      input: {
        title: 'Phishing e-mails impersonating the ministry',
        summary: 'Citizens report e-mails that impersonate our benefits portal and ask for bank details.',
        detectedAt: ago(180),
        category: 'fraud/phishing',
        severity: 'medium' as const,
        tlp: 'TLP:GREEN' as const,
      },
    },
    {
      email: demoEmail('reporter', 'jaxa'),
      input: {
        title: 'VPN装置への不正アクセスの試み',
        summary: '外部からVPN装置に対する総当たり攻撃を観測。現時点で侵入の痕跡なし。',
        detectedAt: ago(25),
        category: 'intrusion-attempts/brute-force',
        severity: 'low' as const,
      },
    },
  ];
  const ids: string[] = [];
  for (const s of samples) {
    const actor = await actorFor(services, s.email);
    const { incident } = await inTransaction(services.handle, (unit) =>
      fileQuickReport({ unit, actor, input: s.input, deps: services.incidentDeps }),
    );
    ids.push(incident.id);
  }
  await shareDemo(services, ids[1] as string);
}

/**
 * Advisories of the center's own — one drafted by the analyst and published by the coordinator (four eyes),
 * one awaiting its second pair of eyes — and a share of the phishing report awaiting its ministry's consent.
 */
async function shareDemo(services: Services, phishingIncidentId: string) {
  const analyst = await actorFor(services, demoEmail('center-analyst', demoCenter.slug));
  const coordinator = await actorFor(services, demoEmail('center-coordinator', demoCenter.slug));
  const deps = services.sharingDeps;
  const vpn = await inTransaction(services.handle, (unit) =>
    createShare({
      unit,
      actor: analyst,
      deps,
      input: {
        sourceIncidentIds: [],
        content: {
          title: '注意喚起: VPN装置の脆弱性を悪用する攻撃',
          body: '複数の府省庁等でVPN装置への総当たり攻撃が観測されています。製造元の修正版を適用し、管理画面を外部に公開しないでください。',
          mitigations: [
            'VPN装置に製造元の修正版を適用する',
            '管理画面へのアクセスを内部ネットワークに限定する',
          ],
        },
        audience: { kind: 'all' },
        tlp: 'TLP:CLEAR',
      },
    }),
  );
  await inTransaction(services.handle, (unit) =>
    publishShare({ unit, actor: coordinator, id: vpn.id, revision: vpn.revision, deps }),
  );
  await inTransaction(services.handle, (unit) =>
    createShare({
      unit,
      actor: analyst,
      deps,
      input: {
        sourceIncidentIds: [],
        content: {
          title: '注意喚起: 年末年始の長期休暇に向けた対策',
          body: '長期休暇の前に、不要な外部公開サービスの停止と、緊急連絡体制の確認をお願いします。',
          mitigations: ['休暇中の緊急連絡先を確認する'],
        },
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
      },
    }),
  );
  await inTransaction(services.handle, (unit) =>
    createShare({
      unit,
      actor: analyst,
      deps,
      input: {
        sourceIncidentIds: [phishingIncidentId],
        content: {
          title: '給付金ポータルを装うフィッシングメール',
          body: '厚生労働省の給付金ポータルを装い、口座情報を求めるメールが国民に届いています。同種のメールに注意してください。',
          indicators: [{ type: 'domain-name', value: 'kyufukin-portal.example' }],
          mitigations: ['当該ドメインへの通信を遮断する'],
        },
        audience: { kind: 'all' },
        tlp: 'TLP:GREEN',
        redact: { anonymiseSource: true },
      },
    }),
  );
}
