/**
 * A separate Node process for the Redis store test: connects to the Redis at argv[2], prints
 * `ready`, waits for a line on stdin (the parent's "go" to every worker at once), fires argv[3]
 * concurrent consumes against a 100/min limit and prints how many were admitted and when it fired.
 */
import { Redis } from 'ioredis'
import { createRateLimiter } from '../limiter.js'
import { redisRateLimitStore } from './redis.js'

const [url, countText] = process.argv.slice(2)
const client = new Redis(url ?? '', { enableOfflineQueue: true, maxRetriesPerRequest: 1 })
const limiter = createRateLimiter({
  policies: [{ name: 'minute', limit: 100, windowSeconds: 60 }],
  store: redisRateLimitStore(client),
  failure: 'closed',
  storeTimeoutMs: 10_000,
  prefix: 'two-process:',
})
await client.ping()
process.stdout.write('ready\n')
await new Promise((resolve) => process.stdin.once('data', resolve))
const firedAt = Date.now()
const decisions = await Promise.all(
  Array.from({ length: Number(countText) }, () => limiter.consume('shared-client')),
)
const doneAt = Date.now()
process.stdout.write(
  `${JSON.stringify({ admitted: decisions.filter((d) => d.allowed).length, firedAt, doneAt })}\n`,
)
client.disconnect()
process.stdin.destroy()
