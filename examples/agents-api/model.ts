import { errors } from './errors.js'

export interface Generation {
  readonly text: string
  readonly tokens: number
}

export interface ModelRequest {
  readonly model: string
  readonly prompt: string
  readonly maxTokens: number
}

/** A network failure (refused, reset, DNS) means the provider is unreachable: 503, worth retrying. */
function unreachable(cause: unknown): never {
  throw errors.UPSTREAM_UNAVAILABLE({ cause })
}

async function call(
  baseUrl: string,
  path: string,
  request: ModelRequest,
  signal: AbortSignal,
): Promise<Response> {
  const response = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(request),
    signal,
  }).catch((cause: unknown) => {
    // Our own deadline or the client leaving aborted the call: let that reason speak.
    if (signal.aborted) throw signal.reason
    return unreachable(cause)
  })
  if (!response.ok) {
    await response.body?.cancel()
    // The provider answered with an error of its own: a 502 with the provider's status kept for the log.
    throw errors.MODEL_ERROR({ cause: new Error(`model provider answered ${response.status}`) })
  }
  return response
}

export async function generate(
  baseUrl: string,
  request: ModelRequest,
  signal: AbortSignal,
): Promise<Generation> {
  const response = await call(baseUrl, '/v1/generate', request, signal)
  const body = (await response.json()) as { output: { text: string }; tokens: number }
  // A provider answering in a shape this code does not know is a defect here: it surfaces as a redacted 500.
  return { text: body.output.text, tokens: body.tokens }
}

export async function* stream(
  baseUrl: string,
  request: ModelRequest,
  signal: AbortSignal,
): AsyncGenerator<string> {
  const response = await call(baseUrl, '/v1/stream', request, signal)
  const decoder = new TextDecoder()
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    yield decoder.decode(chunk, { stream: true })
  }
}
