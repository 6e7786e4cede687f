import { fingerprintRequest } from '../fingerprint.js'

/** What a contender process is asked to do, and the one request every contender sends. */

export interface ContenderTask {
  readonly mode: 'race' | 'hold'
  readonly store: 'redis' | 'sqlite'
  /** Redis URL or SQLite file path. */
  readonly location: string
  readonly key: string
  readonly lockTtlMs: number
  readonly requests?: number
  readonly workMs?: number
}

export interface RaceSummary {
  readonly pid: number
  readonly executed: number
  readonly replayed: number
  /** Conflict answers seen while another request held the lease. */
  readonly conflicts: number
  readonly bodies: string[]
}

export const contenderRequest = (key: string) => ({
  key,
  tenant: 'acct_cross',
  method: 'POST',
  path: '/transfers',
  fingerprint: fingerprintRequest({ method: 'POST', path: '/transfers', body: { amount: 500 } }),
})
