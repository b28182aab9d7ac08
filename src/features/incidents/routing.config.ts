import { integer, type Setting, type SettingsOf } from '../../platform/config.js';

/** Routing's deadlines: the reporting target, a ministry's review window, how far ahead a detection may lie. */
export const routingSettings = {
  reportingTargetMinutes: integer(
    'RENRAKU_REPORTING_TARGET_MINUTES',
    60,
    'Reporting target: minutes from detection to the quick report (the center receipt is measured against it too).',
    1,
  ),
  reviewDeadlineMinutes: integer(
    'RENRAKU_REVIEW_DEADLINE_MINUTES',
    60,
    'Default time a ministry in review mode has before an agency report goes to the center by itself.',
    1,
  ),
  reviewDeadlineMaxMinutes: integer(
    'RENRAKU_REVIEW_DEADLINE_MAX_MINUTES',
    240,
    'Longest review deadline a ministry may set, in minutes.',
    1,
    7 * 24 * 60,
  ),
  clockSkewSeconds: integer(
    'RENRAKU_CLOCK_SKEW_SECONDS',
    300,
    'How far in the future a detection time may lie before it is refused (clock drift of reporters).',
  ),
} satisfies Record<string, Setting<unknown>>;

export type RoutingConfig = SettingsOf<typeof routingSettings>;

/** The default review deadline must be one a ministry could set itself. */
export function checkRouting(config: RoutingConfig): void {
  if (config.reviewDeadlineMinutes > config.reviewDeadlineMaxMinutes)
    throw new Error('RENRAKU_REVIEW_DEADLINE_MINUTES must not exceed RENRAKU_REVIEW_DEADLINE_MAX_MINUTES');
}
