/** What a guard needs to know about a request, whatever framework received it. */
export interface GuardRequest {
  readonly method: string
  /** Path without the query string. */
  readonly path: string
  /** Reads a request header (case-insensitive); undefined when absent. */
  header(name: string): string | undefined
  /**
   * How many times a header was sent, where the server can tell (node keeps repeats apart in
   * `headersDistinct`; web `Headers` merge them). A repeated Idempotency-Key is ambiguous and refused.
   */
  headerCount?(name: string): number
  /** The TCP peer address, for IP-based keys. */
  readonly remoteAddress?: string | undefined
}
