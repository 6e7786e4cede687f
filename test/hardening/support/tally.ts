/** Counts the cases a hardening file tried and the failures it saw, for the closing summary line. */
export class Tally {
  cases = 0
  readonly failures: string[] = []

  constructor(readonly file: string) {}

  /** Records one case; `problem` undefined means it passed. */
  check(name: string, problem: string | undefined): void {
    this.cases++
    if (problem !== undefined) this.failures.push(`${name}: ${problem}`)
  }

  summary(): string {
    return `hardening ${this.file}: ${this.cases} cases, ${this.failures.length} failures`
  }
}
