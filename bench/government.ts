import { createOrg } from '../src/features/orgs/orgs.usecases.js';
import { createToken, createUser } from '../src/features/users/users.usecases.js';
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
  const person = async (orgSlug: string, role: Role): Promise<string> => {
    const email = `${role}-${++people}@${orgSlug}.bench`;
    const user = await inTransaction(handle, (unit) =>
      createUser({ unit, actor: null, input: { org: orgSlug, role, email }, deps }),
    );
    const token = await inTransaction(handle, (unit) =>
      createToken({ unit, actor: null, userId: user.id, name: 'bench', deps }),
    );
    return token.secret;
  };
  return { org, person };
}

/**
 * Builds the bench's government: one center, ministries that do not review (so each agency report goes on to
 * the center at once), agencies under them, reporters spread over the agencies, security officers spread over
 * the ministries and analysts at the center.
 */
export async function buildGovernment(services: Services, shape: GovernmentShape): Promise<Government> {
  const { org, person } = peopleMaker(services);
  await org('center', 'center');
  const agencies: { slug: string; ministry: number }[] = [];
  for (let m = 0; m < shape.ministries; m++) {
    await org('ministry', `ministry-${m}`);
    for (let a = 0; a < shape.agenciesPerMinistry; a++) {
      const slug = `agency-${m}-${a}`;
      await org('agency', slug, `ministry-${m}`);
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
  return government;
}
