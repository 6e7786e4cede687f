/** The slice of autocannon 9's programmatic API the error-path benchmark uses (the package ships no types). */
declare module 'autocannon' {
  export interface Histogram {
    readonly average: number
    readonly p50: number
    readonly p99: number
  }
  export interface Result {
    readonly duration: number
    readonly errors: number
    readonly timeouts: number
    readonly non2xx: number
    readonly latency: Histogram
    readonly requests: Histogram & { readonly total: number }
    readonly statusCodeStats: Readonly<Record<string, { readonly count: number | string }>>
  }
  export interface Options {
    readonly url: string
    readonly connections?: number
    readonly duration?: number
    readonly pipelining?: number
    readonly timeout?: number
  }
  function autocannon(options: Options): Promise<Result>
  export default autocannon
}
