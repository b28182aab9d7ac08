import type { Executor } from '../../platform/db/database.js';
import { orgsDirectory } from '../orgs/orgs.directory.js';

/** The bodies whose people a provider logs in: its own, and a ministry's agencies when it includes them. */
export async function providerBodies(
  db: Executor,
  provider: { org_id: string; include_agencies: number },
): Promise<string[]> {
  const agencies = provider.include_agencies ? await orgsDirectory.childIds(db, provider.org_id) : [];
  return [provider.org_id, ...agencies];
}
