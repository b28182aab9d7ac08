/** Messages on an incident between its readers. */
export interface ConversationTables {
  incident_messages: IncidentMessagesTable;
}

export interface IncidentMessagesTable {
  id: string;
  incident_id: string;
  /** The author's body when it wrote. */
  org_id: string;
  author_id: string;
  /** NFC, 1 to MESSAGE_MAX characters. */
  body: string;
  /** A message of the same incident this one answers. */
  reply_to: string | null;
  created_at: string;
}
