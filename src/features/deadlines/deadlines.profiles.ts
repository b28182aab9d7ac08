import type { OrgKind } from '../../platform/access/roles.js';
import type { Span } from './deadlines.calendar.js';

// Deadline profiles: named reporting obligations, each a trigger and its clocks. The built-in ones model the
// seed's "as fast as possible" target and the legal clocks a government CSIRT lives by; an administrator may
// change any (which bodies it covers, its clocks) or add one (deadlines.usecases).

/** What an incident's impact assessment says, as far as a trigger asks (assessments.reads). */
export interface AssessmentFacts {
  persons: number;
  categories: readonly string[];
  sensitive: boolean;
  rightsInfringed: boolean;
  seriousImpediment: boolean;
  publicServicesAffected: boolean;
  malicious: boolean;
}

/**
 * When a profile applies to an incident of a body it covers: always; when personal data is involved (GDPR);
 * APPI's duty for administrative bodies (more than `threshold` persons, sensitive data 要配慮個人情報, or
 * personal data leaked with malice, 不正の目的); or a significant incident (NIS2: a serious impediment or
 * public services affected).
 */
export const TRIGGERS = ['always', 'personal-data', 'appi', 'significant'] as const;
export type Trigger = (typeof TRIGGERS)[number];

/** Where a clock starts: detection, awareness (the assessment that met the trigger), or another clock's end. */
export type ClockStart = 'detection' | 'awareness' | `after:${string}`;

/** Which report ends a clock: the quick report, the first update (or final report) after its start, the final. */
export const REPORT_KINDS = ['quick', 'update', 'final'] as const;
export type SatisfyingReport = (typeof REPORT_KINDS)[number];

export interface ClockDefinition {
  key: string;
  nameJa: string;
  nameEn: string;
  from: ClockStart;
  span: Span;
  /** The span when the assessment says the case is malicious (APPI: 60 days instead of 30). */
  maliciousSpan?: Span;
  satisfiedBy: SatisfyingReport;
}

export interface DeadlineProfile {
  id: string;
  nameJa: string;
  nameEn: string;
  trigger: Trigger;
  /** Persons above which the APPI trigger fires. */
  threshold: number;
  clocks: ClockDefinition[];
  /** The bodies it covers: by kind, and by slug. */
  bodies: { kinds: OrgKind[]; slugs: string[] };
  /** The zone its days and months are counted in; null: the deployment's (RENRAKU_TIME_ZONE). */
  timeZone: string | null;
  builtIn: boolean;
  /** Moves on with every change (0: as shipped). */
  revision: number;
}

/** The profiles shipped with Renraku, as shipped; the quick report's target comes from routing's setting. */
export function builtInProfiles(settings: {
  reportingTargetMinutes: number;
  appiPreliminaryDays: number;
}): DeadlineProfile[] {
  const { reportingTargetMinutes, appiPreliminaryDays } = settings;
  const base = { builtIn: true, revision: 0, threshold: 100, timeZone: null };
  return [
    {
      ...base,
      id: 'quick-report',
      nameJa: '速報目標(可能な限り速やかに)',
      nameEn: 'Quick report target (as fast as possible)',
      trigger: 'always',
      clocks: [
        {
          key: 'quick-report',
          nameJa: '速報',
          nameEn: 'Quick report',
          from: 'detection',
          span: { amount: reportingTargetMinutes, unit: 'minutes' },
          satisfiedBy: 'quick',
        },
      ],
      bodies: { kinds: ['ministry', 'agency'], slugs: [] },
    },
    {
      ...base,
      id: 'appi',
      nameJa: '個人情報保護法(行政機関等の漏えい等報告)',
      nameEn: 'Japan APPI (administrative bodies, leak report to the PPC)',
      trigger: 'appi',
      clocks: [
        {
          key: 'preliminary',
          nameJa: '速報(速やかに)',
          nameEn: 'Preliminary report (promptly)',
          from: 'awareness',
          span: { amount: appiPreliminaryDays, unit: 'calendar-days' },
          satisfiedBy: 'update',
        },
        {
          key: 'final',
          nameJa: '確報',
          nameEn: 'Final report',
          from: 'awareness',
          span: { amount: 30, unit: 'calendar-days' },
          maliciousSpan: { amount: 60, unit: 'calendar-days' },
          satisfiedBy: 'final',
        },
      ],
      bodies: { kinds: ['ministry', 'agency'], slugs: [] },
    },
    {
      ...base,
      id: 'nis2',
      nameJa: 'EU NIS2指令',
      nameEn: 'EU NIS2',
      trigger: 'significant',
      clocks: [
        {
          key: 'early-warning',
          nameJa: '早期警告',
          nameEn: 'Early warning',
          from: 'awareness',
          span: { amount: 24, unit: 'hours' },
          satisfiedBy: 'quick',
        },
        {
          key: 'notification',
          nameJa: 'インシデント通知',
          nameEn: 'Incident notification',
          from: 'awareness',
          span: { amount: 72, unit: 'hours' },
          satisfiedBy: 'update',
        },
        {
          key: 'final',
          nameJa: '最終報告',
          nameEn: 'Final report',
          from: 'after:notification',
          span: { amount: 1, unit: 'months' },
          satisfiedBy: 'final',
        },
      ],
      bodies: { kinds: [], slugs: [] },
    },
    {
      ...base,
      id: 'gdpr',
      nameJa: 'GDPR第33条',
      nameEn: 'GDPR art. 33',
      trigger: 'personal-data',
      clocks: [
        {
          key: 'notification',
          nameJa: '監督機関への通知',
          nameEn: 'Notification to the supervisory authority',
          from: 'awareness',
          span: { amount: 72, unit: 'hours' },
          satisfiedBy: 'update',
        },
      ],
      bodies: { kinds: [], slugs: [] },
    },
    {
      ...base,
      id: 'cisa',
      nameJa: 'CISA/FISMA',
      nameEn: 'CISA/FISMA',
      trigger: 'always',
      clocks: [
        {
          key: 'report',
          nameJa: 'US-CERTへの報告',
          nameEn: 'Report to CISA',
          from: 'detection',
          span: { amount: 1, unit: 'hours' },
          satisfiedBy: 'quick',
        },
      ],
      bodies: { kinds: [], slugs: [] },
    },
  ];
}

/** Whether the trigger is met: `always` without an assessment; the others by what the assessment says. */
export function triggerMet(p: Pick<DeadlineProfile, 'trigger' | 'threshold'>, a: AssessmentFacts | null) {
  if (p.trigger === 'always') return true;
  if (!a) return false;
  const personalData = a.persons > 0 || a.categories.length > 0 || a.sensitive;
  switch (p.trigger) {
    case 'personal-data':
      return personalData;
    case 'appi':
      return a.persons > p.threshold || a.sensitive || (personalData && a.malicious);
    case 'significant':
      return a.seriousImpediment || a.publicServicesAffected;
  }
}

/** Whether the profile covers the body. */
export const covers = (p: DeadlineProfile, body: { kind: string; slug: string }) =>
  (p.bodies.kinds as string[]).includes(body.kind) || p.bodies.slugs.includes(body.slug);
