/** The servers the error-path benchmark starts: one framework, one way of answering the failing route. */

export const FRAMEWORKS = ['express', 'fastify', 'hono'] as const
export type Framework = (typeof FRAMEWORKS)[number]

/**
 * `handwritten`: the limit, the envelope written in the route. `handwritten-same`: the same bytes as
 * Faultline sends (a request id in body and header, `Cache-Control: no-store`), written in the route. `handwritten-throw`: the route throws and
 * a hand-written error handler writes the same envelope (what the framework's error path itself costs).
 * `default`: the framework's own handling of
 * a thrown 404. `peer`: the usual library for HTTP errors on that framework. `faultline`: the adapter
 * installed with one call, logging off (no other variant logs). `faultline+log`: the same with the
 * default error hook, one JSON line per error on stderr (a file here). `faultline-send`: the adapter
 * installed, the route answering with `sendError` instead of throwing (the framework's error path skipped).
 */
export const VARIANTS = [
  'handwritten',
  'handwritten-same',
  'handwritten-throw',
  'default',
  'peer',
  'faultline',
  'faultline-send',
  'faultline+log',
] as const
export type Variant = (typeof VARIANTS)[number]

export function isFramework(value: unknown): value is Framework {
  return (FRAMEWORKS as readonly unknown[]).includes(value)
}

export function isVariant(value: unknown): value is Variant {
  return (VARIANTS as readonly unknown[]).includes(value)
}

/** The failing route every variant serves, and the success route. */
export const ERROR_PATH = '/agents/agt_7Hq2'
export const SUCCESS_PATH = '/ok'
