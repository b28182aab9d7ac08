import { integer, oneOf, type Setting } from '../../platform/config.js';

/** Sharing's settings: who consents to a share, by when, and which consents are flagged. */
export const sharingSettings = {
  consentFrom: oneOf(
    'RENRAKU_CONSENT_FROM',
    ['ministry', 'agency', 'both'] as const,
    'ministry',
    "Who consents to sharing an agency's report: its supervising ministry (the seed's rule), the agency, or both.",
  ),
  consentDeadlineHours: integer(
    'RENRAKU_CONSENT_DEADLINE_HOURS',
    48,
    'Default time a body has to answer a consent request, in hours; on expiry nothing is shared.',
    1,
    24 * 30,
  ),
  consentReminderHours: integer(
    'RENRAKU_CONSENT_REMINDER_HOURS',
    12,
    'How long before its deadline an unanswered consent request is recalled to the body, in hours.',
    0,
  ),
  consentMinAccountAgeDays: integer(
    'RENRAKU_CONSENT_MIN_ACCOUNT_AGE_DAYS',
    7,
    'Consent given by an account, or a role, younger than this many days is flagged on the share (not refused); 0 flags none.',
    0,
    365,
  ),
} satisfies Record<string, Setting<unknown>>;
