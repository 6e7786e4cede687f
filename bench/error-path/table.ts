/** A titled table of a benchmark part; `bench/run.ts` prints each and writes it into docs/benchmarks.md. */
export interface BenchTable {
  readonly title: string
  /** A sentence or two under the title: what was measured and how to read it. */
  readonly note?: string
  readonly rows: ReadonlyArray<Readonly<Record<string, string | number>>>
}
