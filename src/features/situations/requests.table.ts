/** Requests (要請) of the center within a situation, each addressed body's state and its moves. Private. */
export interface SituationRequestsTables {
  situation_requests: SituationRequestsTable;
  situation_request_bodies: SituationRequestBodiesTable;
  situation_request_moves: SituationRequestMovesTable;
}

export type AddresseesKind = 'all' | 'ministries' | 'bodies';
/** 未受領 → 受領 → 対応中 → 完了, forward only. */
export type RequestState = 'issued' | 'acknowledged' | 'in_progress' | 'done';
export const REQUEST_STATES: readonly RequestState[] = ['issued', 'acknowledged', 'in_progress', 'done'];

export interface SituationRequestsTable {
  id: string;
  situation_id: string;
  /** 1..n per situation: R-<seq>. */
  seq: number;
  title: string;
  body: string;
  due_at: string;
  addressees_kind: AddresseesKind;
  created_at: string;
  created_by: string;
  amended_at: string | null;
  /** Null while the request stands. */
  withdrawn_at: string | null;
  withdrawn_by: string | null;
  version: number;
}

export interface SituationRequestBodiesTable {
  request_id: string;
  org_id: string;
  /** The body's supervising ministry in the situation's scope (null for a ministry). */
  parent_id: string | null;
  state: RequestState;
  version: number;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  started_at: string | null;
  started_by: string | null;
  done_at: string | null;
  done_by: string | null;
  done_note: string | null;
  /** When the body was reminded that the request is overdue (once; the sweep sets it). */
  reminded_at: string | null;
}

export interface SituationRequestMovesTable {
  id: string;
  request_id: string;
  org_id: string;
  from_state: RequestState;
  to_state: RequestState;
  at: string;
  by_user: string;
  /** The mover's body: the body's supervising ministry when it acted on its behalf. */
  by_org: string;
  note: string | null;
}
