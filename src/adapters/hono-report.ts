import type { Context } from 'hono'
import type { FaultlineError } from '../error.js'
import { factsOfWebRequest } from '../http/respond.js'
import { reportUnanswerable } from '../http/started.js'
import { stateOf } from './hono-state.js'

/**
 * Reports an error that can no longer become a response (a stream that already started, a client
 * that left): normalized, logged once through the installed `onError`, marked on the span.
 * Returns the catalog error. Without Faultline installed on the app it only normalizes.
 */
export function reportStreamError(c: Context, thrown: unknown): FaultlineError | undefined {
  const state = stateOf(c)
  if (state === undefined) return undefined
  return reportUnanswerable(thrown, factsOfWebRequest(c.req.raw, state), state.options, 'started')
}
