import { annualSettings } from './features/annual/annual.config.js';
import { attachmentsSettings } from './features/attachments/attachments.config.js';
import { changesSettings } from './features/changes/changes.config.js';
import { deadlinesSettings } from './features/deadlines/deadlines.config.js';
import { incidentsSettings } from './features/incidents/incidents.config.js';
import { checkRouting, routingSettings } from './features/incidents/routing.config.js';
import { indicatorsSettings } from './features/indicators/indicators.config.js';
import { noticesSettings } from './features/notices/notices.config.js';
import { notificationsSettings } from './features/notifications/notifications.config.js';
import { policiesSettings } from './features/policies/policies.config.js';
import { sharingSettings } from './features/sharing/sharing.config.js';
import { situationsSettings } from './features/situations/situations.config.js';
import { ssoSettings } from './features/sso/sso.config.js';
import { taxiiSettings } from './features/taxii/taxii.config.js';
import { loginThrottleSettings, sessionsSettings } from './features/users/sessions.config.js';
import { usersSettings } from './features/users/users.config.js';
import { type Config, platformSettings, readConfig, type SettingsOf } from './platform/config.js';
import { liveStreamSettings } from './platform/events/live-stream.config.js';

/**
 * The whole configuration, assembled at the edge: the platform's `Config` (its own settings) is extended here with
 * each feature's settings slice, so that every part reads one `Config` while the platform imports no feature.
 */
declare module './platform/config.js' {
  interface Config
    extends SettingsOf<typeof annualSettings>,
      SettingsOf<typeof attachmentsSettings>,
      SettingsOf<typeof changesSettings>,
      SettingsOf<typeof deadlinesSettings>,
      SettingsOf<typeof incidentsSettings>,
      SettingsOf<typeof indicatorsSettings>,
      SettingsOf<typeof noticesSettings>,
      SettingsOf<typeof notificationsSettings>,
      SettingsOf<typeof policiesSettings>,
      SettingsOf<typeof sharingSettings>,
      SettingsOf<typeof situationsSettings>,
      SettingsOf<typeof ssoSettings>,
      SettingsOf<typeof taxiiSettings>,
      SettingsOf<typeof usersSettings>,
      SettingsOf<typeof routingSettings>,
      SettingsOf<typeof sessionsSettings>,
      SettingsOf<typeof loginThrottleSettings>,
      SettingsOf<typeof liveStreamSettings> {}
}

/** Every setting Renraku reads, the platform's and each feature's; the README table lists them all. */
export const settings = {
  ...platformSettings,
  ...annualSettings,
  ...attachmentsSettings,
  ...changesSettings,
  ...deadlinesSettings,
  ...incidentsSettings,
  ...indicatorsSettings,
  ...noticesSettings,
  ...notificationsSettings,
  ...policiesSettings,
  ...sharingSettings,
  ...situationsSettings,
  ...ssoSettings,
  ...taxiiSettings,
  ...usersSettings,
  ...routingSettings,
  ...sessionsSettings,
  ...loginThrottleSettings,
  ...liveStreamSettings,
};

/**
 * Reads the configuration once, from the given environment, and checks the slices whose settings bound each other;
 * throws a clear message, naming the variable, on a bad value.
 */
export const loadConfig = (
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config => readConfig(settings, env, overrides, [checkRouting]);
