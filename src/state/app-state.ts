/**
 * What several instances of the app must agree on, behind one interface: which webhook deliveries were
 * handled, who judges a head right now, and a few small records. Without `REDIS_URL` it lives in this
 * process (`createMemoryState`), with it in Redis (`createRedisState`); the pipeline cannot tell them apart.
 * Large caches (trees, files, parses) are not here: they stay per process, where losing them costs reads,
 * never correctness.
 */
export interface AppState {
  /** Whether another instance sees what this one writes (Redis), for logs and docs. */
  readonly shared: boolean;
  /**
   * Claims a webhook delivery: true the first time an id is claimed within `ttlSeconds`, false after, on any
   * instance (Redis `SET NX EX`).
   */
  claimDelivery(id: string, ttlSeconds: number): Promise<boolean>;
  /** Gives a claim up, so that a redelivery of a delivery that failed is handled again. */
  releaseDelivery(id: string): Promise<void>;
  /**
   * Runs `task` holding the lock `key`: no other task holding the same key runs meanwhile, here or on another
   * instance. The lock is released on every path; a crashed holder's lease expires.
   */
  withLock<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Sets one field of a small record (JSON text) that expires `ttlSeconds` after its last write. */
  rememberField(key: string, field: string, value: string, ttlSeconds: number): Promise<void>;
  /** Every field of a record (empty when there is none). */
  recallFields(key: string): Promise<Map<string, string>>;
  /** Closes connections (shutdown, tests). */
  close(): Promise<void>;
}

/** The logger the state reports to (Probot's pino logger is one). */
export interface StateLog {
  info(message: string): void;
  warn(message: string): void;
}
