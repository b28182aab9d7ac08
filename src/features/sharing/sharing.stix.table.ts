/** The STIX versions of published shares (sharing.stix.versions.ts). */
export interface SharingStixTables {
  share_stix_versions: ShareStixVersionsTable;
  share_stix_sync: ShareStixSyncTable;
  share_stix_revocations: ShareStixRevocationsTable;
  share_stix_holders_revoked: ShareStixHoldersRevokedTable;
  share_stix_pending: ShareStixPendingTable;
  stix_id_keys: StixIdKeysTable;
}

export interface ShareStixVersionsTable {
  /** The STIX id (`indicator--…`); with `modified`, one version. */
  object_id: string;
  modified: string;
  share_id: string;
  type: string;
  /** 1 for a `revoked: true` version. */
  revoked: number;
  /** When this version was first exported (TAXII's date_added). */
  date_added: string;
  /** The object as JSON, without what differs per reader (a report's incident numbers). */
  object: string;
}

export interface ShareStixSyncTable {
  share_id: string;
  /** The state of the share its versions reflect (stateOf in sharing.stix.repository.ts). */
  state: string;
}

/** A revocation for one former holder of a share (a body, user_id '', or a named person). */
export interface ShareStixRevocationsTable {
  share_id: string;
  org_id: string;
  user_id: string;
  object_id: string;
  modified: string;
  type: string;
  date_added: string;
  /** The revoked object as JSON: its id, type and dates, nothing of its content. */
  object: string;
}

/** The retraction (its `since`) of a former holder whose revocations were worked out. */
export interface ShareStixHoldersRevokedTable {
  share_id: string;
  org_id: string;
  user_id: string;
  since: string;
}

/** A share changed since its versions were brought up to date, with the state it changed to. */
export interface ShareStixPendingTable {
  share_id: string;
  state: string;
}

/** The deployment's secret namespace of the STIX ids that stand for a value (migration 0040). */
export interface StixIdKeysTable {
  name: string;
  /** A random UUID, used as the UUIDv5 namespace. */
  key: string;
}
