// Phase g, server side: a national government — 10,000 bodies (ministries and their agencies, and the center),
// 100,000 people, 10⁶ incidents of the year before now — built in the server process. Bodies and people go
// through Renraku's own use-cases (fifty bodies to a transaction, as phase r builds its thousand); the incidents
// through bench/seed.ts's direct inserts of what filing writes. Every body has a duty officer around the clock
// (its first security officer's address, so that notices reach a person by e-mail and in the web app), and the
// default rules: a report tells the agency, its ministry and the center.
import { performance } from 'node:perf_hooks';
import { contactDepsOf, createContact } from '../src/features/contacts/contacts.usecases.js';
import { createOrg } from '../src/features/orgs/orgs.usecases.js';
import { indexPendingReports } from '../src/features/sharing/sharing.fingerprints.js';
import { createToken } from '../src/features/users/tokens.usecases.js';
import { createUser } from '../src/features/users/users.create.js';
import type { OrgKind, Role } from '../src/platform/access/roles.js';
import { inTransaction, type Unit } from '../src/platform/db/transaction.js';
import type { Services } from '../src/services.js';
import { seedIncidents } from './seed.js';

export interface NationalShape {
  /** Bodies with the center. */
  bodies: number;
  ministries: number;
  /** People in all, spread evenly over the bodies. */
  users: number;
  incidents: number;
  /** Live streams watching the burst: a fifth at the center, the rest spread over the ministries. */
  streams: number;
  /** Quick reports of the burst: one agency each. */
  reports: number;
}

/** A credential with the ministry it belongs under (-1: the center) and, for a reporter, its duty addresses. */
export interface NationalCredential {
  token: string;
  ministry: number;
}

export interface NationalBodies {
  /** The burst's reporters, one per agency, each with the duty addresses its report is owed to. */
  reporters: (NationalCredential & { duty: string[] })[];
  watchers: NationalCredential[];
  bodies: number;
  users: number;
  incidents: number;
  buildSeconds: number;
  /** Seeding the incidents and indexing their reports for the sharing guard. */
  seedSeconds: number;
}

const PER_TRANSACTION = 50;

const dutyEmail = (slug: string) => `duty@${slug}.bench`;

/** Builds the national government of `shape` (see the file's head). */
export async function buildNationalBodies(services: Services, shape: NationalShape): Promise<NationalBodies> {
  const { handle, audit, clock } = services;
  const deps = { audit, clock };
  const contactDeps = contactDepsOf(services);
  const began = performance.now();
  const plan: { slug: string; kind: OrgKind; ministry: number }[] = [
    { slug: 'center', kind: 'center', ministry: -1 },
  ];
  for (let m = 0; m < shape.ministries; m++)
    plan.push({ slug: `ministry-${m}`, kind: 'ministry', ministry: m });
  const agencies = shape.bodies - 1 - shape.ministries;
  if (agencies < shape.reports) throw new Error('--national-reports must not exceed the agencies');
  // Agencies interleave the ministries: any run of them is spread over every ministry.
  for (let i = 0; i < agencies; i++) {
    const ministry = i % shape.ministries;
    plan.push({ slug: `agency-${ministry}-${Math.floor(i / shape.ministries)}`, kind: 'agency', ministry });
  }
  const perBody = Math.max(1, Math.floor(shape.users / shape.bodies));
  const centerWatchers = Math.round(shape.streams / 5);
  const ministryWatchers = shape.streams - centerWatchers;
  let users = 0;
  const person = async (unit: Unit, org: string, role: Role, email: string, token: boolean) => {
    const user = await createUser({ unit, actor: null, input: { org, role, email }, deps });
    users++;
    return token
      ? (await createToken({ unit, actor: null, userId: user.id, name: 'bench', deps })).secret
      : '';
  };
  const reporters: NationalBodies['reporters'] = [];
  const watchers: NationalCredential[] = [];
  let agencyIndex = 0;
  for (let start = 0; start < plan.length; start += PER_TRANSACTION) {
    await inTransaction(handle, async (unit) => {
      for (const p of plan.slice(start, start + PER_TRANSACTION)) {
        const parent = p.kind === 'agency' ? `ministry-${p.ministry}` : undefined;
        const input = { kind: p.kind, slug: p.slug, nameJa: `${p.slug} 日本語`, nameEn: `${p.slug} English` };
        await createOrg({ unit, actor: null, input: { ...input, parent }, audit, clock });
        // The first person is the body's security officer (at the center an analyst) and its duty officer.
        const first = p.kind === 'center' ? 'center-analyst' : 'security-officer';
        await person(unit, p.slug, first, dutyEmail(p.slug), false);
        await createContact({
          unit,
          actor: null,
          slug: p.slug,
          input: {
            name: `当番 (${p.slug})`,
            role: 'duty-officer',
            email: dutyEmail(p.slug),
            availability: '24/7',
          },
          deps: contactDeps,
        });
        let made = 1;
        if (p.kind === 'center')
          for (let w = 0; w < centerWatchers; w++, made++)
            watchers.push({
              token: await person(unit, p.slug, 'center-analyst', `watch-${w}@center.bench`, true),
              ministry: -1,
            });
        if (p.kind === 'ministry')
          for (let w = p.ministry; w < ministryWatchers; w += shape.ministries, made++)
            watchers.push({
              token: await person(unit, p.slug, 'security-officer', `watch-${w}@${p.slug}.bench`, true),
              ministry: p.ministry,
            });
        if (p.kind === 'agency' && agencyIndex++ < shape.reports) {
          reporters.push({
            token: await person(unit, p.slug, 'reporter', `burst@${p.slug}.bench`, true),
            ministry: p.ministry,
            duty: [dutyEmail(p.slug), dutyEmail(`ministry-${p.ministry}`), dutyEmail('center')],
          });
          made++;
        }
        // Everyone else: reporters (at the center, analysts), to make up the body's share of the people.
        for (; made < perBody; made++)
          await person(
            unit,
            p.slug,
            p.kind === 'center' ? 'center-analyst' : 'reporter',
            `person-${made}@${p.slug}.bench`,
            false,
          );
      }
    });
  }
  const buildSeconds = (performance.now() - began) / 1000;
  const seeding = performance.now();
  const seeded = await seedIncidents(handle, shape.incidents, clock.now());
  // Seeded reports were never indexed for the sharing guard, as filed ones are when they are filed: index them
  // now, or the server would spend the burst catching up on a million reports in the background.
  await indexPendingReports(handle);
  return {
    reporters,
    watchers,
    bodies: plan.length,
    users,
    incidents: seeded.incidents,
    buildSeconds,
    seedSeconds: (performance.now() - seeding) / 1000,
  };
}
