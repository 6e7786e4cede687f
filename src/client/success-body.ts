import { APIError } from './errors/api-error.js'
import { toHeaderRecord } from './header-record.js'

/** Statuses whose responses carry no content by definition. */
const NO_CONTENT = new Set([204, 205, 304])

/**
 * The body of a 2xx: parsed JSON, the text when it is not JSON and the server did not claim it was,
 * undefined when empty. A body that claims JSON and is not becomes an APIError (not retried: the server
 * did answer). The content type is read only when parsing fails, which keeps the common case cheap.
 */
export function readSuccessBody(response: Response, method: string): Promise<unknown> {
  if (NO_CONTENT.has(response.status) || method === 'HEAD') {
    return (response.body?.cancel() ?? Promise.resolve()).then(NOTHING, NOTHING)
  }
  return response.text().then((text) => decodeSuccessText(response, text))
}

const NOTHING = () => undefined

function decodeSuccessText(response: Response, text: string): unknown {
  if (text === '') return undefined
  try {
    return JSON.parse(text) as unknown
  } catch (cause) {
    const contentType = response.headers.get('content-type')
    if (contentType === null || !contentType.includes('json')) return text
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
