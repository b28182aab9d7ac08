import type { MessageKey } from '../i18n.js';
import type { Rule, RuleInput } from './rules.api.js';

// The values of the notification rules form, how they are checked, and the input they make.

export const RULE_ROLES = ['duty-officer', 'deputy', 'csirt-lead', 'ciso', 'other'] as const;
export const RULE_CHANNELS = ['email', 'webhook', 'in-app'] as const;
export const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const;
const MAX_MINUTES = 7 * 24 * 60;

/** One rule as the form holds it: `custom` false follows the default (and is not sent). */
export interface RuleValues {
  event: string;
  custom: boolean;
  enabled: boolean;
  minSeverity: string;
  roles: string[];
  channels: string[];
  ack: boolean;
  ackMinutes: string;
  ackMinSeverity: string;
}

export const valuesOfRule = (r: Rule, defaultMinutes: number): RuleValues => ({
  event: r.event,
  custom: r.custom,
  enabled: r.enabled,
  minSeverity: r.minSeverity ?? '',
  roles: [...r.roles],
  channels: [...r.channels],
  ack: r.ackMinutes !== null,
  ackMinutes: String(r.ackMinutes ?? defaultMinutes),
  ackMinSeverity: r.ackMinSeverity ?? '',
});

/** Errors by field id (`rule-<i>-<field>`), as message keys. */
export type RuleErrors = Record<string, MessageKey>;

export const ruleFieldId = (i: number, field: string) => `rule-${i}-${field}`;

/** What is wrong with the rules the body sets (those following the default are not looked at). */
export function checkRules(rules: RuleValues[]): RuleErrors {
  const errors: RuleErrors = {};
  rules.forEach((r, i) => {
    if (!r.custom) return;
    if (r.roles.length === 0) errors[ruleFieldId(i, 'roles')] = 'rules.error.roles';
    if (r.channels.length === 0) errors[ruleFieldId(i, 'channels')] = 'rules.error.channels';
    if (r.ack) {
      const n = Number(r.ackMinutes.trim());
      if (!/^\d+$/.test(r.ackMinutes.trim()) || n < 1 || n > MAX_MINUTES)
        errors[ruleFieldId(i, 'ackMinutes')] = 'rules.error.ackMinutes';
    }
  });
  return errors;
}

/** The rules to send: those the body sets; the others follow the default. */
export const inputOfRules = (rules: RuleValues[]): RuleInput[] =>
  rules
    .filter((r) => r.custom)
    .map((r) => ({
      event: r.event as RuleInput['event'],
      enabled: r.enabled,
      minSeverity: (r.minSeverity || null) as RuleInput['minSeverity'],
      roles: r.roles as RuleInput['roles'],
      channels: r.channels as RuleInput['channels'],
      ackMinutes: r.ack ? Number(r.ackMinutes.trim()) : null,
      ackMinSeverity: (r.ack && r.ackMinSeverity ? r.ackMinSeverity : null) as RuleInput['ackMinSeverity'],
    }));

/** The field a refusal of the server names (`/rules/2/ackMinutes`), in the form's ids. */
export function fieldOfRulePath(path: string, sent: RuleValues[]): string | null {
  const m = /rules\/(\d+)\/(\w+)/.exec(path);
  if (!m?.[1] || !m[2]) return null;
  const custom = sent.map((r, i) => (r.custom ? i : -1)).filter((i) => i >= 0);
  const index = custom[Number(m[1])];
  const field = ['roles', 'channels', 'ackMinutes'].includes(m[2]) ? m[2] : null;
  return index === undefined || !field ? null : ruleFieldId(index, field);
}
