import type { WarninglistRow } from './warninglists.repository.js';

/** A list as the API shows it. */
export const presentWarninglist = (l: WarninglistRow, entryCount: number) => ({
  id: l.id,
  name: l.name,
  description: l.description,
  source: l.source,
  version: l.version,
  matchType: l.match_type,
  appliesTo: JSON.parse(l.applies_to) as string[],
  origin: l.origin,
  enabled: l.enabled === 1,
  revision: l.revision,
  entryCount,
  updatedAt: l.updated_at,
});
