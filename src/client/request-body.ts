/** A request body encoded once, before the first attempt, so every retry sends the same bytes. */
export interface EncodedBody {
  readonly body: BodyInit | undefined
  /** The content type the encoding implies, unless the caller set one. */
  readonly contentType: string | undefined
  /** False for a stream: it is consumed by the first attempt and cannot be sent again. */
  readonly replayable: boolean
}

const NO_BODY: EncodedBody = Object.freeze({ body: undefined, contentType: undefined, replayable: true })

/**
 * Strings, bytes, Blob, FormData and URLSearchParams go as they are (fetch re-reads each on every attempt);
 * anything else is JSON, serialized exactly once.
 */
export function encodeBody(body: unknown): EncodedBody {
  if (body === undefined) return NO_BODY
  if (typeof body === 'string' || body instanceof ArrayBuffer || ArrayBuffer.isView(body)) {
    return { body: body as BodyInit, contentType: undefined, replayable: true }
  }
  if (body instanceof URLSearchParams) {
    return {
      body: body.toString(),
      contentType: 'application/x-www-form-urlencoded;charset=UTF-8',
      replayable: true,
    }
  }
  if (body instanceof Blob || body instanceof FormData) {
    return { body, contentType: undefined, replayable: true }
  }
  if (body instanceof ReadableStream) return { body, contentType: undefined, replayable: false }
  return { body: JSON.stringify(body), contentType: 'application/json', replayable: true }
}
