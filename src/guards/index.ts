export {
  callStore,
  DEFAULT_STORE_TIMEOUT_MS,
  type FailurePolicy,
  isStoreUnavailable,
  StoreUnavailableError,
} from './store-failure.js'
export { ClientGoneError, DeadlineExceededError, type DeadlineOptions, withDeadline } from './timeout.js'
