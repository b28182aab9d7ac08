import { contactDepsOf, createContact } from '../src/features/contacts/contacts.usecases.js';
import { createOrg } from '../src/features/orgs/orgs.usecases.js';
import { createToken } from '../src/features/users/tokens.usecases.js';
import { createUser } from '../src/features/users/users.create.js';
import type { OrgKind, Role } from '../src/platform/access/roles.js';
import { inTransaction } from '../src/platform/db/transaction.js';
import type { Services } from '../src/services.js';

export interface GovernmentShape {
  ministries: number;
  agenciesPerMinistry: number;
  reporters: number;
  ministrySubscribers: number;
  centerSubscribers: number;
}

/** An API token and the ministry it belongs under (its own, or its agency's), -1 at the center. */
export interface Credential {
  token: string;
  ministry: number;
}

export interface Government {
  reporters: Credential[];
  ministrySubscribers: Credential[];
  centerSubscribers: Credential[];
  /** Phase p: a security officer of the first reporter's body, who approves and publishes its notices. */
  publicOfficer?: Credential;
}

/**
 * Makers of bodies and people through Renraku's own use-cases, each in its own transaction, as an
 * administrator would create them; `person` returns an API token of the new user.
 */
export function peopleMaker(services: Services) {
  const { handle, audit, clock } = services;
  const deps = { audit, clock };
  const org = (kind: OrgKind, slug: string, parent?: string) =>
    inTransaction(handle, (unit) =>
      createOrg({
        unit,
        actor: null,
        input: { kind, slug, nameJa: `${slug} 日本語`, nameEn: `${slug} English`, parent },
        audit,
        clock,
      }),
    );
  let people = 0;
  const emails = new Map<string, string[]>();
  const person = async (orgSlug: string, role: Role): Promise<string> => {
    const email = `${role}-${++people}@${orgSlug}.bench`;
    const user = await inTransaction(handle, (unit) =>
      createUser({ unit, actor: null, input: { org: orgSlug, role, email }, deps }),
    );
    emails.set(`${orgSlug}:${role}`, [...(emails.get(`${orgSlug}:${role}`) ?? []), email]);
    const token = await inTransaction(handle, (unit) =>
      createToken({ unit, actor: null, userId: user.id, name: 'bench', deps }),
    );
    return token.secret;
  };
  /** The addresses of the people made so far at a body in a role. */
  const emailsOf = (orgSlug: string, role: Role) => emails.get(`${orgSlug}:${role}`) ?? [];
  return { org, person, emailsOf };
}

/**
 * A body's contact structure as the demo gives every body (src/features/demo/demo.usecases.ts), with the
 * default notification rules: its duty officer around the clock — its first security officer's account where
 * it has one, so that in-app notices reach a person as in the demo — then its CSIRT lead in business hours.
 */
async function addDemoContacts(services: Services, slug: string, dutyEmail: string) {
  const deps = contactDepsOf(services);
  const contacts = [
    { name: `当番 (${slug})`, role: 'duty-officer', email: dutyEmail, availability: '24/7' },
    {
      name: `CSIRT責任者 (${slug})`,
      role: 'csirt-lead',
      email: `csirt-lead@${slug}.bench`,
      availability: 'business-hours',
    },
  ] as const;
  await inTransaction(services.handle, async (unit) => {
    for (const input of contacts) await createContact({ unit, actor: null, slug, input, deps });
  });
}

/**
 * Builds the bench's government: one center, ministries that do not review (so each agency report goes on to
 * the center at once), agencies under them, reporters spread over the agencies, security officers spread over
 * the ministries and analysts at the center.
 */
export async function buildGovernment(
  services: Services,
  shape: GovernmentShape,
  options: { publicOfficer?: boolean } = {},
): Promise<Government> {
  const { org, person, emailsOf } = peopleMaker(services);
  await org('center', 'center');
  const bodies = ['center'];
  const agencies: { slug: string; ministry: number }[] = [];
  for (let m = 0; m < shape.ministries; m++) {
    await org('ministry', `ministry-${m}`);
    bodies.push(`ministry-${m}`);
    for (let a = 0; a < shape.agenciesPerMinistry; a++) {
      const slug = `agency-${m}-${a}`;
      await org('agency', slug, `ministry-${m}`);
      bodies.push(slug);
      agencies.push({ slug, ministry: m });
    }
  }

  const government: Government = { reporters: [], ministrySubscribers: [], centerSubscribers: [] };
  for (let i = 0; i < shape.reporters; i++) {
    const agency = agencies[i % agencies.length] as (typeof agencies)[number];
    government.reporters.push({ token: await person(agency.slug, 'reporter'), ministry: agency.ministry });
  }
  for (let i = 0; i < shape.ministrySubscribers; i++) {
    const ministry = i % shape.ministries;
    government.ministrySubscribers.push({
      token: await person(`ministry-${ministry}`, 'security-officer'),
      ministry,
    });
  }
  for (let i = 0; i < shape.centerSubscribers; i++)
    government.centerSubscribers.push({ token: await person('center', 'center-analyst'), ministry: -1 });
  const first = agencies[0];
  if (options.publicOfficer && first)
    government.publicOfficer = {
      token: await person(first.slug, 'security-officer'),
      ministry: first.ministry,
    };
  // Every report then plans its notifications as in production: each body among its readers is told.
  for (const slug of bodies)
    await addDemoContacts(
      services,
      slug,
      emailsOf(slug, 'security-officer')[0] ?? `duty-officer@${slug}.bench`,
    );
  return government;
}
