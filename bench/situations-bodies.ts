// Phases r and q, server side: the government of the situation bench, created in the server process through
// Renraku's own use-cases. Every body (ministries and their agencies) has one security officer, who is also its
// duty officer (a 24/7 contact with the officer's address, so that notices reach them by e-mail and in the web
// app). The bodies, people and contacts are written fifty bodies to a transaction: one disk sync per fifty
// bodies rather than five per body keeps the set-up short.
import { contactDepsOf, createContact } from '../src/features/contacts/contacts.usecases.js';
import { createOrg } from '../src/features/orgs/orgs.usecases.js';
import { createToken } from '../src/features/users/tokens.usecases.js';
import { createUser } from '../src/features/users/users.create.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import type { Services } from '../src/services.js';
import { peopleMaker } from './government.js';

/** The shape of the situation bench's government. */
export interface SituationShape {
  /** Bodies in scope: the ministries and their agencies (the center is not in scope). */
  bodies: number;
  ministries: number;
  /** Center users whose live streams are boards in phase q. */
  centerBoards: number;
}

/** One body in scope: its security officer's API token and address (its duty officer). */
export interface SituationBody {
  orgId: string;
  slug: string;
  kind: 'ministry' | 'agency';
  /** Index of its ministry (its own for a ministry). */
  ministry: number;
  token: string;
  email: string;
}

/** API tokens of the situation bench's people. */
export interface SituationBodies {
  /** Declares the situation (center coordinator). */
  coordinator: string;
  /** One center analyst per board. */
  centerBoards: string[];
  /** Every body in scope, ministries first; ministry m is bodies[m]. */
  bodies: SituationBody[];
}

const PER_TRANSACTION = 50;

/** `ministries` ministries, each with its share of the other `bodies - ministries` agencies, and the center. */
export async function buildSituationBodies(
  services: Services,
  shape: SituationShape,
): Promise<SituationBodies> {
  const { handle, audit, clock } = services;
  const { org, person } = peopleMaker(services);
  const deps = { audit, clock };
  const contactDeps = contactDepsOf(services);
  await org('center', 'center');
  const plan: { slug: string; kind: 'ministry' | 'agency'; ministry: number }[] = [];
  for (let m = 0; m < shape.ministries; m++)
    plan.push({ slug: `ministry-${m}`, kind: 'ministry', ministry: m });
  for (let i = 0; i < shape.bodies - shape.ministries; i++) {
    const ministry = i % shape.ministries;
    plan.push({ slug: `agency-${ministry}-${Math.floor(i / shape.ministries)}`, kind: 'agency', ministry });
  }
  const bodies: SituationBody[] = [];
  for (let start = 0; start < plan.length; start += PER_TRANSACTION) {
    await inTransaction(handle, async (unit) => {
      for (const p of plan.slice(start, start + PER_TRANSACTION)) {
        const parent = p.kind === 'agency' ? `ministry-${p.ministry}` : undefined;
        const input = { kind: p.kind, slug: p.slug, nameJa: `${p.slug} 日本語`, nameEn: `${p.slug} English` };
        const made = await createOrg({ unit, actor: null, input: { ...input, parent }, audit, clock });
        const email = `duty@${p.slug}.bench`;
        const user = await createUser({
          unit,
          actor: null,
          input: { org: p.slug, role: 'security-officer', email },
          deps,
        });
        const token = await createToken({ unit, actor: null, userId: user.id, name: 'bench', deps });
        await createContact({
          unit,
          actor: null,
          slug: p.slug,
          input: { name: `当番 (${p.slug})`, role: 'duty-officer', email, availability: '24/7' },
          deps: contactDeps,
        });
        bodies.push({ ...p, orgId: made.id, token: token.secret, email });
      }
    });
  }
  const centerBoards: string[] = [];
  for (let i = 0; i < shape.centerBoards; i++) centerBoards.push(await person('center', 'center-analyst'));
  return { coordinator: await person('center', 'center-coordinator'), centerBoards, bodies };
}
