import {
  INDICATOR_TYPES,
  type IndicatorType,
  type ShareContent,
  type Tlp,
} from '../../../src/features/sharing/sharing.terms.js';
import type { MessageKey } from '../i18n.js';
import type { AudienceSpec, OrgRef, Redact, Share, ShareKind } from './sharing.api.js';

// What the share composer holds while someone types (plain strings, as the fields give them), how the TLP and
// the audience pull each other (TLP:RED goes with named users and only with them), and the body it becomes.

export type AudienceKind = AudienceSpec['kind'];
export interface IndicatorRow {
  key: number;
  type: IndicatorType;
  value: string;
  description: string;
}
export interface SourceIncident {
  id: string;
  title: string;
  org: OrgRef;
}

export interface ComposerValues {
  /** '' follows the sources: an advisory without any, a share with some (as the server defaults). */
  kind: ShareKind | '';
  title: string;
  body: string;
  indicators: IndicatorRow[];
  mitigations: { key: number; text: string }[];
  audience: AudienceKind;
  orgs: string[];
  includeAgencies: boolean;
  /** Named recipients' e-mail addresses, one per line (TLP:RED). */
  users: string;
  tlp: Tlp;
  /** A datetime-local value; empty leaves the server's default. */
  consentDueAt: string;
  anonymiseSource: boolean;
  /** Words to black out, one per line. */
  terms: string;
  internalAddresses: boolean;
  personalData: boolean;
  sources: SourceIncident[];
  /** Attachments of the sources the share carries (when drafting). */
  attachmentIds: string[];
}

let nextKey = 1;
/** A key for a new row, unique in this page, so that React keeps each row's focus when another is removed. */
export const rowKey = () => nextKey++;

export const emptyIndicator = (): IndicatorRow => ({
  key: rowKey(),
  type: INDICATOR_TYPES[0],
  value: '',
  description: '',
});

export const emptyComposer = (): ComposerValues => ({
  kind: '',
  title: '',
  body: '',
  indicators: [],
  mitigations: [],
  audience: 'ministries',
  orgs: [],
  includeAgencies: false,
  users: '',
  tlp: 'TLP:AMBER',
  consentDueAt: '',
  anonymiseSource: true,
  terms: '',
  internalAddresses: true,
  personalData: true,
  sources: [],
  attachmentIds: [],
});

/** The composer filled with a stored share, to edit it (its content is already redacted). */
export function composerOf(share: Share): ComposerValues {
  const audience = share.audience as AudienceSpec;
  return {
    ...emptyComposer(),
    kind: share.kind,
    title: share.title,
    body: share.body,
    indicators: share.indicators.map((i) => ({ ...i, key: rowKey(), description: i.description ?? '' })),
    mitigations: share.mitigations.map((text) => ({ key: rowKey(), text })),
    audience: audience.kind,
    orgs: audience.kind === 'orgs' ? audience.orgs : [],
    includeAgencies: audience.kind === 'orgs' && !!audience.includeAgencies,
    users: audience.kind === 'users' ? audience.users.join('\n') : '',
    tlp: share.tlp,
    anonymiseSource: false,
    internalAddresses: false,
    personalData: false,
    sources: [],
  };
}

/** The kind the share will have. */
export const kindOf = (values: ComposerValues): ShareKind =>
  values.kind || (values.sources.length > 0 ? 'share' : 'advisory');

/**
 * Choosing a TLP: TLP:RED names its readers, so it brings the named-users audience; leaving TLP:RED leaves it.
 * Returns the message that says what else changed, if anything did.
 */
export function withTlp(values: ComposerValues, tlp: Tlp): [ComposerValues, MessageKey | null] {
  if (tlp === 'TLP:RED' && values.audience !== 'users')
    return [{ ...values, tlp, audience: 'users' }, 'compose.switched.toUsers'];
  if (tlp !== 'TLP:RED' && values.audience === 'users')
    return [{ ...values, tlp, audience: 'orgs' }, 'compose.switched.toOrgs'];
  return [{ ...values, tlp }, null];
}

/** Choosing an audience: named users go with TLP:RED only; leaving them leaves TLP:RED for TLP:AMBER. */
export function withAudience(
  values: ComposerValues,
  audience: AudienceKind,
): [ComposerValues, MessageKey | null] {
  if (audience === 'users' && values.tlp !== 'TLP:RED')
    return [{ ...values, audience, tlp: 'TLP:RED' }, 'compose.switched.toRed'];
  if (audience !== 'users' && values.tlp === 'TLP:RED')
    return [{ ...values, audience, tlp: 'TLP:AMBER' }, 'compose.switched.toAmber'];
  return [{ ...values, audience }, null];
}

/** The non-empty lines of a multi-line field. */
export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);

/** The content as typed (before redaction): blank rows are left out. */
export function contentOf(values: ComposerValues): ShareContent {
  return {
    title: values.title.trim(),
    // The body is stored as typed (its line breaks matter); only the title is trimmed, as by the server.
    body: values.body,
    indicators: values.indicators
      .filter((i) => i.value.trim() !== '')
      .map((i) => ({
        type: i.type,
        value: i.value.trim(),
        ...(i.description.trim() ? { description: i.description.trim() } : {}),
      })),
    mitigations: values.mitigations.map((m) => m.text.trim()).filter(Boolean),
  };
}

export function audienceOf(values: ComposerValues): AudienceSpec {
  switch (values.audience) {
    case 'orgs':
      return {
        kind: 'orgs',
        orgs: values.orgs,
        ...(values.includeAgencies ? { includeAgencies: true } : {}),
      };
    case 'users':
      return { kind: 'users', users: lines(values.users) };
    default:
      return { kind: values.audience };
  }
}

export function redactOf(values: ComposerValues): Redact {
  return {
    anonymiseSource: values.anonymiseSource,
    terms: lines(values.terms),
    internalAddresses: values.internalAddresses,
    personalData: values.personalData,
  };
}

/** The terms as the API takes them, for a new share and for a change alike. */
export function termsOf(values: ComposerValues) {
  return {
    content: contentOf(values),
    audience: audienceOf(values),
    tlp: values.tlp,
    ...(values.consentDueAt ? { consentDueAt: new Date(values.consentDueAt).toISOString() } : {}),
    redact: redactOf(values),
  };
}
