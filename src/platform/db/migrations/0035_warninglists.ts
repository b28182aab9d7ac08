import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DialectName } from '../database.js';

// Frozen in time: this file must never import application code nor change once released. The lists it loads are
// those Renraku ships at this version; newer ones come through `renraku warninglist import` or a later migration.

interface Shipped {
  id: string;
  name: string;
  description: string;
  source: string;
  version: number;
  match_type: 'cidr' | 'hostname';
  applies_to: string[];
  entries: string[];
}

const ADDRESSES = ['ipv4', 'ipv6', 'cidr', 'url'];
const HOSTS = ['domain', 'url'];

const SHIPPED: Shipped[] = [
  {
    id: 'shipped-ipv4-special',
    name: 'IPv4 special-purpose addresses',
    description:
      'Private (RFC 1918), loopback, link-local, shared address space (CGNAT, RFC 6598), documentation (RFC 5737), benchmarking, reserved, broadcast and multicast (RFC 5771): never an attacker on the Internet.',
    source:
      'RFC 6890 and the IANA IPv4 Special-Purpose Address Registry (iana.org/assignments/iana-ipv4-special-registry, as of 2024); multicast from the IANA IPv4 Multicast Address Space Registry (RFC 5771)',
    version: 20241201,
    match_type: 'cidr',
    applies_to: ADDRESSES,
    entries: [
      '0.0.0.0/8',
      '10.0.0.0/8',
      '100.64.0.0/10',
      '127.0.0.0/8',
      '169.254.0.0/16',
      '172.16.0.0/12',
      '192.0.0.0/24',
      '192.0.2.0/24',
      '192.31.196.0/24',
      '192.52.193.0/24',
      '192.88.99.0/24',
      '192.168.0.0/16',
      '192.175.48.0/24',
      '198.18.0.0/15',
      '198.51.100.0/24',
      '203.0.113.0/24',
      '224.0.0.0/4',
      '240.0.0.0/4',
      '255.255.255.255',
    ],
  },
  {
    id: 'shipped-ipv6-special',
    name: 'IPv6 special-purpose addresses',
    description:
      'Unspecified, loopback, NAT64 well-known prefixes, discard-only, benchmarking, ORCHID, documentation (RFC 3849, RFC 9637), unique local (RFC 4193), link-local and multicast (RFC 4291).',
    source:
      'RFC 6890 and the IANA IPv6 Special-Purpose Address Registry (iana.org/assignments/iana-ipv6-special-registry, as of 2024); multicast ff00::/8 from RFC 4291',
    version: 20241201,
    match_type: 'cidr',
    applies_to: ADDRESSES,
    entries: [
      '::',
      '::1',
      '64:ff9b::/96',
      '64:ff9b:1::/48',
      '100::/64',
      '2001:2::/48',
      '2001:10::/28',
      '2001:20::/28',
      '2001:db8::/32',
      '3fff::/20',
      'fc00::/7',
      'fe80::/10',
      'ff00::/8',
    ],
  },
  {
    id: 'shipped-public-resolvers',
    name: 'Public DNS resolvers',
    description:
      'The addresses of the largest public recursive DNS services (Google, Cloudflare, Quad9, OpenDNS): every network talks to them.',
    source:
      "Each operator's documentation: Google Public DNS (developers.google.com/speed/public-dns/docs/using), Cloudflare 1.1.1.1 and 1.1.1.1 for Families (developers.cloudflare.com/1.1.1.1/ip-addresses/), Quad9 (quad9.net/service/service-addresses-and-features), OpenDNS (support.opendns.com)",
    version: 20241201,
    match_type: 'cidr',
    applies_to: ADDRESSES,
    entries: [
      '8.8.8.8',
      '8.8.4.4',
      '2001:4860:4860::8888',
      '2001:4860:4860::8844',
      '1.1.1.1',
      '1.0.0.1',
      '1.1.1.2',
      '1.0.0.2',
      '1.1.1.3',
      '1.0.0.3',
      '2606:4700:4700::1111',
      '2606:4700:4700::1001',
      '9.9.9.9',
      '149.112.112.112',
      '2620:fe::fe',
      '2620:fe::9',
      '208.67.222.222',
      '208.67.220.220',
      '2620:119:35::35',
      '2620:119:53::53',
    ],
  },
  {
    id: 'shipped-top-domains',
    name: 'Largest domains',
    description:
      'Registrable domains of the largest Internet services and their content networks, with every host under them. A URL or host here is usually a legitimate service (sometimes abused to host a file: a flag, not a verdict).',
    source:
      'Picked by hand from the head of the Tranco top-sites ranking (tranco-list.eu, 2024), keeping well-known services only; not a copy of the ranking',
    version: 20241201,
    match_type: 'hostname',
    applies_to: HOSTS,
    entries: [
      'google.com',
      'google.co.jp',
      'googleapis.com',
      'gstatic.com',
      'googlevideo.com',
      'youtube.com',
      'facebook.com',
      'instagram.com',
      'whatsapp.net',
      'microsoft.com',
      'live.com',
      'office.com',
      'microsoftonline.com',
      'windowsupdate.com',
      'bing.com',
      'azure.com',
      'apple.com',
      'icloud.com',
      'amazon.com',
      'amazon.co.jp',
      'amazonaws.com',
      'cloudflare.com',
      'akamaiedge.net',
      'akamai.net',
      'wikipedia.org',
      'twitter.com',
      'x.com',
      'linkedin.com',
      'yahoo.com',
      'yahoo.co.jp',
      'github.com',
      'netflix.com',
      'zoom.us',
      'line.me',
      'baidu.com',
    ],
  },
];

export async function up(db: Kysely<unknown>, _dialect: DialectName): Promise<void> {
  // Lists of values that are almost never malicious (issue 14, point 2): matched, they flag an indicator.
  await db.schema
    .createTable('warninglists')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('match_type', 'text', (c) => c.notNull())
    .addColumn('applies_to', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('enabled', 'integer', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('warninglist_entries')
    .addColumn('list_id', 'text', (c) => c.notNull().references('warninglists.id'))
    .addColumn('value', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('warninglist_entries_pk', ['list_id', 'value'])
    .execute();
  // One row: a token that changes with every change of the lists (or of the bodies' domains), so that each node
  // knows with one cheap read whether its matcher is still the lists'.
  await db.schema
    .createTable('warninglist_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('token', 'text', (c) => c.notNull())
    .execute();

  // Sightings (issue 14, point 5): a body that received a share says it saw one of its indicators.
  await db.schema
    .createTable('share_sightings')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('share_id', 'text', (c) => c.notNull().references('shares.id'))
    .addColumn('org_id', 'text', (c) => c.notNull().references('orgs.id'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('seen_at', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('share_sightings_by_share')
    .on('share_sightings')
    .columns(['share_id', 'org_id'])
    .execute();

  const at = '2026-12-06T00:00:00.000Z';
  const lists = db as Kysely<{
    warninglists: Record<string, unknown>;
    warninglist_entries: Record<string, unknown>;
    warninglist_state: Record<string, unknown>;
  }>;
  for (const l of SHIPPED) {
    await lists
      .insertInto('warninglists')
      .values({
        id: l.id,
        name: l.name,
        description: l.description,
        source: l.source,
        version: l.version,
        match_type: l.match_type,
        applies_to: JSON.stringify(l.applies_to),
        origin: 'shipped',
        enabled: 1,
        revision: 1,
        created_at: at,
        updated_at: at,
      })
      .execute();
    await lists
      .insertInto('warninglist_entries')
      .values(l.entries.map((value) => ({ list_id: l.id, value })))
      .execute();
  }
  // The bodies' own domains: its entries are the orgs' domains (kept by the administrator), read when matching.
  await lists
    .insertInto('warninglists')
    .values({
      id: 'bodies-own-domains',
      name: "Bodies' own domains",
      description:
        "The DNS domains of the government's own bodies, as their administrators recorded them: a host under them is the body's own.",
      source: 'Renraku: the domains of each body (administration of the organization tree)',
      version: 1,
      match_type: 'hostname',
      applies_to: JSON.stringify(['domain', 'url', 'email']),
      origin: 'bodies',
      enabled: 1,
      revision: 1,
      created_at: at,
      updated_at: at,
    })
    .execute();
  // Random: two databases migrated apart (bodies with other domains already) never share a matcher in one process.
  await lists.insertInto('warninglist_state').values({ id: 1, token: randomUUID() }).execute();
}
