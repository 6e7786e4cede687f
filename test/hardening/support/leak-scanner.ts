/**
 * Collects every response a hardening test sees and finds anything that must never reach a client:
 * stack frames, server file paths, secret markers planted in thrown errors and the environment,
 * database and Redis driver texts, API keys.
 */

export interface LeakFinding {
  readonly where: string
  readonly rule: string
  readonly excerpt: string
}

/** Text fragments of the drivers a server talks to; none belongs in a public response. */
export const DRIVER_TEXTS = [
  'SQLITE_',
  'SqliteError',
  'database is locked',
  'no such table',
  'ECONNREFUSED',
  'ECONNRESET',
  'NOSCRIPT',
  'enableOfflineQueue',
  'Connection is closed',
  'MaxRetriesPerRequestError',
  'ioredis',
  'better-sqlite3',
  'StoreUnavailableError',
  'store unavailable during',
] as const

const STACK_FRAME = /\n\s+at |^\s+at \S+ \(|\bat (?:async )?\S+ \(\S+:\d+:\d+\)/m
const FILE_LINE = /[\w./-]+\.(?:ts|js|mjs|cjs|tsx):\d+/

export class LeakScanner {
  readonly #secrets = new Map<string, string>()
  readonly #seen: Array<{ where: string; text: string }> = []
  #count = 0

  constructor(readonly repoPath: string = process.cwd()) {}

  /** A value that must never appear in a response (a cause's message, an env value, an API key). */
  secret(label: string, value: string): this {
    if (value.length >= 6) this.#secrets.set(value, label)
    return this
  }

  /** Records one response: its header block (or header record) and its body. */
  record(where: string, headers: string | Readonly<Record<string, string>>, body: string): void {
    const head =
      typeof headers === 'string'
        ? headers
        : Object.entries(headers)
            .map(([k, v]) => `${k}: ${v}`)
            .join('\n')
    this.#count++
    this.#seen.push({ where, text: `${head}\n\n${body}` })
  }

  get count(): number {
    return this.#count
  }

  /** Every finding over everything recorded so far. */
  findings(): LeakFinding[] {
    const out: LeakFinding[] = []
    for (const { where, text } of this.#seen) {
      const add = (rule: string, index: number) =>
        out.push({ where, rule, excerpt: text.slice(Math.max(0, index - 40), index + 80) })
      const stack = STACK_FRAME.exec(text)
      if (stack) add('stack frame', stack.index)
      const fileLine = FILE_LINE.exec(text)
      if (fileLine) add('file:line', fileLine.index)
      const repo = text.indexOf(this.repoPath)
      if (repo !== -1) add('server path', repo)
      for (const driver of DRIVER_TEXTS) {
        const at = text.indexOf(driver)
        if (at !== -1) add(`driver text ${driver}`, at)
      }
      for (const [value, label] of this.#secrets) {
        const at = text.indexOf(value)
        if (at !== -1) add(`secret ${label}`, at)
      }
    }
    return out
  }
}
