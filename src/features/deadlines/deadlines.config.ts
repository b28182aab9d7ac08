import { integer, type Setting, type SettingsOf } from '../../platform/config.js';

/** The shipped deadline profiles' parameters an operator may change without the administration API. */
export const deadlinesSettings = {
  appiPreliminaryDays: integer(
    'RENRAKU_APPI_PRELIMINARY_DAYS',
    5,
    "Calendar days the shipped APPI profile gives for the preliminary report (速報, 'promptly': about 3 to 5 days).",
    1,
    60,
  ),
  deadlineReminderMinutes: integer(
    'RENRAKU_DEADLINE_REMINDER_MINUTES',
    60,
    'Minutes before a reporting clock runs out when its body is reminded (0: no reminder).',
    0,
    7 * 24 * 60,
  ),
} satisfies Record<string, Setting<unknown>>;

export type DeadlinesConfig = SettingsOf<typeof deadlinesSettings>;
