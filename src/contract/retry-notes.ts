import type { RetryGuidance } from '../catalog/retry.js'

/** What a client should do about a code, in words, from its retry guidance (the same data the client obeys). */
export function retryNote(retry: RetryGuidance, status: number): string {
  const bound = attemptsText(retry.attempts)
  switch (retry.strategy) {
    case 'backoff':
      return `Retry with exponential backoff${bound}`
    case 'retry-after':
      return `Wait the Retry-After delay, then retry${bound}`
    default:
      if (status === 499) return 'No action needed: the client closed the request'
      return status >= 500 ? 'Do not retry' : 'Fix the request'
  }
}

function attemptsText(attempts: number | undefined): string {
  if (attempts === undefined) return ''
  if (attempts === 1) return ' (once)'
  return ` (at most ${attempts} times)`
}
