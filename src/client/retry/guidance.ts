/**
 * Retry guidance as the catalog gives it for an error code. The shape matches the core's catalog type,
 * declared here so the retry engine stays free of any import outside its folder.
 * `retry-after` means "wait what the server says, then retry"; `attempts` is how many retries the API documents.
 */
export type RetryStrategy = 'never' | 'backoff' | 'retry-after'

export interface RetryGuidance {
  readonly strategy: RetryStrategy
  readonly attempts?: number
}
