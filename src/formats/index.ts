import { flat } from './flat.js'
import type { ErrorFormat } from './format.js'
import { list } from './list.js'
import { nested, nestedPublic } from './nested.js'
import { plain } from './plain.js'
import { problem } from './problem.js'
import { status } from './status.js'

export type {
  ErrorFormat,
  HeadersInput,
  ParsedError,
  RenderContext,
  RenderedError,
  WireResponse,
} from './format.js'
export { type NestedOptions, nestedFormat } from './nested.js'
export { PROBLEM_CONTENT_TYPE, type ProblemOptions, problemFormat } from './problem.js'

/** The built-in envelope codecs, by name. */
export const formats = { problem, flat, plain, status, list, nested, nestedPublic } as const

export type FormatName = keyof typeof formats

/** Order matters: the more specific shapes are tried before the looser ones that would also match. */
const DETECTION_ORDER: readonly ErrorFormat[] = [list, status, flat, nested, plain, problem]

/** Which built-in shape a parsed JSON body has, or undefined. */
export function detectFormat(body: unknown): ErrorFormat | undefined {
  for (const format of DETECTION_ORDER) if (format.matches(body)) return format
  return undefined
}

export function resolveFormat(format: FormatName | ErrorFormat): ErrorFormat {
  if (typeof format !== 'string') return format
  const found = formats[format]
  if (!found) throw new TypeError(`unknown format: ${String(format)}`)
  return found
}
