import { type Static, Type } from 'typebox';

export const AttachmentParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  attachmentId: Type.String({ minLength: 1, maxLength: 64 }),
});
export const IncidentAttachmentsParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const UploadQuery = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 1000,
      description:
        'The file name (Unicode, stored NFC; no path separators, control or bidirectional characters)',
    }),
    report: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 100_000, description: "The report's seq (default: the latest)" }),
    ),
  },
  { additionalProperties: false },
);
export type UploadQuery = Static<typeof UploadQuery>;

export const AttachmentOut = Type.Object(
  {
    id: Type.String(),
    incidentId: Type.String(),
    reportSeq: Type.Integer(),
    fileName: Type.String(),
    mediaType: Type.String({ description: 'As declared by the uploader; downloads are always octet-stream' }),
    size: Type.Integer(),
    sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
    uploader: Type.Object({
      orgId: Type.String(),
      orgSlug: Type.String(),
      orgNameJa: Type.String(),
      orgNameEn: Type.String(),
    }),
    createdAt: Type.String({ format: 'date-time' }),
    downloadUrl: Type.String(),
    withdrawn: Type.Union(
      [
        Type.Object(
          { at: Type.String({ format: 'date-time' }), reason: Type.String() },
          { additionalProperties: false },
        ),
        Type.Null(),
      ],
      { description: "When and why the incident's body withdrew the file (its bytes are gone), or null" },
    ),
    mayWithdraw: Type.Boolean({
      description:
        'Whether the caller may withdraw it: whoever attached it, or a security officer of its body',
    }),
  },
  { additionalProperties: false },
);
export type AttachmentOut = Static<typeof AttachmentOut>;

export const AttachmentListOut = Type.Object(
  { items: Type.Array(AttachmentOut) },
  { additionalProperties: false },
);

export const WithdrawIn = Type.Object(
  {
    reason: Type.String({
      minLength: 1,
      maxLength: 2000,
      description: 'Why the file is withdrawn (at most 500 characters once normalised), kept on the record',
    }),
  },
  { additionalProperties: false },
);
export type WithdrawIn = Static<typeof WithdrawIn>;
