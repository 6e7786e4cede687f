/** What a guard needs to know about a request, whatever framework received it. */
export interface GuardRequest {
  readonly method: string
  /** Path without the query string. */
  readonly path: string
  /** Reads a request header (case-insensitive); undefined when absent. */
  header(name: string): string | undefined
  /** The TCP peer address, for IP-based keys. */
  readonly remoteAddress?: string | undefined
}
