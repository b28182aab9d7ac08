import { oneOf, type Setting } from '../../platform/config.js';
import { TAXONOMY_PROFILES } from './taxonomy.js';

/** How incidents are categorised and numbered in this deployment. */
export const incidentsSettings = {
  taxonomy: oneOf(
    'RENRAKU_TAXONOMY',
    TAXONOMY_PROFILES,
    'jp-government',
    'Incident categories offered to reporters: the Japanese government profile (ランサムウェア, 標的型攻撃（メール）, 不正アクセス…, each counted as its RSIT type in statistics and exports) or the RSIT taxonomy itself (EU/US deployments). Incidents filed under the other profile keep their category and its name.',
  ),
  incidentNumberPrefix: {
    env: 'RENRAKU_INCIDENT_NUMBER_PREFIX',
    doc: 'Prefix of incident numbers (e.g. NISC- gives NISC-2026-000123): up to 16 letters, digits or hyphens; empty for none.',
    default: undefined,
    parse: (raw: string) => {
      if (!/^[A-Za-z0-9-]{0,16}$/.test(raw))
        throw new Error('RENRAKU_INCIDENT_NUMBER_PREFIX must be up to 16 letters, digits or hyphens');
      return raw === '' ? undefined : raw;
    },
  } as Setting<string | undefined>,
} satisfies Record<string, Setting<unknown>>;
