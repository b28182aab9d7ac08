import { uuidV5 } from '../../platform/ids.js';
// Published shares in MISP's core format (draft-dulaunoy-misp-core-format): one event per share, and the
// feed a MISP instance pulls (manifest.json, one file per event, hashes.csv). Pure: no I/O, no clock. The
// event's uuid is a UUIDv5 of the share, like the STIX ids, so a re-export updates the event a MISP instance
// holds; its timestamp moves when the share changes, its publish_timestamp when it is published again.

import { createHash } from 'node:crypto';
import type { IndicatorType as ReportKind } from '../indicators/indicators.types.js';
import { kindOf } from './sharing.kinds.js';
import { STIX_ID_NAMESPACE } from './sharing.stix.js';
import type { Indicator, IndicatorType, Tlp } from './sharing.terms.js';

/** A published share as its recipients see it. */
export interface MispShare {
  id: string;
  title: string;
  body: string;
  indicators: Indicator[];
  mitigations: string[];
  tlp: Tlp;
  updatedAt: string;
  publishedAt: string;
}

/** Who publishes the events: the center. */
export interface MispAuthor {
  id: string;
  name: string;
}

export interface MispAttribute {
  uuid: string;
  type: string;
  category: string;
  value: string;
  to_ids: boolean;
  comment: string;
  timestamp: string;
  distribution: '5';
  deleted: false;
  disable_correlation: false;
}
export interface MispEventReport {
  uuid: string;
  name: string;
  content: string;
  timestamp: string;
  distribution: '5';
  deleted: false;
}
export interface MispOrg {
  uuid: string;
  name: string;
}
export interface MispEvent {
  uuid: string;
  info: string;
  date: string;
  published: true;
  analysis: '2';
  threat_level_id: '4';
  distribution: string;
  sharing_group_id: '0';
  timestamp: string;
  publish_timestamp: string;
  attribute_count: string;
  Orgc: MispOrg;
  Org: MispOrg;
  Tag: { name: string }[];
  Attribute: MispAttribute[];
  EventReport: MispEventReport[];
}

/** MISP's type and category of each kind of report indicator (the attribute that carries it). */
export const MISP_ATTRIBUTE_OF: Record<ReportKind, { type: string; category: string }> = {
  ipv4: { type: 'ip-dst', category: 'Network activity' },
  ipv6: { type: 'ip-dst', category: 'Network activity' },
  cidr: { type: 'ip-dst', category: 'Network activity' },
  domain: { type: 'domain', category: 'Network activity' },
  url: { type: 'url', category: 'Network activity' },
  email: { type: 'email-src', category: 'Payload delivery' },
  md5: { type: 'md5', category: 'Payload delivery' },
  sha1: { type: 'sha1', category: 'Payload delivery' },
  sha256: { type: 'sha256', category: 'Payload delivery' },
  sha512: { type: 'sha512', category: 'Payload delivery' },
  filename: { type: 'filename', category: 'Payload delivery' },
  cve: { type: 'vulnerability', category: 'External analysis' },
  asn: { type: 'AS', category: 'Network activity' },
  'user-agent': { type: 'user-agent', category: 'Network activity' },
  other: { type: 'text', category: 'Other' },
};

/** MISP's TLP tags (the `tlp` taxonomy) of TLP 2.0. */
export const tlpTag = (tlp: Tlp): string => tlp.toLowerCase();

/** The TLP of a MISP tag, or null; MISP's older `tlp:white` is TLP:CLEAR, `tlp:ex:chr` is not a TLP of ours. */
export function tlpOfTag(name: string): Tlp | null {
  const n = name.trim().toLowerCase();
  const known: Record<string, Tlp> = {
    'tlp:clear': 'TLP:CLEAR',
    'tlp:white': 'TLP:CLEAR',
    'tlp:green': 'TLP:GREEN',
    'tlp:amber': 'TLP:AMBER',
    'tlp:amber+strict': 'TLP:AMBER+STRICT',
    'tlp:red': 'TLP:RED',
  };
  return known[n] ?? null;
}

/** MISP's distribution of a share: CLEAR to all communities, GREEN to this community, stricter to our org only. */
const DISTRIBUTION: Record<Tlp, string> = {
  'TLP:CLEAR': '3',
  'TLP:GREEN': '1',
  'TLP:AMBER': '0',
  'TLP:AMBER+STRICT': '0',
  'TLP:RED': '0',
};

const uuidOf = (...name: string[]) => uuidV5(JSON.stringify(['misp', ...name]), STIX_ID_NAMESPACE);
/** The uuid of a share's event: the same at every export. */
export const mispEventUuid = (shareId: string): string => uuidOf('event', shareId);
const seconds = (...iso: string[]) => String(Math.floor(Math.max(...iso.map(Date.parse)) / 1000));

/** A name for a mitigation's event report; the import reads reports so named back as mitigations. */
export const MITIGATION_REPORT = /^Mitigation \d+$/;

/** One published share as a MISP event (the object under "Event"). */
export function shareToMispEvent(share: MispShare, author: MispAuthor): MispEvent {
  const changed = seconds(share.updatedAt, share.publishedAt);
  const org = { uuid: uuidOf('org', author.id), name: author.name };
  const seen = new Set<string>();
  const attributes = share.indicators.flatMap((i): MispAttribute[] => {
    const kind = kindOf(i.type, i.value);
    const { type, category } = MISP_ATTRIBUTE_OF[kind];
    const key = JSON.stringify([type, i.value]);
    if (seen.has(key)) return [];
    seen.add(key);
    return [
      {
        uuid: uuidOf('attribute', share.id, type, i.value),
        type,
        category,
        value: i.value,
        to_ids: true,
        comment: i.description ?? '',
        timestamp: changed,
        distribution: '5',
        deleted: false,
        disable_correlation: false,
      },
    ];
  });
  const report = (n: number, name: string, content: string): MispEventReport => ({
    uuid: uuidOf('report', share.id, String(n)),
    name,
    content,
    timestamp: changed,
    distribution: '5',
    deleted: false,
  });
  return {
    uuid: mispEventUuid(share.id),
    info: share.title,
    date: share.publishedAt.slice(0, 10),
    published: true,
    analysis: '2',
    threat_level_id: '4',
    distribution: DISTRIBUTION[share.tlp],
    sharing_group_id: '0',
    timestamp: changed,
    publish_timestamp: seconds(share.publishedAt),
    attribute_count: String(attributes.length),
    Orgc: org,
    Org: org,
    Tag: [{ name: tlpTag(share.tlp) }],
    Attribute: attributes,
    EventReport: [
      report(0, share.title, share.body),
      ...share.mitigations.map((m, n) => report(n + 1, `Mitigation ${n + 1}`, m)),
    ],
  };
}

/** The feed's manifest.json: per event uuid, what MISP shows of it before pulling it. */
export function mispManifest(events: MispEvent[]) {
  return Object.fromEntries(
    events.map((e) => [
      e.uuid,
      {
        info: e.info,
        date: e.date,
        analysis: e.analysis,
        threat_level_id: e.threat_level_id,
        timestamp: e.timestamp,
        Orgc: e.Orgc,
        Tag: e.Tag,
      },
    ]),
  );
}

/** The feed's hashes.csv: the MD5 of each attribute's value and its event's uuid, one line each. */
export function mispHashes(events: MispEvent[]): string {
  return events
    .flatMap((e) => e.Attribute.map((a) => `${createHash('md5').update(a.value).digest('hex')},${e.uuid}\n`))
    .join('');
}
