/** How many chunks a body may arrive in before reading stops (bounds a stream of empty chunks). */
const MAX_CHUNKS = 100_000

/**
 * Reads at most `maxBytes` of a fetch Response's body as UTF-8 text, then stops. Never rejects: a body
 * cut short (socket reset, abort) yields what arrived, since the status alone still names the error.
 */
export async function readBodyText(response: Response, maxBytes: number): Promise<string> {
  try {
    if (response.bodyUsed) return ''
    const stream = response.body
    if (stream === null || typeof stream?.getReader !== 'function') {
      return typeof response.text === 'function' ? (await response.text()).slice(0, maxBytes) : ''
    }
    return await readCapped(stream.getReader(), maxBytes)
  } catch {
    return ''
  }
}

async function readCapped(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  maxBytes: number,
): Promise<string> {
  const chunks: Uint8Array[] = []
  let total = 0
  let finished = false
  try {
    for (let i = 0; i < MAX_CHUNKS && total < maxBytes; i++) {
      const { done, value } = await reader.read()
      if (done) {
        finished = true
        break
      }
      if (value instanceof Uint8Array) {
        chunks.push(value)
        total += value.byteLength
      }
    }
  } catch {
    finished = true
  }
  // The rest of an oversized body is not wanted: release the connection instead of draining it.
  if (!finished) reader.cancel().catch(() => {})
  const decoder = new TextDecoder('utf-8', { fatal: false })
  let text = ''
  let left = maxBytes
  for (const chunk of chunks) {
    if (left <= 0) break
    const part = chunk.byteLength > left ? chunk.subarray(0, left) : chunk
    text += decoder.decode(part, { stream: true })
    left -= part.byteLength
  }
  return text + decoder.decode()
}
