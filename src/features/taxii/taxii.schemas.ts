import { Type } from 'typebox';

/** The TAXII 2.1 media type, which every request accepts and every answer carries. */
export const TAXII_MEDIA_TYPE = 'application/taxii+json;version=2.1';

/** A TAXII error message (TAXII 2.1 §3.6.1). */
export const TaxiiErrorOut = Type.Object({
  title: Type.String(),
  description: Type.Optional(Type.String()),
  error_code: Type.Optional(Type.String()),
  http_status: Type.Optional(Type.String()),
});

export const DiscoveryOut = Type.Object({
  title: Type.String(),
  description: Type.String(),
  default: Type.String(),
  api_roots: Type.Array(Type.String()),
});

export const ApiRootOut = Type.Object({
  title: Type.String(),
  description: Type.String(),
  versions: Type.Array(Type.String()),
  max_content_length: Type.Integer(),
});

export const CollectionOut = Type.Object({
  id: Type.String(),
  title: Type.String(),
  description: Type.String(),
  can_read: Type.Boolean(),
  can_write: Type.Boolean(),
  media_types: Type.Array(Type.String()),
});

export const CollectionsOut = Type.Object({ collections: Type.Array(CollectionOut) });

const StixObjectOut = Type.Object(
  { type: Type.String(), id: Type.String(), spec_version: Type.Literal('2.1') },
  { additionalProperties: true },
);

export const EnvelopeOut = Type.Object({
  more: Type.Boolean(),
  next: Type.Optional(Type.String()),
  objects: Type.Array(StixObjectOut),
});

export const ManifestOut = Type.Object({
  more: Type.Boolean(),
  next: Type.Optional(Type.String()),
  objects: Type.Array(
    Type.Object({
      id: Type.String(),
      date_added: Type.String(),
      version: Type.String(),
      media_type: Type.String(),
    }),
  ),
});

export const VersionsOut = Type.Object({
  more: Type.Boolean(),
  next: Type.Optional(Type.String()),
  versions: Type.Array(Type.String()),
});

export const CollectionParams = Type.Object({ collection: Type.String({ maxLength: 100 }) });
export const ObjectParams = Type.Object({
  collection: Type.String({ maxLength: 100 }),
  object: Type.String({ maxLength: 200 }),
});

const list = (description: string) => Type.Optional(Type.String({ maxLength: 4000, description }));

/** The filters of TAXII 2.1 §3.4 (what Renraku implements of them). */
export const ObjectsQuery = Type.Object(
  {
    added_after: Type.Optional(
      Type.String({ format: 'date-time', description: 'Only versions added after this time' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    next: Type.Optional(Type.String({ maxLength: 400, description: 'The `next` of the page before' })),
    'match[id]': list('Object ids, comma-separated'),
    'match[type]': list('Object types, comma-separated'),
    'match[version]': list('last (default), first, all, or `modified` times, comma-separated'),
    'match[spec_version]': list('2.1 (the only one served)'),
  },
  { additionalProperties: false },
);

const StatusDetailOut = Type.Object({
  id: Type.String(),
  version: Type.String(),
  message: Type.Optional(Type.String()),
});

/** A TAXII 2.1 status resource (§4.3.1): what became of each object of one POST. */
export const StatusOut = Type.Object({
  id: Type.String(),
  status: Type.Union([Type.Literal('complete'), Type.Literal('pending')]),
  request_timestamp: Type.String(),
  total_count: Type.Integer(),
  success_count: Type.Integer(),
  successes: Type.Array(StatusDetailOut),
  failure_count: Type.Integer(),
  failures: Type.Array(StatusDetailOut),
  pending_count: Type.Integer(),
  pendings: Type.Array(StatusDetailOut),
});

export const StatusParams = Type.Object({ status: Type.String({ maxLength: 100 }) });

/** What the inbox takes: a TAXII envelope, or a STIX 2.1 bundle (its objects are read alike). */
export const InboxBody = Type.Object(
  {
    objects: Type.Optional(
      Type.Array(Type.Object({}, { additionalProperties: true }), {
        description:
          'STIX 2.1 objects. Each names its incident by `x_renraku_incident` or through a `report` object listing it in `object_refs` whose `external_references` hold {source_name: "renraku", external_id: "<incident number>"}',
      }),
    ),
    more: Type.Optional(Type.Boolean()),
    next: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    id: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);
