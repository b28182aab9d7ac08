import { integer, type Setting } from '../../platform/config.js';

/** Notifications' settings: how long an alert waits for its acknowledgment before escalating. */
export const notificationsSettings = {
  escalationMinutes: integer(
    'RENRAKU_ESCALATION_MINUTES',
    15,
    'Minutes a contact has to acknowledge an alert before the next one in escalation order is reached (a rule may say otherwise).',
    1,
    7 * 24 * 60,
  ),
} satisfies Record<string, Setting<unknown>>;
