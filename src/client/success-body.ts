import { APIError } from './errors/api-error.js'
import { toHeaderRecord } from './header-record.js'

/** Statuses whose responses carry no content by definition. */
const NO_CONTENT = new Set([204, 205, 304])

/**
 * The body of a 2xx: parsed JSON, text when the server says it is not JSON, undefined when empty.
 * A body that claims JSON and is not becomes an APIError (not retried: the server did answer).
 */
export async function readSuccessBody(response: Response, method: string): Promise<unknown> {
  if (NO_CONTENT.has(response.status) || method === 'HEAD') {
    await response.body?.cancel().catch(() => {})
    return undefined
  }
  const text = await response.text()
  if (text === '') return undefined
  const contentType = response.headers.get('content-type')
  if (contentType !== null && !contentType.includes('json')) return text
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    throw new APIError({
      status: response.status,
      code: undefined,
      message: 'The response body is not valid JSON',
      headers: toHeaderRecord(response.headers),
      retryable: false,
      body: text,
      cause,
    })
  }
}
