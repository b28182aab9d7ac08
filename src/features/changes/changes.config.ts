import { integer, oneOf, type Setting } from '../../platform/config.js';

/** Changes' settings: who confirms a change asked from outside a body, and how long it waits. */
export const changesSettings = {
  adminChangesConfirmedBy: oneOf(
    'RENRAKU_ADMIN_CHANGES_CONFIRMED_BY',
    ['body', 'second-admin'] as const,
    'body',
    "Who confirms an administrator's change to a body's people (roles) and anyone's change to a body's contacts from outside it: the body's own security officer, or a second administrator.",
  ),
  adminChangesFallback: oneOf(
    'RENRAKU_ADMIN_CHANGES_FALLBACK',
    ['second-admin', 'none'] as const,
    'second-admin',
    'Who confirms when the body has no active security officer besides the requester and the person concerned: a second administrator, or nobody (the change is then refused; the host operator uses the CLI).',
  ),
  adminChangesTtlHours: integer(
    'RENRAKU_ADMIN_CHANGES_TTL_HOURS',
    72,
    'How long a change waits for confirmation, in hours; then it expires and changes nothing.',
    1,
    24 * 30,
  ),
} satisfies Record<string, Setting<unknown>>;
