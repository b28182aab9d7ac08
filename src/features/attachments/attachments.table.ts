/** Files added to an incident's reports, stored in the database so that every node serves them. */
export interface AttachmentsTables {
  attachments: AttachmentsTable;
}

export interface AttachmentsTable {
  id: string;
  incident_id: string;
  /** The report (quick report, update, final) of the incident the file belongs to. */
  report_seq: number;
  /** The body that uploaded it (the incident's own body). */
  org_id: string;
  uploaded_by: string;
  /** Unicode NFC, validated: no path, control or bidirectional characters. */
  file_name: string;
  /** As the uploader declared it; never used to serve the file, which always goes as octet-stream. */
  media_type: string;
  size: number;
  /** Lower-case hex SHA-256 of the bytes: the file's identity, and later an indicator (issue 14). */
  sha256: string;
  /** Emptied when the file is withdrawn. */
  content: Buffer;
  created_at: string;
  /** Set when the incident's body withdrew the file (migration 0024): its bytes are gone, the record stays. */
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  withdrawal_reason: string | null;
}
