/** Everything the example reads from the environment, parsed once with defaults that suit a demo. */
export interface Config {
  readonly port: number
  readonly host: string
  readonly databaseFile: string
  /** The model provider; unset starts the bundled loopback stand-in. */
  readonly modelUrl: string | undefined
  /** Rate limits and idempotency keys move to Redis when set (several instances share them). */
  readonly redisUrl: string | undefined
  /** The model step's budget (seed 000: 90 s). */
  readonly chatBudgetMs: number
  readonly rateLimit: { readonly limit: number; readonly windowSeconds: number }
  /** Hosts the vault may fetch manifests from. */
  readonly allowedSiteHosts: ReadonlySet<string>
  readonly outgoingPerMinute: number
  readonly idempotencyLockMs: number
  /** Chat messages each workspace may send per calendar month (a plan limit, counted by the quota guard). */
  readonly monthlyMessages: number
}

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const value = Number(raw)
  if (!Number.isInteger(value) || value < 0)
    throw new Error(`${name} must be a whole number, got ${JSON.stringify(raw)}`)
  return value
}

export function readConfig(): Config {
  const [limit, window] = (process.env.RATE_LIMIT ?? '120/60').split('/')
  return {
    port: positiveInt('PORT', 3000),
    host: process.env.HOST ?? '127.0.0.1',
    databaseFile: process.env.DATABASE_FILE ?? 'agents-api.db',
    modelUrl: process.env.MODEL_URL || undefined,
    redisUrl: process.env.REDIS_URL || undefined,
    chatBudgetMs: positiveInt('CHAT_BUDGET_MS', 90_000),
    rateLimit: { limit: Number(limit) || 120, windowSeconds: Number(window) || 60 },
    allowedSiteHosts: new Set(
      (process.env.ALLOWED_SITE_HOSTS ?? '127.0.0.1,localhost').split(',').map((h) => h.trim()),
    ),
    outgoingPerMinute: positiveInt('OUTGOING_PER_MINUTE', 10),
    idempotencyLockMs: positiveInt('IDEMPOTENCY_LOCK_MS', 10_000),
    monthlyMessages: positiveInt('MONTHLY_MESSAGES', 1000),
  }
}
