import type { FaultlineError } from '../error.js'
import { normalize } from '../normalize.js'
import type { ResolvedOptions } from './options.js'
import { type RequestFacts, reportError } from './respond.js'

/** The parts of a node `ServerResponse` (or anything like it) that say whether an error can still be sent. */
export interface OutgoingState {
  readonly headersSent: boolean
  readonly destroyed?: boolean | undefined
  readonly writableEnded?: boolean | undefined
}

/**
 * `open`: nothing sent, an error response may be written. `started`: headers or body already left, so
 * a second response would corrupt the stream. `gone`: the client closed the connection.
 */
export type ResponseState = 'open' | 'started' | 'gone'

export function responseState(outgoing: OutgoingState): ResponseState {
  if (outgoing.destroyed === true) return 'gone'
  if (outgoing.headersSent || outgoing.writableEnded === true) return 'started'
  return 'open'
}

/**
 * An error that can no longer be answered: normalize and report it once. The caller ends the
 * connection (destroy, never a second write) so the client sees a truncated response, not a false success.
 */
export function reportUnanswerable(
  thrown: unknown,
  facts: RequestFacts,
  options: ResolvedOptions,
  state: Exclude<ResponseState, 'open'>,
): FaultlineError {
  const error = normalize(thrown, options.catalog)
  reportError(error, thrown, facts, options, state === 'started')
  return error
}

/** What a streamed body's consumer sees when the producer failed: no internal message travels with it. */
export class ResponseAbortedError extends Error {
  override readonly name = 'ResponseAbortedError'
  constructor() {
    super('the response was aborted after it started')
  }
}

/** Bodies worth watching: a stream with no content type, or one of the streaming types. */
const STREAMING_TYPES = [
  'text/event-stream',
  'application/x-ndjson',
  'application/jsonl',
  'application/octet-stream',
]

export function isStreamingContentType(contentType: string | null | undefined): boolean {
  if (contentType === null || contentType === undefined) return true
  for (const type of STREAMING_TYPES) if (contentType.startsWith(type)) return true
  return false
}

/**
 * Passes a response body through; if the producer fails midway, `onFailure` runs once and the body errors
 * with `ResponseAbortedError`, which a server turns into an aborted connection.
 */
export function guardStream(
  body: ReadableStream<Uint8Array>,
  onFailure: (thrown: unknown) => void,
): ReadableStream<Uint8Array> {
  const reader = body.getReader()
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>
      try {
        chunk = await reader.read()
      } catch (thrown) {
        onFailure(thrown)
        controller.error(new ResponseAbortedError())
        return
      }
      if (chunk.done) controller.close()
      else controller.enqueue(chunk.value)
    },
    cancel(reason) {
      return reader.cancel(reason)
    },
  })
}
