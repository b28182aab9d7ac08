import { type Static, Type } from 'typebox';
import { INDICATOR_VALUE_MAX } from './indicators.canonical.js';
import { EXTRACT_TEXT_MAX } from './indicators.extract.js';
import { INDICATOR_TYPES } from './indicators.types.js';

/** The most indicators one report carries. */
export const INDICATORS_PER_REPORT_MAX = 500;
/** The longest note on one indicator, in characters after NFC normalisation. */
export const INDICATOR_NOTE_MAX = 500;

export const IndicatorType = Type.Enum([...INDICATOR_TYPES], {
  description:
    'ipv4, ipv6, cidr, domain, url, email, md5, sha1, sha256, sha512, filename, cve, asn, user-agent, other',
});

export const IndicatorInput = Type.Object(
  {
    type: IndicatorType,
    value: Type.String({
      minLength: 1,
      maxLength: INDICATOR_VALUE_MAX,
      description:
        'As typed or pasted: stored in one canonical form (IDN in punycode, IPv6 compressed, ::ffff:a.b.c.d as the IPv4 address, URLs normalised per RFC 3986, hashes lower-case, a /32 or /128 as the address); a CIDR with host bits set is refused (indicators.cidr_host_bits, naming the network), never masked; zero-width and bidirectional controls are refused; defanged forms (hxxp, [.], [@]) are accepted for addresses, domains, URLs and e-mail',
    }),
    note: Type.Optional(Type.String({ maxLength: INDICATOR_NOTE_MAX * 2 })),
  },
  { additionalProperties: false },
);
export type IndicatorInput = Static<typeof IndicatorInput>;

export const IndicatorsInput = Type.Array(IndicatorInput, {
  maxItems: INDICATORS_PER_REPORT_MAX,
  description:
    'Typed indicators of this report. An entry that is not valid answers 422 with its index (`entry`) and field, and nothing is saved.',
});

export const IndicatorOut = Type.Object({
  type: IndicatorType,
  value: Type.String({ description: 'The canonical form, what correlation matches' }),
  display: Type.String({ description: 'The form people read (Unicode domain, decoded path)' }),
  note: Type.Union([Type.String(), Type.Null()]),
  reportSeq: Type.Integer({ description: 'The report (seq) that named it' }),
  warningLists: Type.Array(Type.String(), {
    description:
      'The enabled warning lists it matches (values almost never malicious: private ranges, public resolvers, the largest domains, the bodies’ own domains), by name',
  }),
  correlatedIncidents: Type.Optional(
    Type.Integer({
      minimum: 0,
      description:
        'How many other incidents the caller reads share this value (equal, or one holding the other): all of them, not a page; only for callers who read correlations',
    }),
  ),
});

export const ExtractInput = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: EXTRACT_TEXT_MAX }) },
  { additionalProperties: false },
);

export const ExtractOut = Type.Object({
  candidates: Type.Array(
    Type.Object({
      type: IndicatorType,
      value: Type.String({ description: 'The canonical form' }),
      display: Type.String(),
      found: Type.String({ description: 'The text as found (normalised and refanged)' }),
    }),
    { description: 'One per canonical value, in the order found' },
  ),
  untyped: Type.Array(Type.Object({ text: Type.String(), code: Type.String(), reason: Type.String() }), {
    description: 'What looked like an indicator but is not a valid one, and why',
  }),
});
