import { integer, type Setting } from '../../platform/config.js';

const MIB = 1024 * 1024;

/** The policy clause register's settings. */
export const policiesSettings = {
  policyExcerptMaxBytes: integer(
    'RENRAKU_POLICY_EXCERPT_MAX_BYTES',
    10 * MIB,
    'Largest excerpt (a PDF) of a body’s security policy kept with a clause record, in bytes (larger uploads answer 413 policies.excerpt_too_large and store nothing).',
    1024,
    256 * MIB,
  ),
  policyRequestReminderDays: integer(
    'RENRAKU_POLICY_REQUEST_REMINDER_DAYS',
    3,
    'Days before a policy request’s due date when the bodies that have not answered are reminded (0: no reminder; the overdue escalation is always sent).',
    0,
    90,
  ),
} satisfies Record<string, Setting<unknown>>;
