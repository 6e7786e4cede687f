export {
  CanonicalJsonError,
  canonicalJson,
  MAX_CANONICAL_DEPTH,
} from './canonical-json.js'
export {
  createIdempotencyGuard,
  DEFAULT_LOCK_TTL_MS,
  DEFAULT_RETENTION_MS,
  type IdempotencyDecision,
  type IdempotencyGuard,
  type IdempotencyGuardOptions,
  type IdempotencyRequest,
  scopedIdempotencyKey,
} from './engine.js'
export {
  type FingerprintInput,
  type FingerprintOptions,
  type FingerprintParts,
  fingerprintRequest,
  type HeaderSource,
} from './fingerprint.js'
export {
  type IdempotencyKeyProblem,
  type IdempotencyKeyValidation,
  InvalidIdempotencyKeyError,
  MAX_IDEMPOTENCY_KEY_LENGTH,
  validateIdempotencyKey,
} from './key.js'
export type { CompletionOutcome, HeartbeatOptions, IdempotencyLease } from './lease.js'
export {
  captureResponse,
  DEFAULT_REPLAYED_HEADERS,
  type ResponseHeaders,
  type ResponseToStore,
  StreamingResponseNotStorableError,
  storesResponseByDefault,
} from './response-policy.js'
export type {
  ClaimInput,
  ClaimOutcome,
  CompleteInput,
  IdempotencyStore,
  StoredResponse,
} from './store.js'
export { createMemoryIdempotencyStore, type MemoryIdempotencyStoreOptions } from './stores/memory.js'
export {
  createRedisIdempotencyStore,
  type RedisIdempotencyStoreOptions,
} from './stores/redis.js'
export {
  createSqliteIdempotencyStore,
  type SqliteIdempotencyStore,
  type SqliteIdempotencyStoreOptions,
} from './stores/sqlite.js'
