import type { Redis } from 'ioredis'
import type { ClaimOutcome, IdempotencyStore, StoredResponse } from '../store.js'
import { CLAIM_SCRIPT, COMPLETE_SCRIPT, EXTEND_SCRIPT, RELEASE_SCRIPT } from './redis-scripts.js'

/**
 * Idempotency records in Redis, shared by every instance of the API. Claim, extend, complete and
 * release are Lua scripts registered with `defineCommand`, so ioredis sends EVALSHA and falls back to
 * EVAL by itself when the server lost its script cache (a restart).
 *
 * Create the client with `enableOfflineQueue: false`: a down Redis then fails at once instead of
 * queueing a claim that would land after the guard already gave up on it.
 */

export interface RedisIdempotencyStoreOptions {
  readonly client: Redis
  /** Default `faultline:idem:`. */
  readonly prefix?: string | undefined
}

type Reply = Array<Buffer | number | null>

interface IdempotencyCommands {
  faultlineIdemClaimBuffer(key: string, fingerprint: string, token: string, leaseMs: number): Promise<Reply>
  faultlineIdemExtend(key: string, token: string, leaseMs: number): Promise<number>
  faultlineIdemComplete(
    key: string,
    token: string,
    fingerprint: string,
    retentionMs: number,
    status: number,
    headers: string,
    body: Buffer,
  ): Promise<number>
  faultlineIdemRelease(key: string, token: string): Promise<number>
}

export function createRedisIdempotencyStore(options: RedisIdempotencyStoreOptions): IdempotencyStore {
  const prefix = options.prefix ?? 'faultline:idem:'
  const client = defineIdempotencyCommands(options.client)

  return {
    async claim(input): Promise<ClaimOutcome> {
      const reply = await client.faultlineIdemClaimBuffer(
        prefix + input.key,
        input.fingerprint,
        input.token,
        input.leaseMs,
      )
      const kind = text(reply[0])
      if (kind === 'claimed') return { kind: 'claimed' }
      const fingerprint = text(reply[1])
      if (kind === 'running') {
        return { kind: 'running', fingerprint, leaseRemainingMs: Math.max(0, Number(reply[2])) }
      }
      const response: StoredResponse = {
        status: Number(text(reply[2])),
        headers: JSON.parse(text(reply[3]) || '[]') as Array<[string, string]>,
        body: new Uint8Array(bytes(reply[4])),
      }
      return { kind: 'done', fingerprint, response }
    },
    async extend(key, token, leaseMs) {
      return (await client.faultlineIdemExtend(prefix + key, token, leaseMs)) === 1
    },
    async complete(input) {
      const { response } = input
      const stored = await client.faultlineIdemComplete(
        prefix + input.key,
        input.token,
        input.fingerprint,
        input.retentionMs,
        response.status,
        JSON.stringify(response.headers),
        Buffer.from(response.body.buffer, response.body.byteOffset, response.body.byteLength),
      )
      return stored === 1
    },
    async release(key, token) {
      return (await client.faultlineIdemRelease(prefix + key, token)) === 1
    },
  }
}

function defineIdempotencyCommands(client: Redis): Redis & IdempotencyCommands {
  const commands = client as Redis & Partial<IdempotencyCommands>
  // Defining twice on one client is harmless but wasteful when several stores share it.
  if (typeof commands.faultlineIdemClaimBuffer !== 'function') {
    client.defineCommand('faultlineIdemClaim', { numberOfKeys: 1, lua: CLAIM_SCRIPT })
    client.defineCommand('faultlineIdemExtend', { numberOfKeys: 1, lua: EXTEND_SCRIPT })
    client.defineCommand('faultlineIdemComplete', { numberOfKeys: 1, lua: COMPLETE_SCRIPT })
    client.defineCommand('faultlineIdemRelease', { numberOfKeys: 1, lua: RELEASE_SCRIPT })
  }
  return client as Redis & IdempotencyCommands
}

function bytes(value: Buffer | number | null | undefined): Buffer {
  if (Buffer.isBuffer(value)) return value
  return Buffer.from(value === null || value === undefined ? '' : String(value))
}

function text(value: Buffer | number | null | undefined): string {
  return bytes(value).toString('utf8')
}
