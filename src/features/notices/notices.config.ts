import { integer, type Setting } from '../../platform/config.js';

/** How long a body has to decide whether to explain an attack to the public. */
export const noticesSettings = {
  publicDecisionDays: integer(
    'RENRAKU_PUBLIC_DECISION_DAYS',
    7,
    'Days a body has, from the opening of an incident’s accountability track, to decide whether to explain the attack to the public (publish or not needed).',
    1,
    365,
  ),
  publicDecisionReminderHours: integer(
    'RENRAKU_PUBLIC_DECISION_REMINDER_HOURS',
    24,
    'Hours before a public-explanation decision is due when its body is reminded (0: no reminder; the overdue escalation is always sent).',
    0,
    720,
  ),
} satisfies Record<string, Setting<unknown>>;
