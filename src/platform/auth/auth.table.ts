/** Failed log-in attempts, counted to slow down guessing. */
export interface AuthTables {
  login_throttle: LoginThrottleTable;
}

export interface LoginThrottleTable {
  /** 'account:<email>' | 'address:<ip or /64>' | 'device:<hash>' | 'factor:<user id>' */
  key: string;
  failures: number;
  /** Attempts begun and not yet finished; they count as failures until they are. */
  pending: number;
  blocked_until: string | null;
  updated_at: string;
}
